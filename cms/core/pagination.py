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
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect

from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import get_page_models

from cms.core.listings import page_token, page_tokens, signatures_of

from .site_settings import current_site

PER_PAGE = 12
# The path segment before the number, in the citizen's language: `/eventi/pagina/2/`.
ROUTE_SEGMENT = "pagina"


# Numbered links shown around the current page and at each end; the rest is elided
# ("1 … 4 5 6 7 8 … 84"), so a long listing keeps a short bar on a phone.
LINKS_ON_EACH_SIDE = 2
LINKS_ON_ENDS = 1


@dataclass(frozen=True)
class PageLink:
    """One entry of the pagination bar: a numbered link, the current page, or a gap (`…`)."""

    number: int | None
    url: str
    current: bool

    @property
    def is_gap(self) -> bool:
        return self.number is None


class ChainedListing:
    """Several ordered querysets read as one listing, loaded one page at a time.

    The calendar lists upcoming events and then past ones. Building that list in
    memory costs every item of every group on every numbered page; the paginator
    only needs the total and one slice, which this gives with a count per group and
    one sliced query per group touched (each keeping its `prefetch_related`).
    """

    def __init__(self, *groups: QuerySet):
        self.groups = groups
        self._sizes: list[int] | None = None

    @property
    def sizes(self) -> list[int]:
        if self._sizes is None:
            self._sizes = [group.count() for group in self.groups]
        return self._sizes

    def count(self) -> int:
        return sum(self.sizes)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: slice) -> list:
        if not isinstance(key, slice):
            raise TypeError("ChainedListing supports slices only")
        start, stop, _step = key.indices(self.count())
        items: list = []
        offset = 0
        for group, size in zip(self.groups, self.sizes, strict=True):
            low, high = max(start - offset, 0), min(stop - offset, size)
            if low < high:
                items += list(group[low:high])
            offset += size
        return items


def page_url(*, index_url: str, number: int) -> str:
    """The address of page `number` of the listing whose first page is `index_url`."""
    if number <= 1:
        return index_url
    return f"{index_url.rstrip('/')}/{ROUTE_SEGMENT}/{number}/"


def numbered_signatures(*, index_url: str, per_page: int, header: list[str], items: list[str],
                        first: list[str] = ()) -> dict[str, list[str]]:
    """The signature of each numbered page of one listing of `items` tokens.

    Every page carries the `header` and the page count (the pagination bar), page 1
    also what only it shows (`first`), then its own share of the items.
    """
    chunks = [items[start:start + per_page] for start in range(0, len(items), per_page)] or [[]]
    return {page_url(index_url=index_url, number=number):
            [*header, f"pages:{len(chunks)}", *(first if number == 1 else ()), *chunk]
            for number, chunk in enumerate(chunks, start=1)}


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
        "page_links": [
            PageLink(number=None, url="", current=False) if n == Paginator.ELLIPSIS
            else PageLink(number=n, url=page_url(index_url=index_url, number=n),
                          current=n == number)
            for n in page_obj.paginator.get_elided_page_range(
                number, on_each_side=LINKS_ON_EACH_SIDE, on_ends=LINKS_ON_ENDS)],
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


# Bakes of at least this many files read each listing's order once (`RememberedOrder`):
# a publish's second step already re-renders dozens of a listing's numbered pages when
# a new item shifts them (85 for the 1,000th news item), a first step only a few pages.
REMEMBER_ORDER_FROM = 20


class OrderedByIds:
    """A queryset read as a listing a page at a time: the page's ids, then its items.

    Slicing the queryset itself makes the database sort whole rows (StreamField
    bodies included) to skip most of them: on page 109 of a 5,000-guide listing that
    is three times slower than sorting the ids alone and loading twelve items.
    """

    def __init__(self, queryset: QuerySet):
        self.queryset = queryset
        self._count: int | None = None

    def ids(self, key: slice) -> list:
        return list(self.queryset.prefetch_related(None).values_list("pk", flat=True)[key])

    def count(self) -> int:
        if self._count is None:
            self._count = self.queryset.count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: slice) -> list:
        if not isinstance(key, slice):
            raise TypeError("listings are read by slices only")
        wanted = self.ids(key)
        found = {item.pk: item for item in self.queryset.filter(pk__in=wanted)}
        return [found[pk] for pk in wanted if pk in found]


class RememberedOrder(OrderedByIds):
    """`OrderedByIds` whose whole order is read once per bake.

    Numbered page 150 of a listing sorted by title would otherwise make the database
    sort every item again on each of the 150 pages. Here the ids come from one query
    shared by the bake (`rete_tags.bake_cached`).
    """

    def __init__(self, queryset: QuerySet, *, request: HttpRequest, key: tuple):
        from cms.core.templatetags.rete_tags import bake_cached

        super().__init__(queryset)
        self.all_ids = bake_cached(request, ("order", *key), lambda: list(
            queryset.prefetch_related(None).values_list("pk", flat=True)))
        self._count = len(self.all_ids)

    def ids(self, key: slice) -> list:
        return self.all_ids[key]


def remember_order(items: Any, *, request: HttpRequest, key: tuple) -> Any:
    """`items` (a queryset or a `ChainedListing` of them) read a page at a time by ids.

    In a bake of many files each listing's order is read once (`RememberedOrder`);
    a publish renders a page or two of each listing, for which the database's own
    count and a slice of ids are cheaper than reading every id (`OrderedByIds`).
    """
    from cms.core.templatetags.rete_tags import bake_size

    def by_ids(queryset: QuerySet, key: tuple) -> OrderedByIds:
        if bake_size(request) < REMEMBER_ORDER_FROM:
            return OrderedByIds(queryset)
        return RememberedOrder(queryset, request=request, key=key)

    if isinstance(items, ChainedListing):
        return ChainedListing(*(by_ids(group, (*key, number))
                                for number, group in enumerate(items.groups)))
    if isinstance(items, QuerySet):
        return by_ids(items, key)
    return items


class PaginatedIndexMixin(RoutablePageMixin):
    """An index page whose children are listed `PER_PAGE` at a time.

    Subclasses implement `listing_items()` (everything listed, in order) and read
    `page_number` in `get_context`, usually through `listing_context()`.
    """

    per_page = PER_PAGE

    def listing_items(self) -> Sequence[Any]:
        raise NotImplementedError

    def listing_context(self, *, number: int, items: Sequence[Any] | None = None,
                        request: HttpRequest | None = None) -> dict[str, Any]:
        """The page of items for `number` plus the links around it (404 if out of range).

        With the `request`, a bake reads the listing's order once for all its pages.
        """
        items = self.listing_items() if items is None else items
        if request is not None:
            items = remember_order(items, request=request, key=("listing", self.pk))
        page_obj = paginate(items=items, number=number, per_page=self.per_page)
        return pagination_context(index_url=self.url or "/", page_obj=page_obj)

    def listing_signatures(self) -> dict[str, list[str]]:
        """What each numbered page shows, for the incremental bake (`cms.publishing.listings`).

        Read with one `values_list` query per group: the ids, in listing order, cut
        into pages; each page also carries the index itself and the page count
        (the pagination bar), so a change to either re-renders every page.
        """
        items = self.listing_items()
        groups = items.groups if isinstance(items, ChainedListing) else (items,)
        tokens: list[str] = []
        for number, group in enumerate(groups):
            tokens += page_tokens(group=str(number), ids=group.prefetch_related(None)
                                  .values_list("pk", flat=True))
        return numbered_signatures(index_url=self.url, per_page=self.per_page,
                                   header=[page_token(group="index", pk=self.pk)], items=tokens)

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
    """Every live, public paginated index of the site worked for, in tree order."""
    site = current_site()
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
    """Every `…/pagina/<n>/` URL that exists today (page 1 is the index, baked anyway).

    Read from the index's listing signatures, which a bake computes once and shares.
    """
    routes: list[str] = []
    for index in paginated_index_pages():
        if index.url is not None:
            routes += numbered_urls(index_url=index.url, signatures=signatures_of(index))
    return routes


def numbered_urls(*, index_url: str, signatures: dict[str, list[str]]) -> list[str]:
    """Pages 2, 3… of the listing at `index_url` that `signatures` (a listing's) has."""
    urls = []
    while (url := page_url(index_url=index_url, number=len(urls) + 2)) in signatures:
        urls.append(url)
    return urls
