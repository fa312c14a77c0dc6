"""Who uses what an editor is about to unpublish or delete, listed on the confirmation.

Wagtail's delete and unpublish views only count the references ("referenced 3 times",
a link away); the editor withdrawing the privacy page should see at once that the
footer settings and two guides point at it. Read from Wagtail's reference index.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import template

from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.models import Page, ReferenceIndex

register = template.Library()

MAX_LISTED = 20


@dataclass(frozen=True)
class Referrer:
    """One object that refers to the one being withdrawn."""

    title: str
    edit_url: str
    live: bool


@register.simple_tag(takes_context=True)
def referring_objects(context) -> list[Referrer]:
    """What refers to the view's object (`page` in page views, `object` in the others),
    live pages first, with admin edit links."""
    obj = context.get("page") or context.get("object")
    if obj is None or getattr(obj, "pk", None) is None:
        return []
    finder = AdminURLFinder(getattr(context.get("request"), "user", None))
    found = []
    for source, _references in ReferenceIndex.get_grouped_references_to(obj):
        if source is None or source == obj:
            continue
        live = isinstance(source, Page) and source.live
        title = source.get_admin_display_title() if isinstance(source, Page) else str(source)
        found.append(Referrer(title=title, edit_url=finder.get_edit_url(source) or "", live=live))
    found.sort(key=lambda referrer: (not referrer.live, referrer.title.lower()))
    return found[:MAX_LISTED]
