"""One bake at a time per build folder, across threads, processes and task workers.

A full bake swaps the whole folder while an incremental bake replaces files inside
it; if both ran at once the live site could end up half old, half new. So every
bake holds an exclusive `fcntl.flock` on `<build>.lock` (beside the build, never
inside it: the full bake replaces the build link). The lock is released by
the kernel if the process dies, so a crashed worker never blocks publishing.

The lock is re-entrant within a thread, so a task may take it around `bake_site`
even when `bake_site` takes it itself.

A flock belongs to the open file, which forked children share: a bake's pool workers
would keep it held after the bake was killed. So every forked child closes its copy
at once (closing a copy never releases the parent's lock), and the file is opened
close-on-exec (Python's default), so no program the bake runs inherits it.

Whoever takes the lock first clears what a killed bake left beside the build (its
staging folders, a version folder it wrote but never swapped in, a half-made link:
nobody else can be writing them, the lock says so), and holds the
lock at most `RETE_BAKE_TIME_LIMIT` seconds: a bake stuck on a network share or in a
runaway template is stopped with a `BakeTimeout` instead of blocking every publish.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import stat
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from .exceptions import BakeTimeout
from .swap import DROPPED_KIND, LINK_KIND, unreferenced_versions

# Sibling folders a bake works in (`<build>.new-<stamp>` …): left behind only by a
# bake that was killed.
STAGING_KINDS = ("new", "old", "incr", "aggr", "pagefind", "rollback")
# A dropped version is being removed by a process of its own (`swap.remove_in_background`);
# the next bake removes it only if it is still there this long after it was dropped.
DROPPED_GRACE_SECONDS = 600
DEFAULT_TIME_LIMIT = 3600

_held = threading.local()
# Lock files open in this process, across threads: what a forked child must close.
_open_fds: set[int] = set()


def _drop_inherited_locks() -> None:
    """In a forked child: the parent's locks are not the child's to hold."""
    for fd in list(_open_fds):
        try:
            os.close(fd)
        except OSError:
            pass
    _open_fds.clear()
    _held.__dict__.clear()


os.register_at_fork(after_in_child=_drop_inherited_locks)


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
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    _open_fds.add(fd)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        counts[path] = 1
        try:
            clear_leftovers(build_dir=Path(build_dir).absolute())
            with _time_limit():
                yield
        finally:
            counts[path] = 0
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        _open_fds.discard(fd)
        os.close(fd)


def clear_leftovers(*, build_dir: Path) -> list[Path]:
    """Remove the staging folders of killed bakes beside `build_dir` (call under the lock)."""
    removed = []
    for kind in STAGING_KINDS:
        for path in build_dir.parent.glob(f"{build_dir.name}.{kind}-*"):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
    for path in build_dir.parent.glob(f"{build_dir.name}.{DROPPED_KIND}-*"):
        if _abandoned(path):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    for path in build_dir.parent.glob(f"{build_dir.name}.{LINK_KIND}-*"):
        if path.is_symlink():
            path.unlink()
            removed.append(path)
    for path in unreferenced_versions(build_dir=build_dir):
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


def _abandoned(dropped: Path) -> bool:
    """Whether a dropped version's removal has died: the rename that dropped it, and each
    removal inside it, update its ctime."""
    try:
        status = dropped.lstat()
    except FileNotFoundError:
        return False  # its removal has just finished
    return stat.S_ISDIR(status.st_mode) and \
        time.time() - status.st_ctime > DROPPED_GRACE_SECONDS


@contextmanager
def _time_limit() -> Iterator[None]:
    """Raise `BakeTimeout` in the block once the time limit has passed.

    Through SIGALRM, which interrupts even a wait on the pool's workers (whose exit then
    terminates them). Signals reach only the main thread: in another thread (a test's)
    the block runs unlimited.
    """
    seconds = int(getattr(settings, "RETE_BAKE_TIME_LIMIT", DEFAULT_TIME_LIMIT) or 0)
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise BakeTimeout(_("Il bake è durato più di %(seconds)d secondi ed è stato fermato: "
                            "il sito pubblicato è rimasto com'era. Controlla i file grandi o "
                            "le pagine lente, oppure aumenta RETE_BAKE_TIME_LIMIT.")
                          % {"seconds": seconds})

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
