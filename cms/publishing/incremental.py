"""Incremental bakes: after an edit, re-render only what the edit can have changed.

The promise is strict: after any sequence of edits the live build is byte for byte
what a full `bake_site` of the same database would write (tests/publishing/
test_incremental.py checks it with random edit sequences). To keep it, the rules in
`pages_affected_by` lean towards re-rendering a little too much, never too little:

* a changed page re-renders itself, its descendants (breadcrumbs show its title),
  its ancestors that are not listings (the sportelli index), and every page
  referring to it (Wagtail's reference index: related guides, featured guides,
  events held at a sportello) with *their* ancestors;
* the home page, a top-level section (the menu is in every page) and site settings
  (header and footer) re-render everything;
* snippets and images re-render the pages referring to them, as above;
* a listing (an index and its numbered pages, an audience or topic page, the home
  page's sections) is re-rendered only when what it lists changed: the manifest
  keeps, for each, the ids it showed (`listings.listing_signatures`), so a new
  guide re-renders the pages of the guide listing it shifts, not every listing;
* per-page extra files (a page's API record, an event's `.ics`) follow their page;
  the aggregate ones (feeds, sitemap, API listings, the full calendar) and the
  search index are rewritten after every change.

The bake runs in two steps. First the pages and their own files go live (what a
citizen opening the page sees); then the aggregate files and the search index
follow, seconds later on a large site. `IncrementalReport.live_seconds` is the
time to the first step, which runs with the cyclic garbage collector paused.

Which files go away is not guessed from the edit: `<build>.manifest.json` records the
page files, extra files and media of the build, and whatever the current database no
longer bakes is deleted (with any folder left empty). A page's files therefore go
exactly when the full bake would drop them: its own `index.html` on unpublishing,
while children that the full bake still renders keep theirs.

Pages are rendered into a sibling staging folder, link-checked against the build as
it will be, then moved in one file at a time with `os.replace`, so a visitor never
reads half a file. Everything runs under `bake_lock`, shared with the full bake.
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db import models
from django.urls import get_callable

from wagtail.models import Page, ReferenceIndex, Site

from cms.core.listings import shared_signatures

from .artefacts import extra_files, extra_media_paths, write_extra_files
from .links import BrokenLink, PageLinks, resolve, scan_build, scan_file
from .listings import listing_signatures, listings_to_render
from .locking import bake_lock
from .postprocess import (
    COMPRESSIBLE_SUFFIXES,
    compress_build,
    read_static_manifest,
    rewrite_static_references,
    write_404_page,
)
from .problems import broken_links_error
from .redirects import REDIRECT_MARKER, static_redirects, write_redirects
from .render import (
    FAST_RENDERED_VIEWS,
    PageEntry,
    default_site,
    page_entries,
    render_site,
    render_targets,
    routed_listings,
)
from .search import PAGEFIND_DIR, build_search_index, build_search_page
from .services import (
    _bakery_build_dir,
    _own_hosts,
    _sibling,
    _stamp,
    bake_site,
)

MANIFEST_VERSION = 3
# Publishes re-rendering at most this many pages run their first step without the
# cyclic garbage collector (see `_collection_deferred`).
GC_DEFERRED_UP_TO = 200


@dataclass(frozen=True)
class IncrementalReport:
    """What an incremental bake changed in the live build."""

    build_dir: Path
    pages: int
    extra_files: int
    removed: int
    media_copied: int
    full: bool
    seconds: float
    live_seconds: float = 0.0  # until the pages and their own files were live


@dataclass(frozen=True)
class Output:
    """One page file the full bake writes now.

    `page_id` for a page's own file; a routed listing (audience, topic, numbered
    page) has none. `view`/`obj` only for outputs of a `BAKERY_VIEWS` view the fast
    renderer does not make, which are built through wagtail-bakery.
    """

    url: str
    page_id: int | None = None
    view: object | None = None
    obj: object | None = None
    entry: PageEntry | None = None  # a page's, for the fast renderer
    title: str = ""  # a routed listing's


@dataclass(frozen=True)
class Affected:
    """What an edit makes the incremental bake redo."""

    urls: frozenset[str]  # page outputs to re-render
    page_ids: frozenset[int]  # pages whose own content or context changed (their own extras)


# --- What the database bakes now -------------------------------------------------


def current_outputs() -> dict[str, Output]:
    """Every page file the full bake would write now, by URL.

    Only lists (a few light queries: no page is loaded or rendered).
    """
    site = default_site()
    outputs: dict[str, Output] = {}
    if site is not None:
        for entry in page_entries(site=site):
            outputs.setdefault(entry.url, Output(url=entry.url, page_id=entry.pk, entry=entry))
        for url, title in routed_listings():
            outputs.setdefault(url, Output(url=url, title=title))
    for dotted in settings.BAKERY_VIEWS:
        if dotted in FAST_RENDERED_VIEWS:
            continue
        view = get_callable(dotted)()
        if not hasattr(view, "iter_objects"):
            continue  # a self-building view (404 page…): re-rendered on every bake
        for obj in view.iter_objects():
            url = view.get_url(obj)
            outputs.setdefault(url, Output(url=url, view=view, obj=obj))
    return outputs


def page_file(url: str) -> str:
    """The build-relative file a page URL is written to (as wagtail-bakery does)."""
    # Asked for every output of the site on each publish: plain paths skip the parsing.
    plain = url[:1] == "/" and url[1:2] != "/" and not any(mark in url for mark in "?#%")
    path = (url if plain else unquote(urlsplit(url).path)).lstrip("/")
    return f"{path}index.html" if not path or path.endswith("/") else f"{path}/index.html"


# --- What an edit affects --------------------------------------------------------


def pages_affected_by(*, page_ids: Iterable[int] = (), context_page_ids: Iterable[int] = (),
                      objects: Iterable[models.Model] = (), everything: bool = False,
                      outputs: dict[str, Output] | None = None,
                      listings_before: dict[str, list[str]] | None = None,
                      listings_now: dict[str, list[str]] | None = None) -> frozenset[str]:
    """The URLs of the page outputs to re-render after an edit (see `affected_by`)."""
    return affected_by(page_ids=page_ids, context_page_ids=context_page_ids, objects=objects,
                       everything=everything, outputs=outputs, listings_before=listings_before,
                       listings_now=listings_now).urls


def affected_by(*, page_ids: Iterable[int] = (), context_page_ids: Iterable[int] = (),
                objects: Iterable[models.Model] = (), everything: bool = False,
                outputs: dict[str, Output] | None = None,
                listings_before: dict[str, list[str]] | None = None,
                listings_now: dict[str, list[str]] | None = None) -> Affected:
    """What to re-render after an edit.

    `page_ids`: pages published, unpublished, edited or moved (their new place).
    `context_page_ids`: pages that only *show* the edited one — a moved page's old
    parent, a deleted page's parent and referrers — re-rendered with their ancestors.
    `objects`: changed snippets, images, documents and settings.
    `listings_before`: the listing signatures recorded with the live build; without
    them every listing is re-rendered.
    """
    outputs = current_outputs() if outputs is None else outputs
    site = default_site()
    if listings_now is None:
        listings_now = listing_signatures(site=site)
    everything_affected = Affected(
        urls=frozenset(outputs),
        page_ids=frozenset(out.page_id for out in outputs.values() if out.page_id is not None))
    if everything:
        return everything_affected
    url_by_page = {out.page_id: url for url, out in outputs.items() if out.page_id is not None}
    menu_depth = site.root_page.depth + 1 if site else 0

    changed = list(Page.objects.filter(pk__in=set(page_ids)))
    if any(page.depth <= menu_depth for page in changed):
        return everything_affected  # the home page or a menu section: shown on every page
    showing: set[int] = set(context_page_ids)
    ids: set[int] = set()
    for page in changed:
        ids.add(page.pk)
        ids.update(Page.objects.descendant_of(page).values_list("pk", flat=True))
        showing |= _referring_page_ids(page)
    for obj in objects:
        referrers = _referring_page_ids(obj)
        if referrers is None or _shown_everywhere(obj):
            return everything_affected  # a site setting: header and footer of every page
        showing |= referrers | _pages_shown_with(obj)
    if None in showing:
        return everything_affected
    shown_ids = showing | ids
    # Listings follow their signatures; other ancestors (the home page's sections,
    # the sportelli index) are re-rendered whenever a page below them changes.
    listing_urls = set(listings_now)
    urls = {url_by_page[pk] for pk in shown_ids if pk in url_by_page}
    for page in Page.objects.filter(pk__in=shown_ids):
        for pk in Page.objects.ancestor_of(page).values_list("pk", flat=True):
            if pk in url_by_page and url_by_page[pk] not in listing_urls:
                urls.add(url_by_page[pk])
    urls |= listings_to_render(before=listings_before, now=listings_now, changed=shown_ids)
    # Routed outputs that no index declares a signature for: always, to be safe.
    urls |= {url for url, out in outputs.items()
             if out.page_id is None and url not in listing_urls and shown_ids}
    return Affected(urls=frozenset(url for url in urls if url in outputs),
                    page_ids=frozenset(pk for pk in shown_ids if pk in url_by_page))


def _referring_page_ids(obj: models.Model, *, depth: int = 0) -> set | None:
    """Pages whose stored content points at `obj`; None if a site setting does.

    A snippet pointing at `obj` passes the question on to its own referrers (once).
    """
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting

    ids: set = set()
    for ref in ReferenceIndex.get_references_to(obj).select_related("base_content_type"):
        model = ref.base_content_type.model_class()
        if model is None:
            continue
        if issubclass(model, Page):
            ids.add(int(ref.object_id))
        elif issubclass(model, BaseSiteSetting | BaseGenericSetting):
            return None
        elif depth == 0:
            instance = model._default_manager.filter(pk=ref.object_id).first()
            more = _referring_page_ids(instance, depth=1) if instance is not None else set()
            if more is None:
                return None
            ids |= more
    return ids


def _shown_everywhere(obj: models.Model) -> bool:
    """Site settings live in the header and footer of every page."""
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting

    return isinstance(obj, BaseSiteSetting | BaseGenericSetting)


def _pages_shown_with(obj: models.Model) -> set[int]:
    """Pages that show `obj` without a stored reference to it.

    Tags are linked through `content_object` rows, which the reference index may not
    follow; the partners' list of the databank search box is on the home page and
    on the sportelli index.
    """
    from cms.network.models import Partner, SportelloIndexPage

    ids: set[int] = set()
    for relation in obj._meta.related_objects:
        through = relation.related_model
        if any(field.name == "content_object" for field in through._meta.get_fields()):
            ids.update(through._default_manager.filter(**{relation.field.name: obj})
                       .values_list("content_object_id", flat=True))
    if isinstance(obj, Partner):
        ids.update(SportelloIndexPage.objects.values_list("pk", flat=True))
        site = Site.objects.filter(is_default_site=True).first()
        if site is not None:
            ids.add(site.root_page_id)
    return ids


# --- The bake ---------------------------------------------------------------------


def bake_changes(*, build_dir: Path, page_ids: Iterable[int] = (),
                 context_page_ids: Iterable[int] = (), objects: Iterable[models.Model] = (),
                 everything: bool = False) -> IncrementalReport:
    """Bring the live build up to date with the database after an edit.

    Falls back to a full `bake_site` when there is no live build yet. Raises
    `BakeError` and leaves the live build untouched if a page fails to render or a
    re-rendered file links to a file the build would not have.
    """
    started = time.monotonic()
    build_dir = Path(build_dir).absolute()
    with bake_lock(build_dir=build_dir), shared_signatures():
        if not (build_dir / "index.html").is_file():
            report = bake_site(build_dir=build_dir, progress=False)  # records the manifest
            seconds = time.monotonic() - started
            return IncrementalReport(build_dir=build_dir, pages=report.pages,
                                     extra_files=report.extra_files, removed=0,
                                     media_copied=report.media_files, full=True,
                                     seconds=seconds, live_seconds=seconds)
        with _collection_deferred() as resume:
            manifest = read_manifest(build_dir=build_dir)
            outputs = current_outputs()
            listings_now = listing_signatures(site=default_site())
            affected = affected_by(page_ids=page_ids, context_page_ids=context_page_ids,
                                   objects=objects, everything=everything, outputs=outputs,
                                   listings_before=manifest.get("listings"),
                                   listings_now=listings_now)
            # Pages the build lacks although the database bakes them (published while
            # another bake ran, or by an earlier failed bake): a listing may link to them.
            known = set(manifest["pages"])
            missing = {url for url in outputs if page_file(url) not in known}
            affected = Affected(urls=affected.urls | missing, page_ids=affected.page_ids | {
                outputs[url].page_id for url in missing if outputs[url].page_id is not None})
            result = _render_and_apply(build_dir=build_dir, manifest=manifest, outputs=outputs,
                                       affected=affected, listings=listings_now,
                                       started=started, on_live=resume)
    return IncrementalReport(build_dir=build_dir, pages=result.pages,
                             extra_files=result.extra_files, removed=result.removed,
                             media_copied=result.media_copied, full=False,
                             seconds=time.monotonic() - started,
                             live_seconds=result.live_seconds)


@contextmanager
def _collection_deferred() -> Iterator[Callable[[], None]]:
    """Pause Python's cyclic garbage collector until `resume()` or the end of the block.

    In a long-lived worker a full collection walks every object the process holds:
    100-150 ms at 5,000 pages, a third of a publish when it falls before the page is
    live. Paused, the little cyclic garbage of the first step waits for the second.
    """
    paused = gc.isenabled()
    gc.disable()

    def resume() -> None:
        if paused:
            gc.enable()

    try:
        yield resume
    finally:
        resume()


@dataclass(frozen=True)
class _Applied:
    pages: int
    extra_files: int
    removed: int
    media_copied: int
    live_seconds: float


@dataclass(frozen=True)
class _Live:
    """What the first step leaves for the second."""

    manifest: dict  # as recorded once the pages were live
    page_files: set[str]
    media: set[str]
    mapping: dict[str, str]
    hosts: set[str]
    applied: _Applied


def _render_and_apply(*, build_dir: Path, manifest: dict, outputs: dict[str, Output],
                      affected: Affected, listings: dict[str, list[str]], started: float,
                      on_live: Callable[[], None] = lambda: None) -> _Applied:
    """Both steps of the incremental bake: pages first, then the aggregate files."""
    if len(affected.urls) > GC_DEFERRED_UP_TO:
        on_live()  # a long first step: its garbage must not pile up
    live = _apply_pages(build_dir=build_dir, manifest=manifest, outputs=outputs,
                        affected=affected, listings=listings, started=started)
    on_live()
    return _apply_aggregates(build_dir=build_dir, previous=manifest, live=live)


def _apply_pages(*, build_dir: Path, manifest: dict, outputs: dict[str, Output],
                 affected: Affected, listings: dict[str, list[str]], started: float) -> _Live:
    """Step 1: the affected pages and their own files (a page's API record, its calendar)."""
    page_files = {page_file(url) for url in outputs}
    stale_pages = set(manifest["pages"]) - page_files
    known_extras: dict[str, int | None] = manifest["extras"]
    baked_ids = {out.page_id for out in outputs.values() if out.page_id is not None}
    # Own files of the affected pages and of pages the build no longer has; only these
    # are listed now (the full list is long on a large site and waits for step 2).
    own_ids = affected.page_ids | {pk for pk in known_extras.values()
                                   if pk is not None and pk not in baked_ids}
    page_extras = extra_files(page_ids=own_ids)
    stale_own = {rel for rel, pk in known_extras.items() if pk in own_ids} \
        - {extra.file for extra in page_extras}
    mapping = read_static_manifest(build_dir=build_dir)
    hosts = _own_hosts()
    media_prefix = "/" + settings.MEDIA_URL.strip("/") + "/"

    html_media = {rel: paths for rel, paths in manifest["html"].items() if rel not in stale_pages}
    with _staging(build_dir, "incr") as staging:
        _render_outputs(staging=staging, outputs=outputs, urls=affected.urls)
        write_extra_files(page_extras, build_dir=staging)
        rewrite_static_references(build_dir=staging, mapping=mapping)
        scanned = scan_build(build_dir=staging, own_hosts=hosts)
        for page in scanned:
            rel = page.file.relative_to(staging).as_posix()
            if rel.endswith(".html"):
                html_media[rel] = sorted(p for p in page.paths if p.startswith(media_prefix))
        media = {p for paths in html_media.values() for p in paths} | extra_media_paths()
        _check(build_dir=build_dir, staging=staging, scanned=scanned,
               gone=stale_pages | stale_own, media=media)
        copied = _sync_media(build_dir=build_dir, wanted=media, previous=set(manifest["media"]))
        written = _move_into_place(staging=staging, build_dir=build_dir)
    removed = _remove_all(build_dir, stale_pages | stale_own
                          | {p.lstrip("/") for p in set(manifest["media"]) - media})
    live_seconds = time.monotonic() - started
    extras_now = {rel: pk for rel, pk in known_extras.items() if rel not in stale_own}
    extras_now |= {extra.file: extra.page_id for extra in page_extras}
    recorded = {**manifest, "pages": sorted(page_files), "extras": extras_now,
                "media": sorted(media), "html": html_media, "listings": listings}
    write_manifest(build_dir=build_dir, manifest=recorded)
    return _Live(manifest=recorded, page_files=page_files, media=media, mapping=mapping,
                 hosts=hosts, applied=_Applied(
                     pages=sum(1 for rel in written if rel.endswith(".html")),
                     extra_files=len(page_extras), removed=removed, media_copied=copied,
                     live_seconds=live_seconds))


def _apply_aggregates(*, build_dir: Path, previous: dict, live: _Live) -> _Applied:
    """Step 2: what sums up the whole site (feeds, sitemap, API listings, calendar), any
    page's own file the build still lacks, the static-host pages, then the search index."""
    extras = extra_files()
    later = [extra for extra in extras if extra.page_id is None
             or extra.file not in live.manifest["extras"]]
    stale_extras = set(live.manifest["extras"]) - {extra.file for extra in extras}
    with _staging(build_dir, "aggr") as staging:
        write_extra_files(later, build_dir=staging)
        write_404_page(build_dir=staging)
        build_search_page(build_dir=staging)
        write_redirects(build_dir=staging, pages_dir=build_dir)
        rewrite_static_references(build_dir=staging, mapping=live.mapping)
        scanned = scan_build(build_dir=staging, own_hosts=live.hosts)
        _check(build_dir=build_dir, staging=staging, scanned=scanned, gone=stale_extras,
               media=live.media)
        written = _move_into_place(staging=staging, build_dir=build_dir)
    redirect_pages = {rel for rel in written if rel.endswith("index.html")
                      and rel not in live.page_files and _is_redirect_page(build_dir / rel)}
    removed = _remove_all(build_dir, stale_extras | (
        set(previous.get("redirects", [])) - redirect_pages - live.page_files))
    _rebuild_search_index(build_dir=build_dir)
    write_manifest(build_dir=build_dir, manifest={
        **live.manifest, "extras": {extra.file: extra.page_id for extra in extras},
        "redirects": sorted(redirect_pages),
    })
    applied = live.applied
    return _Applied(pages=applied.pages, extra_files=applied.extra_files + len(later),
                    removed=applied.removed + removed, media_copied=applied.media_copied,
                    live_seconds=applied.live_seconds)


@contextmanager
def _staging(build_dir: Path, kind: str) -> Iterator[Path]:
    """A fresh sibling folder of the build, removed afterwards whatever happens."""
    staging = _sibling(build_dir, f"{kind}-{_stamp()}")
    staging.mkdir()
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _render_outputs(*, staging: Path, outputs: dict[str, Output], urls: Iterable[str]) -> None:
    """Render the page outputs `urls` into `staging`, through the fast renderer when it can."""
    urls = set(urls)
    fast = {url for url in urls if outputs[url].view is None}
    site = default_site()
    if fast and site is not None:
        entries = [out.entry for out in outputs.values() if out.entry is not None]
        routed = [(url, out.title) for url, out in outputs.items()
                  if out.page_id is None and out.view is None]
        # A handful of pages: rendered here, since forking workers (and their fresh
        # database connections) costs more than it saves (measured at 5000 pages).
        render_site(build_dir=staging, workers=1, targets=render_targets(
            site=site, only=fast, entries=entries, routed=routed))
    slow = sorted(url for url in urls if outputs[url].view is not None)
    with _bakery_build_dir(staging):
        for dotted in settings.BAKERY_VIEWS:
            view = get_callable(dotted)()
            if not hasattr(view, "iter_objects"):
                view.build_method()
        for url in slow:
            outputs[url].view.build_object(outputs[url].obj)


def _check(*, build_dir: Path, staging: Path, scanned: list[PageLinks], gone: set[str],
           media: set[str]) -> None:
    broken = _broken_links(build_dir=build_dir, staging=staging, pages=scanned, gone=gone,
                           media=media)
    if broken:
        raise broken_links_error(broken)


def _move_into_place(*, staging: Path, build_dir: Path) -> list[str]:
    """Compress, then move every staged file into the build, each in one atomic step."""
    written = sorted(path.relative_to(staging).as_posix()
                     for path in staging.rglob("*") if path.is_file())
    compress_build(build_dir=staging, files=[
        staging / rel for rel in written if Path(rel).suffix in COMPRESSIBLE_SUFFIXES])
    moved = sorted(path.relative_to(staging).as_posix()
                   for path in staging.rglob("*") if path.is_file())
    for rel in moved:
        destination = build_dir / rel
        destination.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / rel, destination)  # atomic: readers see old or new, never half
    return written


def _remove_all(build_dir: Path, relatives: Iterable[str]) -> int:
    """Delete files of the build with their compressed twins; return how many existed."""
    removed = 0
    for rel in sorted(relatives):
        removed += _remove(build_dir, rel)
        for twin in (f"{rel}.gz", f"{rel}.br"):
            _remove(build_dir, twin)
    return removed


def _is_redirect_page(path: Path) -> bool:
    return path.is_file() and REDIRECT_MARKER in path.read_bytes()[:400]


def _rebuild_search_index(*, build_dir: Path) -> None:
    """Pagefind indexes the whole site; its old bundle is dropped, not merged."""
    bundle = build_dir / PAGEFIND_DIR
    parked = _sibling(build_dir, f"pagefind-{_stamp()}")
    if bundle.is_dir():
        os.rename(bundle, parked)
    try:
        build_search_index(build_dir=build_dir)
    finally:
        shutil.rmtree(parked, ignore_errors=True)
    compress_build(build_dir=build_dir, files=[
        path for path in sorted(bundle.rglob("*"))
        if path.is_file() and path.suffix in COMPRESSIBLE_SUFFIXES])


def _broken_links(*, build_dir: Path, staging: Path, pages: list[PageLinks], gone: set[str],
                  media: set[str]) -> list[BrokenLink]:
    """Links of the re-rendered files that the build will not answer once applied."""
    media_root = Path(settings.MEDIA_ROOT)
    media_prefix = "/" + settings.MEDIA_URL.strip("/") + "/"
    root = build_dir.resolve()

    def answered(path: str) -> bool:
        if resolve(staging, path) is not None:
            return True
        live = resolve(build_dir, path)
        if live is not None and live.relative_to(root).as_posix() not in gone:
            return True
        return path in media and (media_root / path[len(media_prefix):]).is_file()

    known: dict[str, bool] = {}  # the menu and footer links repeat on every page
    broken = []
    for page in pages:
        for path in page.paths:
            if path not in known:
                known[path] = answered(path)
            if not known[path]:
                broken.append(BrokenLink(page_url=page.url, reference=path))
    return broken


def _sync_media(*, build_dir: Path, wanted: set[str], previous: set[str]) -> int:
    """Copy used media the build lacks, or whose source changed; return how many.

    Text media (SVG) get their `.gz` and `.br` twins, moved in before the file itself.
    """
    media_root = Path(settings.MEDIA_ROOT).resolve()
    media_prefix = "/" + settings.MEDIA_URL.strip("/") + "/"
    copied = 0
    for path in sorted(wanted):
        source = (media_root / path[len(media_prefix):]).resolve()
        if media_root not in source.parents or not source.is_file():
            continue
        destination = build_dir / path.lstrip("/")
        if destination.is_file() and destination.stat().st_size == source.stat().st_size \
                and destination.stat().st_mtime == source.stat().st_mtime:
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        temporary = destination.with_name(f".{destination.name}.{_stamp()}.tmp")
        shutil.copy2(source, temporary)
        if destination.suffix in COMPRESSIBLE_SUFFIXES:  # an SVG: twins as the full bake writes
            compress_build(build_dir=build_dir, files=[temporary])
            for twin in (".gz", ".br"):
                os.replace(f"{temporary}{twin}", f"{destination}{twin}")
        os.replace(temporary, destination)
        copied += 1
    return copied


def _remove(build_dir: Path, rel: str) -> int:
    """Delete one file of the build and any folder it leaves empty; 1 if it existed."""
    target = build_dir / rel
    if not target.is_file():
        return 0
    target.unlink()
    folder = target.parent
    while folder != build_dir and build_dir in folder.parents and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
    return 1


# --- The manifest -----------------------------------------------------------------


def manifest_path(build_dir: Path) -> Path:
    """Beside the build (a full bake replaces the whole folder)."""
    build_dir = Path(build_dir).absolute()
    return build_dir.with_name(f"{build_dir.name}.manifest.json")


def read_manifest(*, build_dir: Path) -> dict:
    """The recorded contents of the live build, re-read from disk if it was replaced since."""
    path = manifest_path(build_dir)
    try:
        manifest = json.loads(path.read_text())
    except (OSError, ValueError):
        manifest = None
    if (not manifest or manifest.get("version") != MANIFEST_VERSION
            or manifest.get("inode") != Path(build_dir).stat().st_ino):
        manifest = scan_manifest(build_dir=build_dir)
    return manifest


def scan_manifest(*, build_dir: Path) -> dict:
    """Describe a build a full bake just wrote, from the database and the files.

    Exact right after `bake_site` (see `record_full_bake`); later, pages the
    database no longer bakes are missing from it, so their files would stay.
    Only files the bake itself writes are listed: anything else put in the build
    by hand is never touched by an incremental bake.
    """
    build_dir = Path(build_dir).absolute()
    media = "/" + settings.MEDIA_URL.strip("/") + "/"
    hosts = _own_hosts()
    pages = sorted(rel for rel in map(page_file, current_outputs())
                   if (build_dir / rel).is_file())
    html = {rel: sorted(p for p in scan_file(build_dir=build_dir, path=build_dir / rel,
                                             own_hosts=hosts).paths if p.startswith(media))
            for rel in pages}
    redirects = sorted(
        rel for rel in (redirect.old_path.strip("/") + "/index.html"
                        for redirect in static_redirects(build_dir=build_dir))
        if _is_redirect_page(build_dir / rel))
    return {
        "pages": pages,
        "extras": {extra.file: extra.page_id for extra in extra_files()
                   if (build_dir / extra.file).is_file()},
        "media": sorted("/" + path.relative_to(build_dir).as_posix()
                        for path in (build_dir / media.strip("/")).rglob("*") if path.is_file()),
        "html": html,
        "listings": listing_signatures(site=default_site()),
        "redirects": redirects,
    }


def record_full_bake(*, build_dir: Path) -> None:
    """Call right after `bake_site` (under its lock) so later incremental bakes know the build."""
    with shared_signatures():
        write_manifest(build_dir=build_dir, manifest=scan_manifest(build_dir=build_dir))


def write_manifest(*, build_dir: Path, manifest: dict) -> None:
    """Record `manifest` for the live build (atomically, tied to the folder's inode)."""
    path = manifest_path(build_dir)
    data = {**manifest, "version": MANIFEST_VERSION, "inode": Path(build_dir).stat().st_ino}
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(json.dumps(data, sort_keys=True, separators=(",", ":")))
    os.replace(temporary, path)
