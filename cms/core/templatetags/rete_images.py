"""Wagtail's `{% image %}`, `{% srcset_image %}` and `{% picture %}`, with each tag's
filters built once instead of at every render.

Wagtail's nodes build new `Filter` objects each time they render, and a new `Filter`
parses its spec into operations again (each operation checking its arguments with
`inspect.getcallargs`): a news listing page of twelve cards in three formats and two
sizes parses about eighty of them. A tag's specs are fixed when its template is compiled,
so its filters can be too: the cached template loader keeps the node, the node keeps
its filters, and each filter keeps its operations. The output is Wagtail's, unchanged.
"""

from __future__ import annotations

from functools import cached_property

from django import template

from wagtail.images.models import Filter
from wagtail.images.templatetags import wagtailimages_tags as wagtail

register = template.Library()


class ImageNode(wagtail.ImageNode):
    @cached_property
    def _filter(self) -> Filter:
        return super().get_filter()

    def get_filter(self) -> Filter:
        return self._filter


class _FiltersOnce:
    """For the nodes rendering one image in several sizes or formats."""

    @cached_property
    def _filters(self) -> tuple[Filter, ...]:
        return tuple(super().get_filters())

    def get_filters(self) -> list[Filter]:
        return list(self._filters)


class SrcsetImageNode(_FiltersOnce, wagtail.SrcsetImageNode):
    pass


class PictureNode(_FiltersOnce, wagtail.PictureNode):
    pass


NODES: dict[type[wagtail.ImageNode], type[wagtail.ImageNode]] = {
    wagtail.ImageNode: ImageNode,
    wagtail.SrcsetImageNode: SrcsetImageNode,
    wagtail.PictureNode: PictureNode,
}


def image(parser, token) -> wagtail.ImageNode:
    """Parsed by Wagtail (same syntax, same errors), rendered by the node above."""
    parsed = wagtail.image(parser, token)
    return NODES[type(parsed)](parsed.image_expr, parsed.filter_specs,
                               output_var_name=parsed.output_var_name, attrs=parsed.attrs)


for name in ("image", "srcset_image", "picture"):
    register.tag(name, image)
