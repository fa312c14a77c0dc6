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
  search index are rewritten after every change, except those that show pages of
  some types only (the API listing of guides, the feeds of events): these only when
  a page of those types changed (`artefacts.may_have_changed`).

The bake runs in two steps. First the edited pages and their own files go live (what
the editor published, and a citizen opening it sees); then the pages showing them
(listings, the site map, referrers, descendants), the aggregate files and last the
search index follow. An edit that removes a page instead re-renders every page
linking to it in the first step, so that no live page links to a removed file.
`IncrementalReport.live_seconds` is the time to the first step, which runs with the
cyclic garbage collector paused.

Which files go away is not guessed from the edit: the manifest (`manifest.py`) records
the page files, extra files and media of the build, and whatever the current database no
longer bakes is deleted (with any folder left empty). A build with no manifest of its
own (a first bake, a rollback) is baked in full. A page's files therefore go
exactly when the full bake would drop them: its own `index.html` on unpublishing,
while children that the full bake still renders keep theirs.

The stages are the full bake's (see `services.py`): select, render, static host,
media, check, compress, then apply (`apply.py`) instead of swap: files are rendered
into a sibling staging folder, link-checked against the build as it will be, then
moved in one file at a time with `os.replace`, so a visitor never reads half a file.
Everything runs under `bake_lock`, shared with the full bake.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from django.db import models

from wagtail.models import Page, Site

from cms.core.listings import shared_signatures

from .apply import compressing, move_into_place, remove_files, staging_folder, sync_media
from .artefacts import Reuse, extra_files, extra_media_paths, may_have_changed, write_extra_files
from .check import check_links
from .links import scan_build
from .listings import listing_signatures
from .locking import bake_lock
from .manifest import Manifest, is_redirect_page, read_manifest, record_full_bake, write_manifest
from .output import render_outputs
from .paths import media_prefix, own_hosts, page_file
from .postprocess import read_static_manifest, rewrite_static_references
from .render import baked_site
from .search import search_bundles
from .select import Affected, Output, affected_by, current_outputs, edited_urls, pages_affected_by
from .services import bake_whole_site
from .sites import baking
from .statichost import rebuild_search_index, write_host_pages
from .suspension import suspended

__all__ = ["IncrementalReport", "affected_by", "bake_changes", "pages_affected_by",
           "read_manifest", "record_full_bake", "render_and_apply"]

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
class Applied:
    """What the apply steps changed in the live build."""

    pages: int
    extra_files: int
    removed: int
    media_copied: int
    live_seconds: float


def bake_changes(*, build_dir: Path, site: Site | None = None, page_ids: Iterable[int] = (),
                 context_page_ids: Iterable[int] = (), objects: Iterable[models.Model] = (),
                 everything: bool = False) -> IncrementalReport:
    """Bring the live build of `site` (the default site if None) up to date after an edit.

    A full bake when the build has no manifest of its own (no live build yet, or a
    rollback put another one in place): the site is then whole and consistent at once.
    Raises `BakeError` and leaves the live build untouched if a page fails to render
    or a re-rendered file links to a file the build would not have.
    """
    started = time.monotonic()
    build_dir = Path(build_dir).absolute()
    page_ids = set(page_ids)
    with bake_lock(build_dir=build_dir), suspended(), baking(site) as site, \
            shared_signatures():
        manifest = read_manifest(build_dir=build_dir) \
            if (build_dir / "index.html").is_file() else None
        if manifest is None:
            report = bake_whole_site(build_dir=build_dir, site=site)  # records the manifest
            seconds = time.monotonic() - started
            return IncrementalReport(build_dir=build_dir, pages=report.pages,
                                     extra_files=report.extra_files, removed=0,
                                     media_copied=report.media_files, full=True,
                                     seconds=seconds, live_seconds=seconds)
        with _collection_deferred() as resume:
            outputs = current_outputs()
            # Pages the build lacks although the database bakes them (published while
            # another bake ran, or by an earlier failed bake): a listing may link to them.
            known = set(manifest.pages)
            missing = frozenset(url for url in outputs if page_file(url) not in known)

            def all_affected() -> tuple[Affected, dict[str, list[str]]]:
                listings_now = listing_signatures(site=baked_site())
                affected = affected_by(page_ids=page_ids, context_page_ids=context_page_ids,
                                       objects=objects, everything=everything, outputs=outputs,
                                       listings_before=manifest.listings,
                                       listings_now=listings_now)
                return Affected(urls=affected.urls | missing, page_ids=affected.page_ids | {
                    outputs[url].page_id for url in missing
                    if outputs[url].page_id is not None},
                    everything=affected.everything), listings_now

            result = render_and_apply(
                build_dir=build_dir, manifest=manifest, outputs=outputs,
                edited=edited_urls(page_ids=page_ids, outputs=outputs) | missing,
                affected=all_affected, started=started, on_live=resume)
    return IncrementalReport(build_dir=build_dir, pages=result.pages,
                             extra_files=result.extra_files, removed=result.removed,
                             media_copied=result.media_copied, full=False,
                             seconds=time.monotonic() - started,
                             live_seconds=result.live_seconds)


def page_types(page_ids: set[int]) -> frozenset[str] | None:
    """The types ("app_label.modelname") of these pages; None if one is no longer in the
    database (a deleted page: its type is unknown, so any type may have changed)."""
    found = Page.objects.filter(pk__in=page_ids).values_list(
        "pk", "content_type__app_label", "content_type__model")
    types = {pk: f"{app_label}.{model}" for pk, app_label, model in found}
    return frozenset(types.values()) if len(types) == len(page_ids) else None


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
class _Live:
    """What the first step leaves for the second."""

    manifest: Manifest  # as recorded once the pages were live
    # Of the pages whose own files changed; None: any, and anything else (`Affected.everything`).
    changed_types: frozenset[str] | None
    changed_ids: frozenset[int]  # the pages whose own files were rewritten or removed
    page_files: frozenset[str]
    media: set[str]
    mapping: dict[str, str]
    hosts: set[str]
    applied: Applied
    changed_pages: frozenset[str]  # page files rewritten or removed (what search re-indexes)

    def followed_by(self, later: _Live) -> _Live:
        """The two page steps as one: `later`'s record, both steps' changes."""
        types = None if self.changed_types is None or later.changed_types is None \
            else self.changed_types | later.changed_types
        first, second = self.applied, later.applied
        return replace(later, changed_types=types,
                       changed_ids=self.changed_ids | later.changed_ids,
                       changed_pages=self.changed_pages | later.changed_pages, applied=Applied(
            pages=first.pages + second.pages, extra_files=first.extra_files + second.extra_files,
            removed=first.removed + second.removed,
            media_copied=first.media_copied + second.media_copied,
            live_seconds=first.live_seconds))


def render_and_apply(*, build_dir: Path, manifest: Manifest, outputs: dict[str, Output],
                     edited: frozenset[str],
                     affected: Callable[[], tuple[Affected, dict[str, list[str]]]],
                     started: float, on_live: Callable[[], None] = lambda: None) -> Applied:
    """Both steps of the incremental bake: pages first, then the aggregate files.

    The first step is the `edited` pages themselves, when the edit removes no file; only
    then is the rest of what the edit `affected` (with the listings' signatures now)
    worked out, and its pages (listings, the site map, referrers, descendants) start
    the second step. An edit that removes a page re-renders every page linking to it
    in the first step, so no live page links to a file that is gone.
    """
    baked = _Baked.of(outputs)
    if edited and not baked.removes_files(manifest):
        first = Affected(urls=edited, page_ids=frozenset(
            outputs[url].page_id for url in edited if outputs[url].page_id is not None))
        live = _apply_pages(build_dir=build_dir, manifest=manifest, outputs=outputs,
                            baked=baked, affected=first, listings=manifest.listings,
                            started=started)
        on_live()
        whole, listings = affected()
        rest = Affected(urls=whole.urls - first.urls, page_ids=whole.page_ids - first.page_ids,
                        everything=whole.everything)
        live = live.followed_by(_apply_pages(
            build_dir=build_dir, manifest=live.manifest, outputs=outputs, baked=baked,
            affected=rest, listings=listings, started=started))
    else:
        whole, listings = affected()
        if len(whole.urls) > GC_DEFERRED_UP_TO:
            on_live()  # a long first step: its garbage must not pile up
        live = _apply_pages(build_dir=build_dir, manifest=manifest, outputs=outputs,
                            baked=baked, affected=whole, listings=listings, started=started)
        on_live()
    return _apply_aggregates(build_dir=build_dir, previous=manifest, live=live)


@dataclass(frozen=True)
class _Baked:
    """What the database bakes now, as both page steps compare it with a manifest."""

    page_files: frozenset[str]
    page_ids: frozenset[int]

    @classmethod
    def of(cls, outputs: dict[str, Output]) -> _Baked:
        return cls(page_files=frozenset(page_file(url) for url in outputs),
                   page_ids=frozenset(out.page_id for out in outputs.values()
                                      if out.page_id is not None))

    def stale_pages(self, manifest: Manifest) -> set[str]:
        """The page files `manifest` records that the database no longer bakes."""
        return set(manifest.pages) - self.page_files

    def gone_page_ids(self, manifest: Manifest) -> set[int]:
        """The pages whose own files `manifest` records but the database no longer bakes."""
        return {pk for pk in manifest.extras.values()
                if pk is not None and pk not in self.page_ids}

    def removes_files(self, manifest: Manifest) -> bool:
        """Whether the build holds a page, or a page's own file, the database no longer
        bakes (an unpublished, deleted or moved page)."""
        return bool(self.stale_pages(manifest) or self.gone_page_ids(manifest))


def _apply_pages(*, build_dir: Path, manifest: Manifest, outputs: dict[str, Output],
                 baked: _Baked, affected: Affected, listings: dict[str, list[str]],
                 started: float) -> _Live:
    """Put `affected`'s pages and their own files (a page's API record, its calendar) live,
    with every file the database no longer bakes removed; record them and `listings`."""
    stale_pages = baked.stale_pages(manifest)
    known_extras = manifest.extras
    # Own files of the affected pages and of pages the build no longer has; only these
    # are listed now (the full list is long on a large site and waits for step 2).
    own_ids = affected.page_ids | baked.gone_page_ids(manifest)
    page_extras = extra_files(page_ids=own_ids)
    stale_own = {rel for rel, pk in known_extras.items() if pk in own_ids} \
        - {extra.file for extra in page_extras}
    mapping = read_static_manifest(build_dir=build_dir)
    hosts = own_hosts()
    prefix = media_prefix()

    html_media = {rel: paths for rel, paths in manifest.html.items() if rel not in stale_pages}
    with staging_folder(build_dir, "incr") as staging:
        render_outputs(build_dir=staging, outputs=outputs, urls=affected.urls,
                       extras=page_extras)
        rewrite_static_references(build_dir=staging, mapping=mapping)
        with compressing(staging=staging, build_dir=build_dir) as compressed:
            scanned = scan_build(build_dir=staging, own_hosts=hosts)
            for page in scanned:
                rel = page.file.relative_to(staging).as_posix()
                if rel.endswith(".html"):
                    html_media[rel] = sorted(p for p in page.paths if p.startswith(prefix))
            media = {p for paths in html_media.values() for p in paths} | extra_media_paths()
            check_links(pages=scanned, staging=staging, live=build_dir,
                        gone=stale_pages | stale_own, media=media)
            copied = sync_media(build_dir=build_dir, wanted=media)
            written = move_into_place(staging=staging, build_dir=build_dir,
                                      compressed=compressed)
    removed = remove_files(build_dir, stale_pages | stale_own
                           | {p.lstrip("/") for p in set(manifest.media) - media})
    live_seconds = time.monotonic() - started
    extras_now = {rel: pk for rel, pk in known_extras.items() if rel not in stale_own}
    extras_now |= {extra.file: extra.page_id for extra in page_extras}
    recorded = manifest.but(pages=sorted(baked.page_files), extras=extras_now, media=sorted(media),
                            html=html_media, listings=listings)
    write_manifest(build_dir=build_dir, manifest=recorded)
    return _Live(manifest=recorded,
                 changed_types=None if affected.everything else page_types(own_ids),
                 changed_ids=frozenset(own_ids),
                 page_files=baked.page_files, media=media, mapping=mapping,
                 hosts=hosts, changed_pages=frozenset(
                     {rel for rel in written if rel.endswith(".html")} | stale_pages),
                 applied=Applied(
                     pages=sum(1 for rel in written if rel.endswith(".html")),
                     extra_files=len(page_extras), removed=removed, media_copied=copied,
                     live_seconds=live_seconds))


def _apply_aggregates(*, build_dir: Path, previous: Manifest, live: _Live) -> Applied:
    """Step 2: what sums up the whole site (feeds, sitemap, API listings, calendar), any
    page's own file the build still lacks, the static-host pages, then the search index."""
    extras = extra_files()
    later = [extra for extra in extras if extra.file not in live.manifest.extras or (
        extra.page_id is None and may_have_changed(extra, changed_types=live.changed_types))]
    stale_extras = set(live.manifest.extras) - {extra.file for extra in extras}
    # The search page lists the bundles the index is then rebuilt for: read once.
    bundles = search_bundles(build_dir=build_dir)
    with staging_folder(build_dir, "aggr") as staging:
        # The render stage's extra files; a listing reuses its unchanged pages' records.
        write_extra_files(later, build_dir=staging,
                          reuse=Reuse(build_dir=build_dir, changed_ids=live.changed_ids))
        write_host_pages(build_dir=staging, bundles=bundles, pages_dir=build_dir)
        rewrite_static_references(build_dir=staging, mapping=live.mapping)
        with compressing(staging=staging, build_dir=build_dir) as compressed:
            scanned = scan_build(build_dir=staging, own_hosts=live.hosts)
            check_links(pages=scanned, staging=staging, live=build_dir, gone=stale_extras,
                        media=live.media)
            written = move_into_place(staging=staging, build_dir=build_dir,
                                      compressed=compressed)
    redirect_pages = {rel for rel in written if rel.endswith("index.html")
                      and rel not in live.page_files and is_redirect_page(build_dir / rel)}
    removed = remove_files(build_dir, stale_extras | (
        set(previous.redirects) - redirect_pages - live.page_files))
    rebuild_search_index(build_dir=build_dir, bundles=bundles, changed=live.changed_pages)
    write_manifest(build_dir=build_dir, manifest=live.manifest.but(
        extras={extra.file: extra.page_id for extra in extras},
        redirects=sorted(redirect_pages)))
    applied = live.applied
    return Applied(pages=applied.pages, extra_files=applied.extra_files + len(later),
                   removed=applied.removed + removed, media_copied=applied.media_copied,
                   live_seconds=applied.live_seconds)
