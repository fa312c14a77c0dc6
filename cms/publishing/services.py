"""The bake: the whole public site as static files, swapped in only when it is whole.

The site is rendered into a fresh sibling folder (`<build>.new-<timestamp>`), read
back and checked, and only then renamed into place; the build it replaces is kept
as `<build>.previous` for `rollback_build`. Whatever goes wrong, the half-built
folder is removed and the live build is left exactly as it was, so a mistake in
one page can never take the published site down.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from tqdm import tqdm

from django.conf import settings
from django.urls import get_callable
from django.utils.translation import gettext as _

from cms.core.listings import shared_signatures

from .artefacts import extra_files, extra_media_paths, write_extra_files
from .assets import copy_theme_static, copy_used_media, used_media_paths
from .exceptions import BakeError, SiteShrinkError
from .faults import pause_point
from .links import find_broken_links, scan_build
from .postprocess import compress_build, prepare_static_host
from .problems import broken_links_error
from .records import recorded
from .render import FAST_RENDERED_VIEWS, default_site, render_site, render_targets


@dataclass(frozen=True)
class BakeReport:
    """What a finished bake produced, for the summary line and for tests."""

    build_dir: Path
    pages: int
    extra_files: int
    static_files: int
    media_files: int
    files: int
    seconds: float


@recorded(kind="full")
def bake_site(*, build_dir: Path, progress: bool = True, force: bool = False) -> BakeReport:
    """Render every published public page and tag listing into `build_dir`, atomically.

    Raises `BakeError` (with the page or link to fix) and leaves `build_dir` untouched
    if any page fails to render or any baked page points at a missing file. Holds the
    bake lock, so it never interleaves with an incremental bake. Refuses, unless `force`,
    to replace the live site with one of fewer than half its pages (`SiteShrinkError`):
    an almost empty database, say, after a failed restore.
    """
    from .incremental import record_full_bake
    from .locking import bake_lock
    from .signals import suspended

    # Saves made while rendering (a new rendition, a document's size) queue no bake:
    # this one covers them.
    with bake_lock(build_dir=Path(build_dir).absolute()), suspended():
        report = _bake_site(build_dir=build_dir, progress=progress, force=force)
        # The manifest lets the next incremental bake know what this build holds.
        record_full_bake(build_dir=report.build_dir)
    return report


def _bake_site(*, build_dir: Path, progress: bool, force: bool = False) -> BakeReport:
    """The full bake itself; callers hold the bake lock."""
    started = time.monotonic()
    build_dir = Path(build_dir).absolute()
    _refuse_foreign_dir(build_dir)
    build_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = _sibling(build_dir, f"new-{_stamp()}")
    staging.mkdir()
    try:
        with _bakery_build_dir(staging):
            pages, extra = _render_pages(build_dir=staging, progress=progress)
        static_files = copy_theme_static(build_dir=staging)
        # 404 page, /cerca/ with its Pagefind index, redirects, hashed asset names.
        prepare_static_host(build_dir=staging)
        if not force:
            _refuse_shrinking(new=staging, live=build_dir)
        # Pages, feeds, sitemap, API, calendars and CSS: all that a visitor or a program follows.
        scanned = scan_build(build_dir=staging, own_hosts=_own_hosts())
        media_files = copy_used_media(build_dir=staging,
                                      paths=used_media_paths(scanned) | extra_media_paths())
        broken = find_broken_links(build_dir=staging, pages=scanned)
        if broken:
            raise broken_links_error(broken)
        compress_build(build_dir=staging)  # .gz and .br beside every text file
        files = sum(1 for path in staging.rglob("*") if path.is_file())
        pause_point("swap")
        _swap_into_place(new=staging, live=build_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return BakeReport(build_dir=build_dir, pages=pages, extra_files=extra,
                      static_files=static_files, media_files=media_files, files=files,
                      seconds=time.monotonic() - started)


def rollback_build(*, build_dir: Path) -> Path:
    """Put `<build>.previous` back in place; the build it replaces becomes the previous one.

    Running it twice therefore undoes the rollback. Holds the bake lock: a rollback
    during a bake waits for it, instead of moving folders under its feet.
    """
    from .locking import bake_lock

    build_dir = Path(build_dir).absolute()
    with bake_lock(build_dir=build_dir):
        return _rollback(build_dir=build_dir)


def _rollback(*, build_dir: Path) -> Path:
    previous = previous_build_dir(build_dir)
    if not previous.is_dir():
        raise BakeError(_("Non c'è un bake precedente da ripristinare (%(path)s non esiste): "
                          "il ripristino è possibile solo dopo almeno due bake riusciti.")
                        % {"path": previous})
    if build_dir.exists():
        parked = _sibling(build_dir, f"rollback-{_stamp()}")
        os.rename(build_dir, parked)
        os.rename(previous, build_dir)
        os.rename(parked, previous)
    else:
        os.rename(previous, build_dir)
    return build_dir


def previous_build_dir(build_dir: Path) -> Path:
    """Where the build replaced by the last bake is kept."""
    return _sibling(Path(build_dir).absolute(), "previous")


def _render_pages(*, build_dir: Path, progress: bool) -> tuple[int, int]:
    """Render every page and listing, run any other `BAKERY_VIEWS` view, write the extra files.

    The pages of `PublishedPagesView` and `TagListingsView` go through the fast renderer
    (`render.py`: same bytes, no per-page routing, one process per core); any other view
    listed in `BAKERY_VIEWS` still builds itself through wagtail-bakery.
    """
    site = default_site()
    with shared_signatures():
        targets = render_targets(site=site) if site is not None else []
    views = [get_callable(path)() for path in settings.BAKERY_VIEWS
             if path not in FAST_RENDERED_VIEWS]
    work = [(view, list(view.iter_objects()) if hasattr(view, "iter_objects") else None)
            for view in views]
    extras = extra_files()
    total = len(targets) + len(extras)
    total += sum(len(objects) if objects is not None else 1 for _view, objects in work)
    pages = 0
    with tqdm(total=total, disable=not progress, file=sys.stderr, unit=" file",
              desc=_("Bake"), leave=False) as bar:
        pages += render_site(build_dir=build_dir, targets=targets, on_progress=bar.update).pages
        for view, objects in work:
            if objects is None:
                # A plain django-bakery view (a feed, a 404 page): it builds itself.
                view.build_method()
                pages += 1
                bar.update()
                continue
            for obj in objects:
                view.build_object(obj)
                pages += 1
                bar.update()
        write_extra_files(extras, build_dir=build_dir, on_progress=bar.update)
    return pages, len(extras)


@contextmanager
def _bakery_build_dir(path: Path) -> Iterator[None]:
    """Point django-bakery's views at `path` while they write (they read `settings.BUILD_DIR`)."""
    missing = object()
    old = getattr(settings, "BUILD_DIR", missing)
    settings.BUILD_DIR = str(path)
    try:
        yield
    finally:
        if old is missing:
            del settings.BUILD_DIR
        else:
            settings.BUILD_DIR = old


def _swap_into_place(*, new: Path, live: Path) -> None:
    """Replace `live` with `new`, keeping the replaced build as the one previous build."""
    previous = previous_build_dir(live)
    discarded = None
    if live.exists():
        if previous.exists():
            discarded = _sibling(live, f"old-{_stamp()}")
            os.rename(previous, discarded)
        os.rename(live, previous)
    try:
        os.rename(new, live)
    except OSError:
        if previous.exists() and not live.exists():
            os.rename(previous, live)
        if discarded is not None:
            os.rename(discarded, previous)
        raise
    if discarded is not None:
        shutil.rmtree(discarded, ignore_errors=True)


def _refuse_foreign_dir(build_dir: Path) -> None:
    """Never move aside a folder that is not a baked site (e.g. a mistyped `--build-dir`)."""
    if build_dir.is_dir() and any(build_dir.iterdir()) and not (build_dir / "index.html").exists():
        raise BakeError(_("La cartella %(path)s esiste, non è vuota e non contiene un sito "
                          "generato: indica un'altra cartella con --build-dir oppure svuotala.")
                        % {"path": build_dir})


def page_count(build_dir: Path) -> int:
    """The pages of a build: its `index.html` files."""
    return sum(1 for _path in build_dir.rglob("index.html")) if build_dir.is_dir() else 0


def _refuse_shrinking(*, new: Path, live: Path) -> None:
    new_pages, live_pages = page_count(new), page_count(live)
    if new_pages * 2 < live_pages:
        raise SiteShrinkError(
            _("Il nuovo bake ha solo %(new)d pagine, il sito online ne ha %(live)d: meno della "
              "metà. Il sito online non è stato toccato. Se è voluto (molte pagine ritirate), "
              "rifai il bake con «manage.py bake --force»; altrimenti controlla il database "
              "(un ripristino non riuscito?).") % {"new": new_pages, "live": live_pages})


def _own_hosts() -> set[str]:
    """Hosts whose absolute links point into this very build (the public address)."""
    host = urlsplit(getattr(settings, "RETE_BASE_URL", "")).hostname
    return {host} if host else set()


def _sibling(build_dir: Path, suffix: str) -> Path:
    return build_dir.with_name(f"{build_dir.name}.{suffix}")


def _stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S-%f")
