"""What a plain static host needs beyond the pages: 404, hashed assets, compressed copies.

A static host has no application to fall back on, so the build itself must carry
everything: a `/404.html` to show for unknown paths, CSS whose name changes with its
content (so it can be cached for a year and still never go stale), and `.gz`/`.br`
companions next to every text file for nginx's `gzip_static`/`brotli_static`.

Two stages of the bake use this module (see `services.py`): the static host stage
(`statichost.py`) hashes the assets with `hash_static_files` and renders its pages
with `render_theme_page`; the compress stage calls `compress_build` last, just before
the swap, so every file — media included — already has its final bytes.
"""

from __future__ import annotations

import gzip
import os
import re
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import Any

import brotli

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestStaticFilesStorage
from django.template.loader import render_to_string
from django.test.client import RequestFactory
from django.utils.translation import gettext as _

from cms.core.site_settings import current_site

from .cores import share_out
from .exceptions import BakeError
from .faults import pause_point
from .paths import files_under

# Served as text by a static host, so worth a precompressed copy.
COMPRESSIBLE_SUFFIXES = frozenset({
    ".html", ".css", ".js", ".mjs", ".xml", ".xsl", ".json", ".ics", ".svg", ".txt",
    ".webmanifest", ".map",
})
# Text files whose references to static files must follow the hashed names. CSS is
# rewritten by Django's own storage, which understands `url()` and `@import`.
REWRITTEN_SUFFIXES = frozenset({".html", ".xml", ".xsl", ".json", ".webmanifest"})
# Compression settings: fixed, because an incremental bake must write the same bytes
# as a full one. Brotli 8 is measured on a baked 1000-page site at 0.11 ms a file,
# 8% larger than quality 11 (7 ms a file) and 8% smaller than gzip; from 9 on it is
# 24–64 times slower for at most 7% less, too much for a bake after every publish.
GZIP_LEVEL = 9
BROTLI_QUALITY = 8
# A worker process is started for every this many files, up to one per core: a
# partial bake's handful of files is compressed or rewritten in the bake's own process.
FILES_PER_WORKER = 50
MANIFEST_NAME = ManifestStaticFilesStorage.manifest_name
# The compressed twins written beside each text file, in this order.
TWINS = (".gz", ".br")


def render_theme_page(*, template_name: str, url: str,
                      context: dict[str, Any] | None = None) -> str:
    """A theme template rendered as if a visitor requested `url` of the baked site.

    The request is what the context processors and the theme's tags need for the
    site settings, the menu and the canonical address, exactly as on a real page.
    """
    site = current_site()
    factory = RequestFactory(SERVER_NAME=site.hostname if site else "localhost",
                             SERVER_PORT=str(site.port) if site else "80")
    request = factory.get(url)
    return render_to_string(template_name, context or {}, request=request)


def hash_static_files(*, build_dir: Path) -> dict[str, str]:
    """Give every static file of the build a content-hashed twin and point the build at it.

    Django's `ManifestStaticFilesStorage` does the hashing and the `url()` rewriting
    inside CSS (the same code as `collectstatic` in production); the HTML and XML the
    bake wrote are then rewritten from its manifest. The unhashed originals stay, so
    a page written later by a partial bake still finds its files, and the manifest
    (`static/staticfiles.json`) lets such a bake rewrite its own pages. Returns
    `{original name: hashed name}`.
    """
    static_root = build_dir / settings.STATIC_URL.strip("/")
    if not static_root.is_dir():
        return {}
    storage = ManifestStaticFilesStorage(location=str(static_root), base_url=settings.STATIC_URL)
    # Hashed twins from an earlier run over this build are not hashed again.
    already_hashed = set(storage.hashed_files.values())  # read from the manifest
    names = sorted(name for name in (path.relative_to(static_root).as_posix()
                                     for path in static_root.rglob("*") if path.is_file())
                   if name != MANIFEST_NAME and name not in already_hashed
                   and not name.endswith((".gz", ".br")))
    for name, _hashed, processed in storage.post_process({n: (storage, n) for n in names}):
        if isinstance(processed, Exception):
            raise BakeError(_("Il file statico %(name)s del tema non si può preparare per la "
                              "pubblicazione (%(error)s): correggi il file o il riferimento "
                              "che contiene e rifai il bake.")
                            % {"name": name, "error": processed}) from processed
    mapping = {name: storage.hashed_files[name] for name in names if name in storage.hashed_files}
    rewrite_static_references(build_dir=build_dir, mapping=mapping)
    return mapping


def rewrite_static_references(*, build_dir: Path, mapping: dict[str, str],
                              files: Iterable[Path] | None = None) -> int:
    """Point `/static/<name>` references at their hashed names; return the files changed.

    `files` defaults to every HTML/XML/JSON file of the build outside `static/`, shared
    out among the machine's cores when there are many (a full bake's thousands of pages).
    Safe to run twice: a hashed name is not in `mapping`, so it is left alone.
    """
    if not mapping:
        return 0
    static_dir = build_dir / settings.STATIC_URL.strip("/")
    if files is None:
        files = (path for path in files_under(build_dir, suffixes=REWRITTEN_SUFFIXES)
                 if static_dir not in path.parents)
    rewrite = partial(_rewrite_files, mapping=mapping, static_url=settings.STATIC_URL)
    return sum(share_out(rewrite, list(files), per_worker=FILES_PER_WORKER))


def _rewrite_files(files: list[Path], *, mapping: dict[str, str], static_url: str) -> int:
    # The prefix (after a scheme and host or not, as in canonical or feed links: only
    # the name changes), then a path up to the first character that cannot be part of a
    # plain URL path. Starting with the prefix itself, the search skips quickly ahead.
    pattern = re.compile(re.escape(static_url) + r"(?P<name>[^\s\"'<>()?#,\\]+)")

    def replace(match: re.Match) -> str:
        hashed = mapping.get(match["name"])
        return static_url + hashed if hashed else match[0]

    changed = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        rewritten = pattern.sub(replace, text)
        if rewritten != text:
            path.write_text(rewritten, encoding="utf-8")
            changed += 1
    return changed


def read_static_manifest(*, build_dir: Path) -> dict[str, str]:
    """The `{original: hashed}` names of a build, for a partial bake adding pages to it."""
    storage = ManifestStaticFilesStorage(location=str(build_dir / settings.STATIC_URL.strip("/")),
                                         base_url=settings.STATIC_URL)
    return dict(storage.hashed_files)  # the storage reads its manifest when created


def compress_build(*, build_dir: Path, files: Iterable[Path] | None = None,
                   earlier: Path | None = None, here: bool = False) -> int:
    """Write `<file>.gz` and `<file>.br` beside every text file; return how many files.

    Both are byte-for-byte reproducible (gzip with no timestamp or name in its
    header, brotli at a fixed quality), so two bakes of the same content produce
    identical files. Companions are always rewritten: files are copied with their
    original times, so a time comparison could keep a stale one. A partial bake
    passes only the `files` it wrote. A full bake's thousands of files are shared
    out among the machine's cores; a handful is compressed in this process. With
    `earlier` (the live build a full bake replaces), a file whose twins there hold
    exactly its bytes takes those twins instead of being compressed again: most of a
    re-bake's files are unchanged, and decompressing costs a fraction of compressing.
    `here` keeps the work in this process (for a thread, which must not fork).
    """
    if files is None:
        files = files_under(build_dir, suffixes=COMPRESSIBLE_SUFFIXES)
    work = partial(_compress_files, build_dir=build_dir, earlier=earlier)
    if here:
        return work(list(files))
    return sum(share_out(work, list(files), per_worker=FILES_PER_WORKER))


def _compress_files(files: Iterable[Path], *, build_dir: Path, earlier: Path | None) -> int:
    count = 0
    pause_point("compress")
    for path in files:
        data = path.read_bytes()
        twins = [path.with_name(path.name + twin) for twin in TWINS]
        old = None if earlier is None else _twins_holding(
            data, earlier / path.relative_to(build_dir))
        if old is None or not _linked(old, twins):
            for twin, compressed in zip(twins, (_gzip(data), _brotli(data)), strict=True):
                twin.write_bytes(compressed)
        count += 1
    return count


def _twins_holding(data: bytes, old: Path) -> list[Path] | None:
    """`old`'s `.gz` and `.br`, if both decompress to exactly `data`."""
    twins = [old.with_name(old.name + twin) for twin in TWINS]
    try:
        gz, br = (twin.read_bytes() for twin in twins)
        if gzip.decompress(gz) == data and brotli.decompress(br) == data:
            return twins
    except (OSError, EOFError, gzip.BadGzipFile, brotli.error):
        pass
    return None


def _linked(sources: list[Path], destinations: list[Path]) -> bool:
    """Hard-link each source to its destination; False (nothing left behind) if one fails.

    A link instead of a copy: a new file costs the file system far more than a new name
    for an existing one, and no stage writes a compressed twin in place (an incremental
    bake replaces it with a new file), so the two builds never see each other's changes.
    """
    try:
        for source, destination in zip(sources, destinations, strict=True):
            os.link(source, destination)
    except OSError:
        for destination in destinations:
            destination.unlink(missing_ok=True)
        return False
    return True


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)


def _brotli(data: bytes) -> bytes:
    return brotli.compress(data, quality=BROTLI_QUALITY)
