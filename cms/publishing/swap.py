"""Swap: put a whole new build live in one atomic step, and roll it back.

`build` is a symbolic link to a version folder beside it (`build.v-<timestamp>`);
`build.previous` links to the version it replaced. A full bake writes its staging
folder, flushes it to disk, renames it to a version folder and then replaces the
`build` link with a new one through a single `rename` — so a visitor, a crash or a
power cut finds either the old site or the new one, whole, never neither. Only the
live and the previous version are kept. The version a swap drops is renamed aside and
removed by a detached process: a whole build is tens of thousands of files, seconds that
neither the command line nor the worker should wait for. Any other version folder (left by
a bake killed between its writes and the swap), and a dropped one whose removal died, is
removed by the next bake (`locking.clear_leftovers`, through `unreferenced_versions`).

`build/` stays "the folder to upload": the path works everywhere a folder does
(`rsync -a build/ host:…`, `cp -rL build …`, a web server's root); only tools told
not to follow links (`cp -r` without `-L`) copy the link itself.

A build folder made before the link existed (a real `build/` folder) becomes a
version on the first swap: only then is there a moment without `build`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.utils.translation import gettext as _

from .exceptions import BakeError
from .faults import pause_point
from .paths import flush_file_system, flush_folder_entry, sibling, stamp

VERSION_KIND = "v"
LINK_KIND = "link"  # a new link, before it is renamed over `build`
DROPPED_KIND = "drop"  # a version no link points at any more, being removed


def previous_build_dir(build_dir: Path) -> Path:
    """Where the build replaced by the last bake is kept (a link to its version folder)."""
    return sibling(Path(build_dir).absolute(), "previous")


def live_version(build_dir: Path) -> Path | None:
    """The version folder `build_dir` points at (None if it is no link)."""
    return _target(Path(build_dir).absolute())


def swap_into_place(*, new: Path, live: Path) -> Path:
    """Make the fully written folder `new` the live build; keep the replaced one as previous.

    Returns the version folder now live.
    """
    flush_file_system(new)
    version = sibling(live, f"{VERSION_KIND}-{stamp()}")
    os.rename(new, version)
    pause_point("link")
    replaced = _as_version(live)
    _point(live, at=version)  # the swap: one rename
    if replaced is not None:
        _keep_as_previous(live, version=replaced)
    return version


def rollback(*, build_dir: Path) -> Path:
    """Swap the live and the previous build (call under the bake lock)."""
    previous = previous_build_dir(build_dir)
    if not previous.exists():
        raise BakeError(_("Non c'è un bake precedente da ripristinare (%(path)s non esiste): "
                          "il ripristino è possibile solo dopo almeno due bake riusciti.")
                        % {"path": previous})
    old = _as_version(previous)
    current = _as_version(build_dir)
    _point(build_dir, at=old)
    if current is not None:
        _point(previous, at=current)
    return build_dir


def unreferenced_versions(*, build_dir: Path) -> list[Path]:
    """Version folders beside `build_dir` that neither it nor the previous build links to."""
    build_dir = Path(build_dir).absolute()
    kept = {_target(build_dir), _target(previous_build_dir(build_dir))}
    return sorted(path for path in build_dir.parent.glob(f"{build_dir.name}.{VERSION_KIND}-*")
                  if path.is_dir() and not path.is_symlink() and path not in kept)


def _target(link: Path) -> Path | None:
    if not link.is_symlink():
        return None
    return link.parent / os.readlink(link)


def _as_version(path: Path) -> Path | None:
    """The version folder behind `path`: its link's target, or the folder itself moved aside
    to become one (a build from before the link existed). None if there is nothing."""
    target = _target(path)
    if target is not None:
        return target
    if not path.is_dir():
        return None
    version = sibling(path, f"{VERSION_KIND}-{stamp()}")
    os.rename(path, version)
    return version


def _point(link: Path, *, at: Path) -> None:
    """Make `link` point at the version folder `at`, atomically (a new link renamed over it)."""
    temporary = sibling(link, f"{LINK_KIND}-{stamp()}")
    os.symlink(at.name, temporary, target_is_directory=True)
    os.replace(temporary, link)
    flush_folder_entry(link.parent)


def _keep_as_previous(live: Path, *, version: Path) -> None:
    """Point `<build>.previous` at `version`; drop the version it pointed at before."""
    previous = previous_build_dir(live)
    dropped = _as_version(previous)
    _point(previous, at=version)
    if dropped is not None and dropped != version and dropped != _target(live):
        remove_in_background(dropped, name=sibling(live, f"{DROPPED_KIND}-{stamp()}"))


def remove_in_background(folder: Path, *, name: Path) -> None:
    """Rename `folder` to `name`, then remove it in a detached process, without waiting.

    The process outlives a command-line bake that has finished, and is in a session of
    its own, so stopping the worker's process group does not stop it halfway.
    """
    os.rename(folder, name)
    subprocess.Popen(
        [sys.executable, "-I", "-S", "-c",
         "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)", str(name)],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)
