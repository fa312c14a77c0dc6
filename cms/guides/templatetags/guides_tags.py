"""Template tags for links to the guide index's audience and topic listings.

`{% load guides_tags %}`: any page that shows an audience or a topic (a course, an
event, the home page's entry points) links to the listing the guide index routes.
They live with the guides rather than in `cms.core`'s `rete_tags`, which imports no
content app.
"""

from django import template
from django.http import HttpRequest

from cms.core.site_settings import in_current_site
from cms.core.templatetags.rete_tags import bake_cached
from cms.guides.models import GuideIndexPage

register = template.Library()


def _guide_index(index, request: HttpRequest | None = None) -> GuideIndexPage | None:
    """The given guide index, or the first live one (for blocks rendered outside it)."""
    if index:  # an unset template variable arrives as ""
        return getattr(index, "specific", index)
    return bake_cached(request, ("guide_index",),
                        lambda: in_current_site(GuideIndexPage.objects.live()).first())


@register.simple_tag(takes_context=True)
def audience_url(context, tag, index=None) -> str:
    """The listing page of an audience under the guide index ("" when there is no index)."""
    index = _guide_index(index, context.get("request"))
    return index.audience_url(tag) if index is not None and tag else ""


@register.simple_tag(takes_context=True)
def topic_url(context, tag, index=None) -> str:
    """The listing page of a topic under the guide index ("" when there is no index)."""
    index = _guide_index(index, context.get("request"))
    return index.topic_url(tag) if index is not None and tag else ""
