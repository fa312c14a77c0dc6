"""Bakery view for the numbered pages of the listings (`/notizie/pagina/2/`…).

They are routes of the paginated index pages, not pages of their own, so
`AllPublishedPagesView` never sees them; `cms.core.pagination.extra_routes()` says
which exist and each is requested through the routable page like any visitor would.
"""

from __future__ import annotations

from dataclasses import dataclass

from wagtail.models import Site
from wagtailbakery.views import WagtailBakeryView

from cms.core.site_settings import current_site

from .views import CheckedRenderMixin


@dataclass(frozen=True)
class ListingPage:
    """One numbered page of a listing, as the bakery view wants it."""

    url: str
    site: Site

    @property
    def title(self) -> str:
        return self.url

    @property
    def path(self) -> str:
        return self.url

    def get_site(self) -> Site:
        return self.site


class PaginationView(CheckedRenderMixin, WagtailBakeryView):
    """Every `…/pagina/<n>/` page that exists today (page 1 is the index page itself)."""

    def get_queryset(self) -> list[ListingPage]:
        from cms.core.pagination import extra_routes

        site = current_site()
        if site is None:
            return []
        return [ListingPage(url=url, site=site) for url in extra_routes()]

    def get_url(self, obj: ListingPage) -> str:
        return obj.url

    def build_queryset(self):
        for obj in self.iter_objects():
            self.build_object(obj)
