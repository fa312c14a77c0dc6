"""Apply: move an incremental bake's staged files into the live build, one file at a time.

The incremental bake's last stage (the full bake swaps the whole folder instead,
see `swap.py`). Each file is compressed in staging, written to disk, then moved in
with `os.replace`, so a visitor reads the old file or the new one, never half of
one; files the database no longer bakes are removed with their compressed twins.
A publish's few files are compressed in a thread while the link check runs
(`compressing`).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

from .links import FILES_PER_SCAN_WORKER
from .paths import files_under, flush_file_system, media_prefix, sibling, stamp
from .postprocess import COMPRESSIBLE_SUFFIXES, TWINS, compress_build

# The compression started by `compressing`: it gives the staged files and those the build
# already holds.
Compression = Future[tuple[list[str], set[str]]]


@contextmanager
def staging_folder(build_dir: Path, kind: str) -> Iterator[Path]:
    """A fresh sibling folder of the build, removed afterwards whatever happens."""
    staging = sibling(build_dir, f"{kind}-{stamp()}")
    staging.mkdir()
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def move_into_place(*, staging: Path, build_dir: Path,
                    compressed: Compression | None = None) -> list[str]:
    """Compress, then move every staged file into the build; return those rendered.

    The returned list holds the staged files before compression (not their twins).
    A file whose bytes the build already has is neither compressed nor moved (a listing
    re-rendered to be safe, a feed the edit did not change). Compressed twins go in
    before their file, so a file in place always has its twins up to date. With
    `compressed` (from `compressing`), the compression already ran meanwhile.
    """
    if compressed is None:
        written = _staged_files(staging)
        unchanged = _compress_changed(written, staging=staging, build_dir=build_dir)[1]
    else:
        written, unchanged = compressed.result()
    for rel in unchanged:
        (staging / rel).unlink()
    moved = sorted((path.relative_to(staging).as_posix() for path in files_under(staging)),
                   key=_twins_first)
    flush_file_system(staging)  # the data is on disk before any name points at it
    for rel in moved:
        destination = build_dir / rel
        destination.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / rel, destination)  # atomic: readers see old or new, never half
    return written


@contextmanager
def compressing(*, staging: Path, build_dir: Path) -> Iterator[Compression | None]:
    """While the block runs (the link check), compress in a thread the staged files the
    build does not already hold; pass what this yields to `move_into_place`.

    A publish stages a hundred files or so, and zlib and brotli let go of the
    interpreter's lock: the compression takes the second core while this one checks the
    links. With as many files as make the check fork its workers (a change re-rendering
    the site), this yields None and `move_into_place` compresses after the check, on
    every core (no fork while a thread runs). The block ends once the thread is done.
    """
    files = _staged_files(staging)
    if len(files) >= 2 * FILES_PER_SCAN_WORKER:
        yield None
        return
    with ThreadPoolExecutor(max_workers=1) as pool:  # leaving waits for the thread
        yield pool.submit(_compress_changed, files, staging=staging, build_dir=build_dir,
                          here=True)


def _staged_files(staging: Path) -> list[str]:
    return sorted(path.relative_to(staging).as_posix() for path in files_under(staging))


def _compress_changed(files: list[str], *, staging: Path, build_dir: Path,
                      here: bool = False) -> tuple[list[str], set[str]]:
    """Compress those of the staged `files` the build does not hold already (in this
    thread if `here`); return `files` and the others."""
    unchanged = {rel for rel in files if _already_there(staging / rel, build_dir / rel)}
    compress_build(build_dir=staging, here=here, files=[
        staging / rel for rel in files
        if rel not in unchanged and Path(rel).suffix in COMPRESSIBLE_SUFFIXES])
    return files, unchanged


def _already_there(staged: Path, live: Path) -> bool:
    """Whether `live` holds the same bytes as `staged` (and, if compressible, its twins)."""
    try:
        if live.stat().st_size != staged.stat().st_size:
            return False
    except FileNotFoundError:
        return False
    if staged.suffix in COMPRESSIBLE_SUFFIXES and not all(
            live.with_name(f"{live.name}{twin}").is_file() for twin in TWINS):
        return False
    return live.read_bytes() == staged.read_bytes()


def _twins_first(rel: str) -> tuple[str, int]:
    for twin in TWINS:
        if rel.endswith(twin):
            return (rel[: -len(twin)], 0)
    return (rel, 1)


def remove_files(build_dir: Path, relatives: Iterable[str]) -> int:
    """Delete files of the build with their compressed twins; return how many existed."""
    removed = 0
    for rel in sorted(relatives):
        removed += _remove(build_dir, rel)
        for twin in (f"{rel}.gz", f"{rel}.br"):
            _remove(build_dir, twin)
    return removed


def sync_media(*, build_dir: Path, wanted: set[str]) -> int:
    """Copy used media the build lacks, or whose source changed; return how many.

    Text media (SVG) get their `.gz` and `.br` twins, moved in before the file itself.
    """
    media_root = Path(settings.MEDIA_ROOT).resolve()
    prefix = media_prefix()
    copied = 0
    for path in sorted(wanted):
        source = (media_root / path[len(prefix):]).resolve()
        if media_root not in source.parents or not source.is_file():
            continue
        destination = build_dir / path.lstrip("/")
        if destination.is_file() and destination.stat().st_size == source.stat().st_size \
                and destination.stat().st_mtime == source.stat().st_mtime:
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        temporary = destination.with_name(f".{destination.name}.{stamp()}.tmp")
        shutil.copy2(source, temporary)
        if destination.suffix in COMPRESSIBLE_SUFFIXES:  # an SVG: twins as the full bake writes
            compress_build(build_dir=build_dir, files=[temporary])
            for twin in TWINS:
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
