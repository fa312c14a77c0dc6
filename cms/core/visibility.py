"""Which pages the public site shows, with the view restrictions read once per bake.

Wagtail's `PageQuerySet.public()` reads every view restriction each time it is
called, and `Page.get_view_restrictions()` two more queries per page. A listing page
calls `public()` three times (its guides, courses and events), an event page asks
whether its sportello is public: on a 5,000-page site that is thousands of identical
queries per bake. While `view_restrictions_read_once()` is active (the renderer
holds it around each share of pages, when nothing can change) they are read once.

The rule is `public()`'s everywhere: a page is public when no restricted page is
it or one of its ancestors, so a page is linked exactly when the bake writes it.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from contextvars import ContextVar

from django.db.models import Q

from wagtail.models import Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet

from .scoping import bound

_RESTRICTED: ContextVar[list[Page] | None] = ContextVar("rete_restricted_pages", default=None)


def view_restrictions_read_once() -> AbstractContextManager:
    """Read the restricted pages once for the whole block (the data must not change)."""
    return bound(_RESTRICTED, _read_restricted())


def restricted_pages() -> list[Page]:
    """The pages carrying a view restriction (password, login, groups)."""
    remembered = _RESTRICTED.get()
    return remembered if remembered is not None else _read_restricted()


def on_public_site(page: Page | None) -> bool:
    """Whether the bake writes `page`, so that a link to it works: live, and outside
    every restricted section (`live().public()` for one page)."""
    return page is not None and page.live and not any(
        page.path.startswith(restricted.path) for restricted in restricted_pages())


def _read_restricted() -> list[Page]:
    return [restriction.page for restriction in
            PageViewRestriction.objects.select_related("page").order_by("pk")]


class PublicPageQuerySet(PageQuerySet):
    """`PageQuerySet` whose `public()` reads the restrictions through `restricted_pages()`."""

    def private_q(self) -> Q:
        q = Q()
        for page in restricted_pages():
            q |= self.descendant_of_q(page, inclusive=True)
        return q if q else Q(pk__in=[])  # as Wagtail's: no private section matches nothing


class PublicPageManager(PageManager.from_queryset(PublicPageQuerySet)):
    """The manager of every page type of the portal (see `BasePage`)."""
