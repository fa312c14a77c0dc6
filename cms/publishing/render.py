"""The fast full render: every public page and tag listing, without a request handler.

wagtail-bakery sends one fake request per page through Django's whole handler:
middleware, then `Page.route_for_request` walking the tree from the site root.
For a static bake that work always ends at a page we already know, so here the
pages are loaded in bulk (one query per page type, with what their templates
use), each page is served directly with a cheap request that already carries the
site, the site root paths, the site settings and the menu, and the pages are
split across forked worker processes, one per core.

What is written must be byte for byte what wagtail-bakery writes (see
`tests/publishing/test_render.py`): the request looks the same to the templates
(same host and path, anonymous user, the language `LocaleMiddleware` would pick),
and a page that raises or answers anything but 200 stops the bake with its name,
as `CheckedRenderMixin` does.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseRedirectBase
from django.shortcuts import render as render_template
from django.test.client import RequestFactory
from django.urls import get_callable
from django.utils import translation
from django.utils.translation import gettext as _

from wagtail import hooks
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.models import Page, Site
from wagtail.views import serve_chain
from wagtail.wagtail_hooks import check_view_restrictions

from cms.core.choosers import chosen_objects_remembered
from cms.core.identity import network_names_remembered
from cms.core.media_privacy import private_collections_read_once
from cms.core.page_entries import PageEntry, model_for, page_entries
from cms.core.richtext import page_links_remembered
from cms.core.site_settings import current_site
from cms.core.templatetags.rete_tags import BAKE_SIZE_KEY, share_bake_cache
from cms.core.visibility import view_restrictions_read_once

from .cores import forked_pool, usable_cores, workers_see_the_data
from .exceptions import PageRenderError

# What each page type's template reads, loaded with the page instead of once per page:
# (select_related, prefetch_related, inline children). Inline children (modelcluster
# child relations) are attached as the page's in-memory children, so that even a
# chained `.select_related()` on them, as in `GuidePage.related`, needs no query.
# A type missing here still renders correctly, only with more queries.
PAGE_LOADING: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "guides.guidepage": ((), ("audiences", "topics"), ("related_pages",)),
    "courses.coursepage": (("provider",), ("audiences",), ()),
    "events.eventpage": (("sportello",), ("audiences",), ()),
    "news.newspage": (("image",), (), ()),
}
# The `BAKERY_VIEWS` whose pages this module renders; any other listed view still runs itself.
PAGES_VIEW = "cms.publishing.views.PublishedPagesView"
FAST_RENDERED_VIEWS = frozenset({PAGES_VIEW, "cms.publishing.views.TagListingsView",
                                 "cms.publishing.pagination_views.PaginationView"})
CHUNK_SIZE = 25  # pages per task handed to a worker: small enough to balance the heavy listings
# Fewer pages than this per worker are rendered in this process: forking costs more.
FORK_FROM = 12


@dataclass(frozen=True)
class RenderTarget:
    """One file of the build: a page, or a routed listing (`subpath`) of a routable page.

    It names its page by id: each worker loads the pages of its own share, so no
    process holds the whole site in memory at once.
    """

    page_id: int
    url: str
    title: str
    subpath: str | None = None
    parent_id: int | None = None

    def describe(self) -> str:
        return f"«{self.title}» ({self.url})"


@dataclass(frozen=True)
class RenderReport:
    """How many files were written and how many SQL queries rendering them took."""

    pages: int
    queries: int
    workers: int


@dataclass(frozen=True)
class SiteRequests:
    """What every request of one site's bake carries ready, instead of each looking it up
    or the middleware setting it: the site (Wagtail's host lookup is a query), the site
    root paths, the site settings, the anonymous visitor and the site's language."""

    site: Site
    root_paths: list
    site_settings: list[BaseSiteSetting]
    language: str  # what `LocaleMiddleware` picks for a visitor asking nothing in particular

    @classmethod
    def read(cls, site: Site) -> SiteRequests:
        home = RequestFactory(SERVER_NAME=site.hostname).get(site.root_page.url or "/")
        return cls(site=site, root_paths=Site.get_site_root_paths(),
                   site_settings=_existing_site_settings(site=site),
                   language=translation.get_language_from_request(home))

    def prime(self, request) -> None:
        """Hand `request` the site, its root paths and settings where Wagtail caches them,
        an anonymous visitor and the language."""
        request.site = self.site
        request._wagtail_site = self.site
        request._wagtail_cached_site_root_paths = self.root_paths
        for site_setting in self.site_settings:
            setattr(request, site_setting.get_cache_attr_name(), site_setting)
        request.user = AnonymousUser()
        request.LANGUAGE_CODE = self.language


@dataclass
class _Bake:
    """What every request of one bake shares; inherited by the forked workers."""

    targets: list[RenderTarget]
    build_dir: Path
    requests: SiteRequests
    shared: dict

    @property
    def site(self) -> Site:
        return self.requests.site


_BAKE: _Bake | None = None


def render_targets(*, site: Site, only: set[str] | frozenset[str] | None = None,
                   entries: list[PageEntry] | None = None,
                   routed: list[tuple[str, str]] | None = None) -> list[RenderTarget]:
    """Every file the `FAST_RENDERED_VIEWS` listed in `BAKERY_VIEWS` would write, in their order.

    That is every live public page of `site` (tree order), then the routed listings
    (audiences, topics, numbered pages) of its routable pages, each served by the
    page already loaded for it. With `only` (URLs), just those targets: the
    incremental bake loads a handful of pages instead of the whole site. `entries`
    and `routed` (see `page_entries`, `routed_listings`) when the caller has them.
    """
    entries = page_entries(site=site) if entries is None else entries
    routed = routed_listings() if routed is None else routed
    by_url = {entry.url: entry for entry in entries}
    by_path = {entry.path: entry.pk for entry in entries}
    targets = [_target(entry=entry, parent_id=by_path.get(entry.path[:-Page.steplen]))
               for entry in entries if only is None or entry.url in only]
    for url, title in routed:
        if only is None or url in only:
            owner = by_url.get(_owner_url(url, by_url))
            targets.append(_routed_target(url=url, title=title, owner=owner,
                                          parent_id=owner and by_path.get(
                                              owner.path[:-Page.steplen])))
    return targets


def routed_listings() -> list[tuple[str, str]]:
    """(URL, title) of every routed listing the fast-rendered views list, in their order."""
    routed: list[tuple[str, str]] = []
    for dotted in settings.BAKERY_VIEWS:
        if dotted in FAST_RENDERED_VIEWS and dotted != PAGES_VIEW:
            view = get_callable(dotted)()
            routed += [(view.get_url(obj), str(obj.title)) for obj in view.iter_objects()]
    return routed


def load_pages(*, ids: list[int], root_paths: list) -> dict[int, Page]:
    """The specific pages `ids`, with what their templates read (see `PAGE_LOADING`)."""
    by_type: dict[int, list[int]] = defaultdict(list)
    for pk, content_type_id in Page.objects.filter(pk__in=ids).values_list("pk", "content_type_id"):
        by_type[content_type_id].append(pk)
    pages: dict[int, Page] = {}
    for content_type_id, type_ids in by_type.items():
        pages.update(_load_pages(model=model_for(content_type_id), ids=type_ids))
    by_path = {page.path: page for page in pages.values()}
    for content_type_id, type_ids in by_type.items():
        model = model_for(content_type_id)
        for relation in PAGE_LOADING.get(model._meta.label_lower, ((), (), ()))[2]:
            _attach_children(pages=[pages[pk] for pk in type_ids if pk in pages],
                             relation=relation, loaded=pages)
    for page in pages.values():
        page._wagtail_cached_site_root_paths = root_paths
        # `page.content_type` (the body class in base.html) from Django's content type cache.
        page._state.fields_cache["content_type"] = ContentType.objects.get_for_id(
            page.content_type_id)
        parent = by_path.get(page.path[:-Page.steplen])
        if parent is not None:
            # treebeard's own cache: `page.get_parent` in a template costs no query.
            page._cached_parent_obj = parent
    return pages


def _owner_url(url: str, by_url: dict) -> str:
    """The deepest page URL that `url` (a routed listing) starts with."""
    prefix = url
    while prefix and prefix not in by_url:
        prefix = prefix[:prefix.rstrip("/").rfind("/") + 1] if prefix != "/" else ""
    return prefix


def _target(*, entry: PageEntry, parent_id: int | None) -> RenderTarget:
    """A page served as Wagtail's router would: a routable page through its "" route."""
    subpath = "/" if issubclass(entry.model, RoutablePageMixin) else None
    return RenderTarget(page_id=entry.pk, url=entry.url, title=entry.title, subpath=subpath,
                        parent_id=parent_id)


def _routed_target(*, url: str, title: str, owner: PageEntry | None,
                   parent_id: int | None) -> RenderTarget:
    """A routed URL, served by the deepest page whose URL it starts with."""
    if owner is None or not issubclass(owner.model, RoutablePageMixin):
        raise PageRenderError(_("L'indirizzo %(url)s non appartiene a nessuna pagina pubblicata "
                                "che possa generarlo: controlla la pagina che lo elenca.")
                              % {"url": url})
    return RenderTarget(page_id=owner.pk, url=url, title=title,
                        subpath="/" + url[len(owner.url):], parent_id=parent_id)


def baked_site() -> Site | None:
    """The site being baked (`site_settings.use_site`), else the default site."""
    return current_site()


def render_site(*, build_dir: Path, targets: list[RenderTarget] | None = None,
                workers: int | None = None,
                on_progress: Callable[[int], None] | None = None) -> RenderReport:
    """Render `targets` (by default all of the baked site's) into `build_dir`, in parallel.

    `workers=None` uses one process per core, each given `CHUNK_SIZE` targets at a
    time. Inside a transaction or on an in-memory database (the tests) the pages are
    rendered in this process, since forked workers could not see the data. Raises
    `PageRenderError` naming the first page that fails.
    """
    global _BAKE
    site = baked_site()
    if site is None:
        return RenderReport(pages=0, queries=0, workers=0)
    with count_queries() as counted:
        if targets is None:
            targets = render_targets(site=site)
        requests = SiteRequests.read(site)
    _BAKE = _Bake(targets=targets, build_dir=Path(build_dir), requests=requests,
                  shared={BAKE_SIZE_KEY: len(targets)})
    workers = workers or usable_cores()
    workers = min(workers, max(1, len(targets) // FORK_FROM))
    if not workers_see_the_data():
        workers = 1
    # A publish's few dozen pages still spread over every worker, a few chunks each.
    size = max(1, min(CHUNK_SIZE, -(-len(targets) // (workers * 4))))
    chunks = [range(start, min(start + size, len(targets)))
              for start in range(0, len(targets), size)]
    pages, queries = 0, counted[0]
    try:
        if workers == 1:
            results: Iterator = map(_render_chunk, chunks)
            for chunk_pages, chunk_queries, error in results:
                pages, queries = _collect(pages, queries, chunk_pages, chunk_queries, error,
                                          on_progress)
        else:
            # Two workers may make the same rendition at once: it keeps one name
            # (cms/core/rendition_storage.py).
            connections.close_all()  # each worker opens its own connection
            with forked_pool(workers) as pool:
                for chunk_pages, chunk_queries, error in pool.imap_unordered(_render_chunk, chunks):
                    pages, queries = _collect(pages, queries, chunk_pages, chunk_queries, error,
                                              on_progress)
                pool.close()
                pool.join()
    finally:
        _BAKE = None
    return RenderReport(pages=pages, queries=queries, workers=workers)


@contextmanager
def bake_caches() -> Iterator[None]:
    """Read once for the whole block what every page or file of a bake asks again: the
    restricted sections, the private collections, the pages rich text links to, the
    objects chooser blocks name and the network's name (the data must not change
    meanwhile)."""
    with view_restrictions_read_once(), private_collections_read_once(), \
            page_links_remembered(), chosen_objects_remembered(), network_names_remembered():
        yield


@contextmanager
def count_queries() -> Iterator[list[int]]:
    """Count the SQL queries run on the default connection while the block runs."""
    counter = [0]

    def count(execute, sql, params, many, context):
        counter[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        yield counter


def _collect(pages, queries, chunk_pages, chunk_queries, error, on_progress):
    if error is not None:
        message, url, page_id = error
        raise PageRenderError(message, page=Page.objects.filter(pk=page_id).specific().first(),
                              url=url)
    if on_progress is not None:
        on_progress(chunk_pages)
    return pages + chunk_pages, queries + chunk_queries


def _render_chunk(indexes: range) -> tuple[int, int, tuple[str, str, int] | None]:
    """Render and write some targets.

    An error comes back as its message, URL and page id (a routed listing's is its
    index page's), safe to send between processes.
    """
    bake = _BAKE
    factory = RequestFactory(SERVER_NAME=bake.site.hostname)
    done = 0
    with translation.override(bake.requests.language), count_queries() as counted, bake_caches():
        chunk = [bake.targets[index] for index in indexes]
        wanted = {target.page_id for target in chunk}
        wanted |= {target.parent_id for target in chunk if target.parent_id is not None}
        pages = load_pages(ids=sorted(wanted), root_paths=bake.requests.root_paths)
        for target in chunk:
            try:
                content = _render(target, page=pages[target.page_id], factory=factory,
                                  bake=bake)
            except PageRenderError as error:
                return done, counted[0], (str(error), target.url, target.page_id)
            path = bake.build_dir / unquote(target.url).lstrip("/") / "index.html"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            done += 1
    return done, counted[0], None


def _render(target: RenderTarget, *, page: Page, factory: RequestFactory, bake: _Bake) -> bytes:
    """The body wagtail-bakery would write for this target (`page`: its loaded page)."""
    request = factory.get(target.url)
    bake.requests.prime(request)
    share_bake_cache(request, bake.shared)
    try:
        match = _resolve(page, target.subpath)
        serve_args: tuple = ()
        if match is not None:
            # What `RoutablePageMixin.route` leaves on the request and hands to `serve`.
            request.routable_resolver_match = match
            serve_args = tuple(match)
        response = _serve(page, request, serve_args)
        if isinstance(response, HttpResponseRedirectBase):
            content = render_template(request, "wagtailbakery/redirect.html",
                                      {"page": page, "self": page,
                                       "redirect_url": response.url}).content
            return response.make_bytes(content)
        if hasattr(response, "render"):
            response = response.render()
    except Exception as error:  # noqa: BLE001 - any failure names the page, as the handler's 500 would
        raise PageRenderError(_failed(target, status=getattr(error, "status_code", 500),
                                      cause=f": {error!r}"), page=page, url=target.url) from error
    if response.status_code != 200:
        raise PageRenderError(_failed(target, status=response.status_code, cause=""),
                              page=page, url=target.url)
    return response.content


def _serve(page: Page, request, serve_args: tuple):
    """`wagtail.views.serve` after routing: the page hooks, then `page.serve`.

    Wagtail's own view-restriction check is left out: only public pages are baked.
    """
    for hook in hooks.get_hooks("before_serve_page"):
        result = hook(page, request, serve_args, {})
        if isinstance(result, HttpResponse):
            return result
    chain = serve_chain
    for wrapper in reversed(hooks.get_hooks("on_serve_page")):
        if wrapper is not check_view_restrictions:
            chain = wrapper(chain)
    return chain(page, request, serve_args, {})


def _resolve(page: Page, subpath: str | None):
    """The routable page's view for `subpath`, or None to serve the page itself.

    As in `RoutablePageMixin.route`, a page whose "" route does not resolve is served
    as a plain page; any other route that does not resolve is a 404.
    """
    if subpath is None:
        return None
    try:
        return page.resolve_subpage(subpath)
    except Http404:
        if subpath == "/":
            return None
        raise


def _failed(target: RenderTarget, *, status: int, cause: str) -> str:
    return (_("La pagina %(page)s non si genera (errore %(status)s%(cause)s). "
              "Correggi la pagina o il suo modello e rifai il bake.")
            % {"page": target.describe(), "status": status, "cause": cause})


def _load_pages(*, model: type[Page], ids: list[int]) -> dict[int, Page]:
    """The specific pages of one type, with what their templates read."""
    queryset = model.objects.filter(pk__in=ids)
    select, prefetch, _children = PAGE_LOADING.get(model._meta.label_lower, ((), (), ()))
    if select:
        queryset = queryset.select_related(*select)
    if prefetch:
        queryset = queryset.prefetch_related(*prefetch)
    return {page.pk: page for page in queryset}


def _attach_children(*, pages: list[Page], relation: str, loaded: dict[int, Page]) -> None:
    """Load one inline child relation of `pages` in one query and keep it on each page.

    Children pointing at a page get the specific page (from `loaded` when it is there),
    as `item.page.specific` would fetch it.
    """
    field = type(pages[0])._meta.get_field(relation)
    child_model, parent_name = field.related_model, field.field.name
    ordering = [*(child_model._meta.ordering or []), "pk"]
    children = list(child_model.objects.filter(**{f"{parent_name}__in": pages}).order_by(*ordering))
    page_fields = [f for f in child_model._meta.concrete_fields
                   if f.is_relation and f.related_model is Page]
    wanted = {getattr(child, f.attname) for child in children for f in page_fields}
    missing = [pk for pk in wanted if pk is not None and pk not in loaded]
    targets = {**{p.pk: p for p in Page.objects.filter(pk__in=missing).specific()},
               **{pk: loaded[pk] for pk in wanted if pk in loaded}}
    by_parent: dict[int, list] = defaultdict(list)
    for child in children:
        for f in page_fields:
            if getattr(child, f.attname) in targets:
                child._state.fields_cache[f.name] = targets[getattr(child, f.attname)]
        by_parent[getattr(child, field.field.attname)].append(child)
    for page in pages:
        if not hasattr(page, "_cluster_related_objects"):
            page._cluster_related_objects = {}
        page._cluster_related_objects[relation] = by_parent.get(page.pk, [])


def _existing_site_settings(*, site: Site) -> list[BaseSiteSetting]:
    """Site settings already saved, to hand to every request (missing ones are left to Wagtail)."""
    found = []
    for model in settings_registry:
        if issubclass(model, BaseSiteSetting):
            instance = model.objects.filter(site=site).first()
            if instance is not None:
                found.append(instance)
    return found
