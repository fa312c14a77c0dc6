"""Listings split into numbered pages that exist as real files: `/notizie/pagina/2/`.

A static host cannot answer `?page=2`, so every page of a listing must be its own
path, baked like any other page. Page 1 stays the index's own URL (one address per
content, no duplicate `/pagina/1/`); a number past the end is a 404, never an
empty listing a search engine could index. `extra_routes()` tells the bake which
of these paths exist today.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import EmptyPage, Paginator
from django.core.paginator import Page as PaginatorPage
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect

from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Site, get_page_models

PER_PAGE = 12
# The path segment before the number, in the citizen's language: `/eventi/pagina/2/`.
ROUTE_SEGMENT = "pagina"


@dataclass(frozen=True)
class PageLink:
    """One numbered link of the pagination bar."""

    number: int
    url: str
    current: bool


def page_url(*, index_url: str, number: int) -> str:
    """The address of page `number` of the listing whose first page is `index_url`."""
    if number <= 1:
        return index_url
    return f"{index_url.rstrip('/')}/{ROUTE_SEGMENT}/{number}/"


def paginate(*, items: Sequence[Any], number: int, per_page: int = PER_PAGE) -> PaginatorPage:
    """Page `number` of `items`; a 404 when there is no such page.

    An empty listing still has its page 1 (the index shows its "nothing yet" text).
    """
    paginator = Paginator(items, per_page, allow_empty_first_page=True)
    try:
        return paginator.page(number)
    except EmptyPage as error:
        raise Http404(str(error)) from error


def pagination_context(*, index_url: str, page_obj: PaginatorPage) -> dict[str, Any]:
    """What `includes/pagination.html` and the `rel="prev/next"` head links need."""
    number = page_obj.number
    return {
        "page_obj": page_obj,
        "prev_url": page_url(index_url=index_url, number=number - 1)
        if page_obj.has_previous() else None,
        "next_url": page_url(index_url=index_url, number=number + 1)
        if page_obj.has_next() else None,
        "page_links": [PageLink(number=n, url=page_url(index_url=index_url, number=n),
                                current=n == number)
                       for n in page_obj.paginator.page_range],
    }


def split_page(*, page_obj: PaginatorPage, first_group_size: int) -> tuple[list, list]:
    """Split one page of a listing made of two groups (e.g. upcoming, then past events).

    `first_group_size` is the length of the first group in the whole listing, so a
    page that straddles the boundary shows both headings, each with its own items.
    """
    start = page_obj.start_index() - 1 if page_obj.paginator.count else 0
    items = list(page_obj.object_list)
    cut = max(0, min(len(items), first_group_size - start))
    return items[:cut], items[cut:]


class PaginatedIndexMixin(RoutablePageMixin):
    """An index page whose children are listed `PER_PAGE` at a time.

    Subclasses implement `listing_items()` (everything listed, in order) and read
    `page_number` in `get_context`, usually through `listing_context()`.
    """

    per_page = PER_PAGE

    def listing_items(self) -> Sequence[Any]:
        raise NotImplementedError

    def listing_context(self, *, number: int, items: Sequence[Any] | None = None) -> dict[str, Any]:
        """The page of items for `number` plus the links around it (404 if out of range)."""
        page_obj = paginate(items=self.listing_items() if items is None else items,
                            number=number, per_page=self.per_page)
        return pagination_context(index_url=self.url or "/", page_obj=page_obj)

    def page_count(self) -> int:
        """How many pages the listing has today (at least 1)."""
        return Paginator(self.listing_items(), self.per_page).num_pages

    @path("")
    def listing_first_page(self, request: HttpRequest) -> HttpResponse:
        return self.render(request, page_number=1)

    @path(f"{ROUTE_SEGMENT}/<int:number>/", name="listing_page")
    def listing_page(self, request: HttpRequest, number: int) -> HttpResponse:
        if number == 1:
            # Page 1 has one address only: the index itself.
            return HttpResponsePermanentRedirect(self.url)
        if number < 1:
            raise Http404
        return self.render(request, page_number=number)


def paginated_index_pages() -> list:
    """Every live, public paginated index of the default site, in tree order."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return []
    pages = []
    for model in get_page_models():
        if not issubclass(model, PaginatedIndexMixin) or model._meta.abstract:
            continue
        pages += list(model.objects.live().public()
                      .descendant_of(site.root_page, inclusive=True))
    return sorted(pages, key=lambda page: page.path)


def extra_routes() -> list[str]:
    """Every `…/pagina/<n>/` URL that exists today (page 1 is the index, baked anyway)."""
    routes: list[str] = []
    for index in paginated_index_pages():
        if index.url is None:
            continue
        routes += [page_url(index_url=index.url, number=number)
                   for number in range(2, index.page_count() + 1)]
    return routes
