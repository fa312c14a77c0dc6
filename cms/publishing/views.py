"""Bakery views: what the bake renders, and the guarantee that nothing broken is written.

wagtail-bakery renders each page through Django's full request handler (middleware,
redirects, routable pages), which turns any exception into a 500 response. Left alone
it would happily write that error page to disk as if it were content; the views here
refuse instead, naming the page, so the bake stops and the live site stays as it was.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.signals import got_request_exception
from django.http.response import HttpResponseRedirectBase
from django.utils.translation import gettext as _

from wagtail.models import Page, Site
from wagtailbakery.views import AllPublishedPagesView, WagtailBakeryView

from cms.core.site_settings import current_site

from .exceptions import PageRenderError


@contextmanager
def capture_request_errors() -> Iterator[list[BaseException]]:
    """Collect the exceptions Django's handler turns into 500 responses while the block runs.

    The handler only hands back the error page; the exception is what tells an editor
    or a developer what to fix, so the bake keeps it for its message.
    """
    errors: list[BaseException] = []

    def remember(sender, request=None, **kwargs):
        # Sent inside Django's `except` block, so the exception is still the current one.
        if sys.exc_info()[1] is not None:
            errors.append(sys.exc_info()[1])

    got_request_exception.connect(remember, weak=False)
    try:
        yield errors
    finally:
        got_request_exception.disconnect(remember)


class CheckedRenderMixin:
    """Refuse to write anything but a 200 page or a redirect page.

    Mixed into `WagtailBakeryView` subclasses; `describe(obj)` names what is rendered.
    """

    def describe(self, obj) -> str:
        return f"«{obj.title}» ({self.get_url(obj)})"

    def get_content(self, obj):
        with capture_request_errors() as errors:
            response = self.get(self.request)
        if isinstance(response, HttpResponseRedirectBase):
            return self.get_redirect_content(response, obj)
        if errors or response.status_code != 200:
            cause = f": {errors[0]!r}" if errors else ""
            raise PageRenderError(
                _("La pagina %(page)s non si genera (errore %(status)s%(cause)s). "
                  "Correggi la pagina o il suo modello e rifai il bake.")
                % {"page": self.describe(obj), "status": response.status_code, "cause": cause}
            )
        if hasattr(response, "render"):
            response = response.render()
        return response.content

    def iter_objects(self) -> Iterator:
        """Everything this view bakes, one object per file (used for the progress bar)."""
        for obj in self.get_queryset():
            if self.get_url(obj) is not None:
                yield obj


class PublishedPagesView(CheckedRenderMixin, AllPublishedPagesView):
    """Every live page that is not behind a view restriction, of every page type."""

    def get_queryset(self):
        return super().get_queryset().specific().order_by("path")


@dataclass(frozen=True)
class TagListing:
    """One routed listing page of a guide index: an audience or a topic."""

    index: Page
    title: str
    url: str

    @property
    def path(self) -> str:
        return self.url

    def get_site(self) -> Site:
        return self.index.get_site()


class TagListingsView(CheckedRenderMixin, WagtailBakeryView):
    """The `/guide/per-chi/<slug>/` and `/guide/argomenti/<slug>/` listings in use,
    with their numbered pages (`…/pagina/2/`).

    They are routes of the `GuideIndexPage`, not pages of their own, so
    `AllPublishedPagesView` never sees them; here each one is requested through the
    routable page like any visitor would. Which exist is read from the index's
    listing signatures (the index's own numbered pages are `PaginationView`'s).
    """

    def get_queryset(self) -> list[TagListing]:
        from cms.core.listings import signatures_of
        from cms.core.pagination import numbered_urls
        from cms.guides.models import GuideIndexPage
        from cms.guides.selectors import audiences_in_use, topics_in_use

        site = current_site()
        if site is None:
            return []
        indexes = (GuideIndexPage.objects.live().public()
                   .descendant_of(site.root_page, inclusive=True).order_by("path"))
        listings: list[TagListing] = []
        for index in indexes:
            if index.url is None:
                continue
            names = {index.audience_url(tag): tag.name for tag in audiences_in_use()}
            names |= {index.topic_url(tag): tag.name for tag in topics_in_use()}
            for first_url, name in names.items():
                listings.append(TagListing(index=index, title=name, url=first_url))
            signatures = signatures_of(index)
            for first_url, name in names.items():
                listings += [TagListing(index=index, title=name, url=url)
                             for url in numbered_urls(index_url=first_url, signatures=signatures)]
        return listings

    def get_url(self, obj: TagListing) -> str:
        return obj.url

    def build_queryset(self):
        for obj in self.iter_objects():
            self.build_object(obj)
