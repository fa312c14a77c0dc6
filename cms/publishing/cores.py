"""The worker processes of a bake: how many it may fork, and that they die with it.

Rendering, writing the extra files and compressing all share the work out the same
way, so they ask here rather than each counting the cores its own way. The count is
one worker per usable core (`RETE_BAKE_WORKERS` asks for another number), but never
more than the bake's memory allows: each worker is a whole Django process that grows
while it renders, so on a many-core machine a worker per core would take gigabytes.
`RETE_BAKE_MEMORY_MB` (400 MB, or the memory available if that is less) is shared
between the bake's own process, as large as it is when it forks, and its workers,
counted at `WORKER_MB` each, as measured with `scripts/benchmark`. All start
their pools with `init_worker`: a bake killed with `kill -9` must not leave workers
behind (they would keep the bake lock's file open and every later bake would wait),
and a worker forked from the task worker must not keep its graceful-shutdown signal
handlers (the pool's `terminate()` would then never return).
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from multiprocessing.pool import Pool
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.db import connection

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
# Handlers a worker must not inherit: the task worker's graceful shutdown, Ctrl+C's
# KeyboardInterrupt traceback in every worker.
_RESET_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGQUIT)
# What one worker adds to the bake's memory at its largest (proportional set size: what
# it shares with its parent counted once), rendering a 5,000-page site.
WORKER_MB = 70

Item = TypeVar("Item")
Result = TypeVar("Result")


def usable_cores() -> int:
    """How many workers a bake may fork: one per core, or `RETE_BAKE_WORKERS`, as memory allows.

    Always at least 1; exactly 1 where workers cannot be forked.
    """
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    wanted = getattr(settings, "RETE_BAKE_WORKERS", 0) or _cores()
    return max(1, min(wanted, workers_within_memory()))


def workers_within_memory() -> int:
    """How many workers fit in the bake's memory budget beside this process as it is now."""
    budget = getattr(settings, "RETE_BAKE_MEMORY_MB", 400)
    available = _meminfo_mb("MemAvailable")
    if available:
        budget = min(budget, available)
    spare = budget - _own_memory_mb()
    return max(1, int(spare // WORKER_MB))


def _cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _own_memory_mb() -> float:
    """This process's resident memory (0 where /proc cannot tell)."""
    return _proc_field_mb(Path("/proc/self/status"), "VmRSS")


def _meminfo_mb(field: str) -> float:
    return _proc_field_mb(Path("/proc/meminfo"), field)


def _proc_field_mb(path: Path, field: str) -> float:
    """A `Name:   123 kB` line of a /proc file, in MB (0 if absent)."""
    try:
        for line in path.read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0.0


def workers_see_the_data() -> bool:
    """Whether forked workers, each on its own connection, read what this process reads.

    Not inside a transaction (the tests' uncommitted rows) nor on an in-memory SQLite
    database (a new connection opens an empty one); PostgreSQL has no in-memory mode.
    """
    if connection.in_atomic_block:
        return False
    return not (connection.vendor == "sqlite" and connection.is_in_memory_db())


def share_out(work: Callable[[list[Item]], Result], items: Sequence[Item], *,
              per_worker: int) -> list[Result]:
    """`work` over `items` in batches: forked workers, one per usable core, once there are
    `per_worker` items for each of two; otherwise in this process, in one batch.

    A few contiguous batches per worker, each handed out as a worker is free (a large file
    or two do not hold the rest back); the results come back in the items' order. For
    work on files only: the workers start with the modules already loaded, where "spawn"
    would import Django again, and never touch the database. A `Pool` rather than a
    `ProcessPoolExecutor`: leaving the block on an error (the time limit) terminates
    the workers instead of waiting for them.
    """
    items = list(items)
    workers = min(usable_cores(), len(items) // per_worker)
    if workers < 2:
        return [work(items)]
    size = -(-len(items) // (workers * 4))
    batches = [items[start:start + size] for start in range(0, len(items), size)]
    with forked_pool(workers) as pool:
        return pool.map(work, batches, chunksize=1)


@contextmanager
def forked_pool(workers: int) -> Iterator[Pool]:
    """A pool of `workers` forked workers (see `init_worker`), terminated on leaving.

    What this process holds when it forks is frozen out of the garbage collector's reach
    (`gc.freeze`) until the pool ends: a collection in a worker would otherwise write to
    every inherited object, and each page so written is copied into the worker.
    """
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(workers, **worker_pool_options()) as pool:
            yield pool
    finally:
        gc.unfreeze()


def worker_pool_options() -> dict:
    """`initializer`/`initargs` for a `multiprocessing.Pool` or `ProcessPoolExecutor`."""
    return {"initializer": init_worker, "initargs": (os.getpid(),)}


def init_worker(parent_pid: int) -> None:
    """In a freshly forked worker: die with the parent, default signal handlers."""
    for signum in _RESET_SIGNALS:
        signal.signal(signum, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    # The parent may have died before the line above: then nobody would kill us.
    if os.getppid() != parent_pid:
        os._exit(1)
