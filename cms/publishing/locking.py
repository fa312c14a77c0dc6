"""One bake at a time per build folder, across threads, processes and task workers.

A full bake swaps the whole folder while an incremental bake replaces files inside
it; if both ran at once the live site could end up half old, half new. So every
bake holds an exclusive `fcntl.flock` on `<build>.lock` (beside the build, never
inside it: the full bake renames the build folder away). The lock is released by
the kernel if the process dies, so a crashed worker never blocks publishing.

The lock is re-entrant within a thread, so a task may take it around `bake_site`
even when `bake_site` takes it itself.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_held = threading.local()


def lock_path(build_dir: Path) -> Path:
    """The lock file that guards `build_dir`."""
    build_dir = Path(build_dir).absolute()
    return build_dir.with_name(f"{build_dir.name}.lock")


@contextmanager
def bake_lock(*, build_dir: Path) -> Iterator[None]:
    """Hold the exclusive bake lock of `build_dir` for the block (waits for a running bake)."""
    path = lock_path(build_dir)
    counts: dict[Path, int] = _held.__dict__.setdefault("counts", {})
    if counts.get(path):
        counts[path] += 1
        try:
            yield
        finally:
            counts[path] -= 1
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        counts[path] = 1
        try:
            yield
        finally:
            counts[path] = 0
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
