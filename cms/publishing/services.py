"""The bake: the whole public site as static files, swapped in only when it is whole.

Both bakes — this full one and the incremental one after a publish (`incremental.py`)
— run the same stages, one module each:

1. select (`select.py`): the outputs the database bakes now (and, incrementally,
   those an edit affects);
2. render (`output.py`): the pages and the extra files (API, calendars, feeds…)
   into a fresh staging folder beside the build;
3. static host (`statichost.py`): 404 page, search page, redirects, hashed assets,
   the search index;
4. media (`assets.py` for the full bake, `apply.sync_media` incrementally): the media
   files the pages use;
5. check (`check.py`): no link or media reference without a file behind it;
6. compress (`postprocess.compress_build`): `.gz` and `.br` beside every text file;
7. swap (`swap.py`, full) or apply (`apply.py`, incremental): the new files go live
   atomically, and the manifest (`manifest.py`) records what the build holds — made
   from what the stages gathered, without reading the build back.

Whatever goes wrong, the staging folder is removed and the live build is left exactly
as it was, so a mistake in one page can never take the published site down.

Each bake is of one Wagtail site, into its own folder (`sites.py`): `bake_site(site=…)`
sets the site once (`sites.baking`) and every stage reads it.
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from django.utils.translation import gettext as _

from wagtail.models import Site

from cms.core.listings import shared_signatures

from .artefacts import extra_files, extra_media_paths
from .assets import copy_theme_static, copy_used_media, used_media_paths
from .check import check_links, refuse_shrinking
from .exceptions import BakeError
from .faults import pause_point
from .links import scan_build
from .locking import bake_lock
from .manifest import manifest_of_bake, write_manifest
from .output import render_outputs, self_building_views
from .pagefind import build_search_index
from .paths import count_files, own_hosts, sibling, stamp
from .postprocess import compress_build
from .records import recorded
from .search import search_bundles
from .select import current_outputs
from .sites import baking
from .statichost import prepare_static_host
from .suspension import suspended
from .swap import previous_build_dir, rollback, swap_into_place

__all__ = ["BakeReport", "bake_site", "previous_build_dir", "rollback_build"]


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
    # Each stage's wall time in seconds, in the order they ran (`bake -v 2` prints them).
    stages: tuple[tuple[str, float], ...] = ()


@recorded(kind="full")
def bake_site(*, build_dir: Path, site: Site | None = None, progress: bool = True,
              force: bool = False) -> BakeReport:
    """Render every published public page and tag listing of `site` into `build_dir`, atomically.

    `site` defaults to the default site; its theme and public address are used throughout.
    Raises `BakeError` (with the page or link to fix) and leaves `build_dir` untouched
    if any page fails to render or any baked page points at a missing file. Holds the
    bake lock, so it never interleaves with an incremental bake. Refuses, unless `force`,
    to replace the live site with one of fewer than half its pages (`SiteShrinkError`):
    an almost empty database, say, after a failed restore.
    """
    # Saves made while rendering (a new rendition, a document's size) queue no bake:
    # this one covers them.
    with bake_lock(build_dir=Path(build_dir).absolute()), suspended():
        return bake_whole_site(build_dir=build_dir, site=site, progress=progress, force=force)


def bake_whole_site(*, build_dir: Path, site: Site | None = None, progress: bool = False,
                    force: bool = False) -> BakeReport:
    """The full bake's stages, and its manifest; the caller holds the bake lock."""
    with baking(site):
        return _bake_whole_site(build_dir=build_dir, progress=progress, force=force)


def _bake_whole_site(*, build_dir: Path, progress: bool, force: bool) -> BakeReport:
    started = time.monotonic()
    timer = StageTimer()
    build_dir = Path(build_dir).absolute()
    refuse_foreign_dir(build_dir)
    build_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = sibling(build_dir, f"new-{stamp()}")
    staging.mkdir()
    try:
        with timer("select"):
            with shared_signatures():
                outputs = current_outputs()
            extras = extra_files()
        total = len(outputs) + len(extras) + self_building_views()
        with timer("render"), tqdm(total=total, disable=not progress, file=sys.stderr,
                                   unit=" file", desc=_("Bake"), leave=False) as bar:
            written = render_outputs(build_dir=staging, outputs=outputs, extras=extras,
                                     on_progress=bar.update)
        with timer("static host"):
            static_files = copy_theme_static(build_dir=staging)
            # Which pages each search bundle indexes: for the search page, then Pagefind.
            bundles = search_bundles(build_dir=staging)
            prepare_static_host(build_dir=staging, bundles=bundles)
        with timer("search"):
            build_search_index(build_dir=staging, bundles=bundles)  # on the final HTML
        if not force:
            refuse_shrinking(new=staging, live=build_dir)
        with timer("check"):
            # Pages, feeds, sitemap, API, calendars and CSS: all a visitor or a program follows.
            scanned = scan_build(build_dir=staging, own_hosts=own_hosts())
        with timer("media"):
            media_files = copy_used_media(build_dir=staging,
                                          paths=used_media_paths(scanned) | extra_media_paths())
        with timer("check"):
            check_links(pages=scanned, staging=staging)
        # The manifest lets the next incremental bake know what this build holds.
        with timer("manifest"), shared_signatures():
            manifest = manifest_of_bake(build_dir=staging, outputs=outputs, pages=scanned,
                                        extras=extras)
        with timer("compress"):
            # .gz and .br beside every text file; the live build's, where it has the same.
            compress_build(build_dir=staging, earlier=build_dir if build_dir.is_dir() else None)
        files = count_files(staging)
        pause_point("swap")
        with timer("swap"):
            swap_into_place(new=staging, live=build_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    with timer("swap"):
        write_manifest(build_dir=build_dir, manifest=manifest)
    return BakeReport(build_dir=build_dir, pages=written.pages, extra_files=written.extra_files,
                      static_files=static_files, media_files=media_files, files=files,
                      seconds=time.monotonic() - started, stages=timer.totals())


class StageTimer:
    """Wall time per named stage, summed when a stage runs in more than one piece."""

    def __init__(self) -> None:
        self._seconds: dict[str, float] = {}

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        started = time.monotonic()
        try:
            yield
        finally:
            self._seconds[name] = self._seconds.get(name, 0.0) + time.monotonic() - started

    def totals(self) -> tuple[tuple[str, float], ...]:
        return tuple(self._seconds.items())


def rollback_build(*, build_dir: Path) -> Path:
    """Put `<build>.previous` back in place; the build it replaces becomes the previous one.

    Running it twice therefore undoes the rollback. Holds the bake lock: a rollback
    during a bake waits for it, instead of moving folders under its feet. The next
    publish after a rollback bakes the whole site (the manifest belongs to the other
    build), so the site is whole and consistent again at once.
    """
    build_dir = Path(build_dir).absolute()
    with bake_lock(build_dir=build_dir):
        return rollback(build_dir=build_dir)


def refuse_foreign_dir(build_dir: Path) -> None:
    """Never move aside a folder that is not a baked site (e.g. a mistyped `--build-dir`)."""
    if build_dir.is_dir() and any(build_dir.iterdir()) and not (build_dir / "index.html").exists():
        raise BakeError(_("La cartella %(path)s esiste, non è vuota e non contiene un sito "
                          "generato: indica un'altra cartella con --build-dir oppure svuotala.")
                        % {"path": build_dir})
