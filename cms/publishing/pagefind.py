"""Indexing: Pagefind run over each search bundle of a build (`search.search_bundles`).

Each bundle is indexed into a sibling folder and then moved into the build, so a
visitor's search keeps the old bundle until the new one is whole; a full bake runs
Pagefind one bundle at a time, so its memory is that of the largest section, and a
publish re-indexes only the bundles holding the pages it changed
(`statichost.rebuild_search_index`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from .exceptions import BakeError
from .paths import sibling, stamp
from .postprocess import COMPRESSIBLE_SUFFIXES, compress_build
from .search import SearchBundle, bundle_folders, search_bundles

PAGEFIND_TIMEOUT_SECONDS = 600
# Characters a folder name would have to escape in Pagefind's `--glob`: such a section is
# indexed through links instead (a slug never has them).
GLOB_SPECIALS = frozenset("*?[]{}!,\\")


def build_search_index(*, build_dir: Path, bundles: list[SearchBundle] | None = None,
                       only: Iterable[str] | None = None, live: bool = False) -> list[Path]:
    """Index the build with Pagefind, one bundle at a time; return the bundle folders.

    Each bundle is written beside the build, then swapped in: a visitor's search keeps
    the old bundle until the new one is whole. In a `live` build it is compressed first
    (a full bake compresses its whole new build later). `bundles`: `search_bundles` of the
    build, if known; `only`: those (their `path`) to index again, if not all. Bundles the
    build no longer has are removed.
    """
    bundles = search_bundles(build_dir=build_dir) if bundles is None else bundles
    wanted = {bundle.path for bundle in bundles}
    written = []
    for bundle in bundles:
        if only is None or bundle.path in only:
            written.append(_index_bundle(build_dir=build_dir, bundle=bundle, compress=live))
    for old in bundle_folders(build_dir):
        if old.name not in wanted:
            shutil.rmtree(old, ignore_errors=True)
    return written


def _index_bundle(*, build_dir: Path, bundle: SearchBundle, compress: bool) -> Path:
    """Run Pagefind for one bundle, into a sibling folder, then move it into the build.

    A section's bundle reads the section's folder of the build (Pagefind's `--glob`): its
    pages without a marked body (the listings) are skipped by Pagefind itself, as the
    section has marked ones. The rest of the site's bundle indexes hard links to its
    listed files, gathered in a sibling folder: Pagefind reads a folder, and a link costs
    no copy (but a folder for each page, which on a section of thousands cost seconds).
    """
    work = sibling(build_dir, f"pagefind-{stamp()}")
    work.mkdir()
    try:
        site, glob = build_dir, None
        if bundle.folder and not GLOB_SPECIALS.intersection(bundle.folder):
            glob = f"{bundle.folder}/**/*.html"
        elif bundle.files is not None:
            site = work / "site"
            for name in bundle.files:
                (site / name).parent.mkdir(parents=True, exist_ok=True)
                os.link(build_dir / name, site / name)
        output = work / "bundle"
        _run_pagefind(site=site, output=output, glob=glob)
        if compress:
            compress_build(build_dir=output, files=[
                path for path in sorted(output.rglob("*"))
                if path.is_file() and path.suffix in COMPRESSIBLE_SUFFIXES])
        destination = build_dir / bundle.path
        if destination.is_dir():
            os.rename(destination, work / "old")
        os.rename(output, destination)
        return destination
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run_pagefind(*, site: Path, output: Path, glob: str | None = None) -> None:
    """Pagefind over `site` (its HTML files matching `glob`, if given), its bundle written
    to `output`.

    The language is forced to the site's own, so pages without a `lang` (the
    redirect pages) cannot split the index in two.
    """
    language = settings.LANGUAGE_CODE.split("-")[0]
    command = [sys.executable, "-m", "pagefind", "--site", str(site),
               "--output-path", str(output), "--force-language", language, "--silent",
               *(("--glob", glob) if glob else ())]
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False,
                                timeout=PAGEFIND_TIMEOUT_SECONDS)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise BakeError(_("L'indice di ricerca (Pagefind) non si genera: %(error)s. "
                          "Controlla che il pacchetto «pagefind[bin]» sia installato.")
                        % {"error": error}) from error
    if result.returncode != 0 or not (output / "pagefind-entry.json").is_file():
        detail = (result.stderr or result.stdout).strip()[-2000:]
        raise BakeError(_("L'indice di ricerca (Pagefind) non si genera (codice %(code)s): "
                          "%(detail)s") % {"code": result.returncode, "detail": detail})
