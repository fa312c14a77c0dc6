"""Chooser blocks whose chosen objects are read once per bake.

A StreamField reads the objects its chooser blocks point at with one query per
field per page: on a 5,000-page site, the same few sportelli, documents and images
thousands of times. While `chosen_objects_remembered()` is active (the renderer
holds it around each share of pages, when nothing changes) each object is read
once; every block still gets its own copy, as Wagtail gives it. Outside it the
blocks are Wagtail's own, and migrations see them as Wagtail's (`DECONSTRUCT_ALIASES`).
"""

from __future__ import annotations

import copy
from contextlib import AbstractContextManager
from contextvars import ContextVar

from django.db.models import Model

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from .scoping import bound

_CHOSEN: ContextVar[dict[tuple[str, object], Model | None] | None] = ContextVar(
    "rete_chosen_objects", default=None)


def chosen_objects_remembered() -> AbstractContextManager:
    """Remember every object chooser blocks read, for the whole block (data must not change)."""
    return bound(_CHOSEN, {})


class RememberedChooserMixin:
    """`bulk_to_python` answering from the bake's memory when it can."""

    def bulk_to_python(self, values):
        remembered = _CHOSEN.get()
        if remembered is None:
            return super().bulk_to_python(values)
        label = self.model_class._meta.label_lower
        missing = [value for value in values if (label, value) not in remembered]
        if missing:
            found = self.model_class.objects.in_bulk([value for value in missing
                                                      if value is not None])
            for value in missing:
                remembered[(label, value)] = found.get(value)
        return [copy.copy(remembered[(label, value)]) for value in values]


class RememberedPageChooserBlock(RememberedChooserMixin, blocks.PageChooserBlock):
    pass


class RememberedDocumentChooserBlock(RememberedChooserMixin, DocumentChooserBlock):
    pass


class RememberedImageChooserBlock(RememberedChooserMixin, ImageChooserBlock):
    pass


DECONSTRUCT_ALIASES = {
    RememberedPageChooserBlock: "wagtail.blocks.PageChooserBlock",
    RememberedDocumentChooserBlock: "wagtail.documents.blocks.DocumentChooserBlock",
    RememberedImageChooserBlock: "wagtail.images.blocks.ImageChooserBlock",
}
