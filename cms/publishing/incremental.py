"""Incremental bakes: after an edit, re-render only what the edit can have changed.

The promise is strict: after any sequence of edits the live build is byte for byte
what a full `bake_site` of the same database would write (tests/publishing/
test_incremental.py checks it with random edit sequences). To keep it, the rules in
`pages_affected_by` lean towards re-rendering a little too much, never too little:

* a changed page re-renders itself, its descendants (breadcrumbs show its title),
  its ancestors (listings, the home page's sections), every tag listing, and every
  page referring to it (Wagtail's reference index: related guides, featured guides,
  events held at a sportello) together with *their* ancestors (cards in listings);
* the home page, a top-level section (the menu is in every page) and site settings
  (header and footer) re-render everything;
* snippets and images re-render the pages referring to them, as above;
* all the extra files (feeds, calendars, sitemap, API) are rewritten every time:
  they are cheap and depend on almost everything.

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

import json
import os
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db import models
from django.urls import get_callable

from wagtail.models import Page, ReferenceIndex, Site

from .artefacts import ExtraFileWriter, extra_files, extra_media_paths
from .exceptions import BrokenLinksError
from .links import BrokenLink, PageLinks, internal_path, page_url_for, raw_references, resolve
from .locking import bake_lock
from .postprocess import (
    COMPRESSIBLE_SUFFIXES,
    compress_build,
    read_static_manifest,
    rewrite_static_references,
    write_404_page,
)
from .redirects import write_redirects
from .search import PAGEFIND_DIR, build_search_index, build_search_page
from .services import (
    _bakery_build_dir,
    _broken_links_message,
    _own_hosts,
    _sibling,
    _stamp,
    bake_site,
)

MANIFEST_VERSION = 1


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


# --- What the database bakes now -------------------------------------------------


def current_outputs() -> dict[str, tuple[object, object]]:
    """Every page output the full bake would write now: URL → (bakery view, object).

    Only lists (a few queries), renders nothing.
    """
    outputs: dict[str, tuple[object, object]] = {}
    for dotted in settings.BAKERY_VIEWS:
        view = get_callable(dotted)()
        if not hasattr(view, "iter_objects"):
            continue  # a self-building view (404 page…): re-rendered on every bake
        for obj in view.iter_objects():
            outputs.setdefault(view.get_url(obj), (view, obj))
    return outputs


def page_file(url: str) -> str:
    """The build-relative file a page URL is written to (as wagtail-bakery does)."""
    path = unquote(urlsplit(url).path).lstrip("/")
    return f"{path}index.html" if not path or path.endswith("/") else f"{path}/index.html"


# --- What an edit affects --------------------------------------------------------


def pages_affected_by(*, page_ids: Iterable[int] = (), context_page_ids: Iterable[int] = (),
                      objects: Iterable[models.Model] = (), everything: bool = False,
                      outputs: dict | None = None) -> frozenset[str]:
    """The URLs of the page outputs to re-render after an edit.

    `page_ids`: pages published, unpublished, edited or moved (their new place).
    `context_page_ids`: pages that only *show* the edited one — a moved page's old
    parent, a deleted page's parent and referrers — re-rendered with their ancestors.
    `objects`: changed snippets, images, documents and settings.
    """
    outputs = current_outputs() if outputs is None else outputs
    if everything:
        return frozenset(outputs)
    url_by_page = {obj.pk: url for url, (_view, obj) in outputs.items() if isinstance(obj, Page)}
    # Tag listings, and the guide indexes that list the tags in use (any course, event
    # or guide that gains, loses or changes a tag changes them).
    tag_listings = {url for url, (_view, obj) in outputs.items() if not isinstance(obj, Page)}
    tag_listings |= {url for url, (_view, obj) in outputs.items()
                     if hasattr(obj, "audience_url")}
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    menu_depth = site.root_page.depth + 1 if site else 0

    changed = list(Page.objects.filter(pk__in=set(page_ids)))
    if any(page.depth <= menu_depth for page in changed):
        return frozenset(outputs)  # the home page or a menu section: shown on every page
    showing: set[int] = set(context_page_ids)
    ids: set[int] = set()
    for page in changed:
        ids.add(page.pk)
        ids.update(Page.objects.descendant_of(page).values_list("pk", flat=True))
        showing |= _referring_page_ids(page)
    for obj in objects:
        referrers = _referring_page_ids(obj)
        if referrers is None:
            return frozenset(outputs)  # a site setting: header and footer of every page
        showing |= referrers
        if _shown_everywhere(obj):
            return frozenset(outputs)
        showing |= _pages_shown_with(obj)
    if None in showing:
        return frozenset(outputs)
    shown = list(Page.objects.filter(pk__in=showing | ids))
    for page in shown:
        ids.add(page.pk)
        ids.update(Page.objects.ancestor_of(page).values_list("pk", flat=True))
    urls = {url_by_page[pk] for pk in ids if pk in url_by_page}
    if ids or showing:
        urls |= tag_listings
    return frozenset(urls)


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
    re-rendered page links to a file the build would not have.
    """
    started = time.monotonic()
    build_dir = Path(build_dir).absolute()
    with bake_lock(build_dir=build_dir):
        if not (build_dir / "index.html").is_file():
            report = bake_site(build_dir=build_dir, progress=False)
            record_full_bake(build_dir=build_dir)
            return IncrementalReport(build_dir=build_dir, pages=report.pages,
                                     extra_files=report.extra_files, removed=0,
                                     media_copied=report.media_files, full=True,
                                     seconds=time.monotonic() - started)
        manifest = read_manifest(build_dir=build_dir)
        outputs = current_outputs()
        affected = pages_affected_by(page_ids=page_ids, context_page_ids=context_page_ids,
                                     objects=objects, everything=everything, outputs=outputs)
        # Pages the build lacks although the database bakes them (published while
        # another bake ran, or by an earlier failed bake): a listing may link to them.
        known = set(manifest["pages"])
        affected |= {url for url in outputs if page_file(url) not in known}
        staging = _sibling(build_dir, f"incr-{_stamp()}")
        staging.mkdir()
        try:
            result = _render_and_apply(build_dir=build_dir, staging=staging, manifest=manifest,
                                       outputs=outputs, affected=affected)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return IncrementalReport(build_dir=build_dir, pages=result[0], extra_files=result[1],
                             removed=result[2], media_copied=result[3], full=False,
                             seconds=time.monotonic() - started)


def _render_and_apply(*, build_dir: Path, staging: Path, manifest: dict, outputs: dict,
                      affected: frozenset[str]) -> tuple[int, int, int, int]:
    extras = extra_files()
    with _bakery_build_dir(staging):
        for dotted in settings.BAKERY_VIEWS:
            view = get_callable(dotted)()
            if not hasattr(view, "iter_objects"):
                view.build_method()
        for url in sorted(affected):
            view, obj = outputs[url]
            view.build_object(obj)
        writer = ExtraFileWriter() if extras else None
        for extra in extras:
            writer.write(extra, build_dir=staging)
    # What `prepare_static_host` adds to a full bake, minus what only the whole build
    # can give (hashing the theme: reused from the live manifest; the search index).
    write_404_page(build_dir=staging)
    build_search_page(build_dir=staging)
    write_redirects(build_dir=staging)
    rewrite_static_references(build_dir=staging, mapping=read_static_manifest(build_dir=build_dir))
    extra_relatives = {extra.relative.lstrip("/") for extra in extras}
    written = sorted(path.relative_to(staging).as_posix()
                     for path in staging.rglob("*") if path.is_file())
    page_files = ({page_file(url) for url in outputs}
                  | {rel for rel in written if rel not in extra_relatives})
    stale = ((set(manifest["pages"]) - page_files)
             | (set(manifest["extras"]) - extra_relatives))

    html_media = dict(manifest["html"])
    for rel in stale:
        html_media.pop(rel, None)
    hosts = _own_hosts()
    media_prefix = "/" + settings.MEDIA_URL.strip("/") + "/"
    scanned = []
    for rel in written:
        if rel.endswith(".html"):
            page = _scan(staging, rel, hosts)
            scanned.append(page)
            html_media[rel] = sorted(p for p in page.paths if p.startswith(media_prefix))
    media = {p for paths in html_media.values() for p in paths} | extra_media_paths()

    broken = _broken_links(build_dir=build_dir, staging=staging, pages=scanned,
                           gone=stale, media=media)
    if broken:
        raise BrokenLinksError(_broken_links_message(broken))

    compress_build(build_dir=staging)  # .gz and .br twins travel with their file
    written = sorted(path.relative_to(staging).as_posix()
                     for path in staging.rglob("*") if path.is_file())
    for rel in written:
        destination = build_dir / rel
        destination.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / rel, destination)  # atomic: readers see old or new, never half
    copied = _sync_media(build_dir=build_dir, wanted=media,
                         previous=set(manifest["media"]))
    removed = 0
    for rel in sorted(stale | {p.lstrip("/") for p in set(manifest["media"]) - media}):
        removed += _remove(build_dir, rel)
        for twin in (f"{rel}.gz", f"{rel}.br"):
            _remove(build_dir, twin)
    _rebuild_search_index(build_dir=build_dir)
    write_manifest(build_dir=build_dir, manifest={
        "pages": sorted(page_files), "extras": sorted(extra_relatives),
        "media": sorted(media), "html": html_media,
    })
    pages = sum(1 for rel in written if rel not in extra_relatives)
    return pages, len(extras), removed, copied


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


def _scan(root: Path, rel: str, hosts: set[str]) -> PageLinks:
    html_file = root / rel
    url = page_url_for(root, html_file)
    html = html_file.read_text(encoding="utf-8", errors="replace")
    paths = [internal_path(ref, page_url=url, own_hosts=hosts) for ref in raw_references(html)]
    return PageLinks(url=url, file=html_file,
                     paths=tuple(dict.fromkeys(p for p in paths if p is not None)))


def _broken_links(*, build_dir: Path, staging: Path, pages: list[PageLinks], gone: set[str],
                  media: set[str]) -> list[BrokenLink]:
    """Links of the re-rendered pages that the build will not answer once applied."""
    media_root = Path(settings.MEDIA_ROOT)
    media_prefix = "/" + settings.MEDIA_URL.strip("/") + "/"
    broken = []
    for page in pages:
        for path in page.paths:
            if resolve(staging, path) is not None:
                continue
            live = resolve(build_dir, path)
            if live is not None and live.relative_to(build_dir.resolve()).as_posix() not in gone:
                continue
            if path in media and (media_root / path[len(media_prefix):]).is_file():
                continue
            broken.append(BrokenLink(page_url=page.url, reference=path))
    return broken


def _sync_media(*, build_dir: Path, wanted: set[str], previous: set[str]) -> int:
    """Copy used media the build lacks, or whose source changed; return how many."""
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
    Only files the bake itself writes are listed: anything else in the build
    (static-host files, redirect pages) is never touched by an incremental bake.
    """
    build_dir = Path(build_dir).absolute()
    media = settings.MEDIA_URL.strip("/") + "/"
    hosts = _own_hosts()
    pages = sorted(rel for rel in map(page_file, current_outputs())
                   if (build_dir / rel).is_file())
    html = {rel: sorted(p for p in _scan(build_dir, rel, hosts).paths if p.startswith("/" + media))
            for rel in pages}
    return {
        "pages": pages,
        "extras": sorted(rel for rel in (extra.relative.lstrip("/") for extra in extra_files())
                         if (build_dir / rel).is_file()),
        "media": sorted("/" + path.relative_to(build_dir).as_posix()
                        for path in (build_dir / media).rglob("*") if path.is_file()),
        "html": html,
    }


def record_full_bake(*, build_dir: Path) -> None:
    """Call right after `bake_site` (under its lock) so later incremental bakes know the build."""
    write_manifest(build_dir=build_dir, manifest=scan_manifest(build_dir=build_dir))


def write_manifest(*, build_dir: Path, manifest: dict) -> None:
    """Record `manifest` for the live build (atomically, tied to the folder's inode)."""
    path = manifest_path(build_dir)
    data = {**manifest, "version": MANIFEST_VERSION, "inode": Path(build_dir).stat().st_ino}
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(json.dumps(data, indent=1, sort_keys=True))
    os.replace(temporary, path)
