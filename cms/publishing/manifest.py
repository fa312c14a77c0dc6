"""The manifest: what the live build holds, so the next incremental bake knows it.

`<build>.manifest.json` records the page files, extra files and media of the build,
the media each page uses, the listings each index showed and the redirect pages.
Whatever the current database no longer bakes is deleted by the next incremental
bake, so a page's files go exactly when the full bake would drop them.

The manifest is tied to the folder it describes (its inode: `build` is a symlink, so
that of the version folder it points at). A manifest for another folder — after a
rollback, or a build put in place by hand — is no manifest at all: the next bake of
that build is a full one (see `bake_changes`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from cms.core.listings import shared_signatures

from .artefacts import ExtraFile, extra_files
from .links import PageLinks, scan_file
from .listings import listing_signatures
from .paths import media_prefix, own_hosts, page_file, sibling
from .redirects import REDIRECT_MARKER, static_redirects
from .render import baked_site
from .select import current_outputs

MANIFEST_VERSION = 4


@dataclass(frozen=True)
class Manifest:
    """The recorded contents of one build (all paths relative to it, media as URL paths)."""

    pages: list[str] = field(default_factory=list)  # page files (`a/b/index.html`)
    extras: dict[str, int | None] = field(default_factory=dict)  # extra file → its page
    media: list[str] = field(default_factory=list)  # `/media/…` paths copied in
    html: dict[str, list[str]] = field(default_factory=dict)  # page file → media it uses
    listings: dict[str, list[str]] = field(default_factory=dict)  # listing URL → ids shown
    redirects: list[str] = field(default_factory=list)  # redirect pages (`old/index.html`)

    def but(self, **changes: object) -> Manifest:
        """A copy with some fields replaced."""
        return replace(self, **changes)


def manifest_path(build_dir: Path) -> Path:
    """Beside the build (a full bake replaces the whole folder)."""
    return sibling(Path(build_dir).absolute(), "manifest.json")


# The manifest last read or written by this process, per manifest file, with that
# file's identity (inode, modification time, size) and the build folder's inode. A
# long-lived worker then parses a large site's manifest (MBs of JSON, 0.15 s at 5,000
# pages) once, not at every publish; any other writer replaces the file, so its
# identity changes. A Manifest is never changed in place (`but` makes a copy).
_last: dict[Path, tuple[tuple[int, int, int], int, Manifest]] = {}


def read_manifest(*, build_dir: Path) -> Manifest | None:
    """The recorded contents of the live build; None if none was recorded for it."""
    path = manifest_path(build_dir)
    try:
        identity = _identity(path)
        inode = Path(build_dir).stat().st_ino
        known = _last.get(path)
        if known is not None and known[:2] == (identity, inode):
            return known[2]
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.pop("version", None) != MANIFEST_VERSION \
            or data.pop("inode", None) != inode:
        return None
    manifest = Manifest(**data)
    _last[path] = (identity, inode, manifest)
    return manifest


def write_manifest(*, build_dir: Path, manifest: Manifest) -> None:
    """Record `manifest` for the live build (atomically, tied to the folder's inode)."""
    path = manifest_path(build_dir)
    inode = Path(build_dir).stat().st_ino
    # Its fields as they are (not `asdict`, which would copy every list of a large site).
    data = {**{item.name: getattr(manifest, item.name) for item in fields(manifest)},
            "version": MANIFEST_VERSION, "inode": inode}
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(json.dumps(data, sort_keys=True, separators=(",", ":")))
    os.replace(temporary, path)
    _last[path] = (_identity(path), inode, manifest)


def _identity(path: Path) -> tuple[int, int, int]:
    stat = path.stat()
    return stat.st_ino, stat.st_mtime_ns, stat.st_size


def scan_manifest(*, build_dir: Path) -> Manifest:
    """Describe a build a full bake just wrote, from the database and the files.

    Only files the bake itself writes are listed: anything else put in the build by
    hand is never touched by an incremental bake.
    """
    build_dir = Path(build_dir).absolute()
    media = media_prefix()
    hosts = own_hosts()
    pages = sorted(rel for rel in map(page_file, current_outputs())
                   if (build_dir / rel).is_file())
    html = {rel: sorted(p for p in scan_file(build_dir=build_dir, path=build_dir / rel,
                                             own_hosts=hosts).paths if p.startswith(media))
            for rel in pages}
    return Manifest(
        pages=pages,
        extras={extra.file: extra.page_id for extra in extra_files()
                if (build_dir / extra.file).is_file()},
        media=_media_files(build_dir),
        html=html,
        listings=listing_signatures(site=baked_site()),
        redirects=_redirect_pages(build_dir),
    )


def manifest_of_bake(*, build_dir: Path, outputs: Iterable[str], pages: Iterable[PageLinks],
                     extras: Iterable[ExtraFile]) -> Manifest:
    """The manifest of a build the full bake has just written, from what the bake already
    knows: the `outputs` it selected, the links it scanned (`pages`), the `extras` it wrote.

    Reads no file back but the redirect pages' first bytes.
    """
    build_dir = Path(build_dir)
    media = media_prefix()
    page_files = sorted(rel for rel in map(page_file, outputs) if (build_dir / rel).is_file())
    scanned = {page.file.relative_to(build_dir).as_posix(): page for page in pages}
    html = {rel: sorted(p for p in scanned[rel].paths if p.startswith(media)) if rel in scanned
            else [] for rel in page_files}
    return Manifest(
        pages=page_files,
        extras={extra.file: extra.page_id for extra in extras
                if (build_dir / extra.file).is_file()},
        media=_media_files(build_dir),
        html=html,
        listings=listing_signatures(site=baked_site()),
        redirects=_redirect_pages(build_dir),
    )


def record_full_bake(*, build_dir: Path) -> None:
    """Record the manifest of a build a full bake just wrote (under the bake lock)."""
    with shared_signatures():
        write_manifest(build_dir=build_dir, manifest=scan_manifest(build_dir=build_dir))


def _media_files(build_dir: Path) -> list[str]:
    """The media files of a build as URL paths (their compressed twins go with them)."""
    return sorted("/" + path.relative_to(build_dir).as_posix()
                  for path in (build_dir / media_prefix().strip("/")).rglob("*")
                  if path.is_file() and path.suffix not in (".gz", ".br"))


def _redirect_pages(build_dir: Path) -> list[str]:
    return sorted(rel for rel in (redirect.old_path.strip("/") + "/index.html"
                                  for redirect in static_redirects(build_dir=build_dir))
                  if is_redirect_page(build_dir / rel))


def is_redirect_page(path: Path) -> bool:
    """Whether `path` is a redirect page the bake wrote (not a page of the site)."""
    return path.is_file() and REDIRECT_MARKER in path.read_bytes()[:400]
