"""The worker processes of a bake: how many it may fork, and that they die with it.

Rendering, writing the extra files and compressing all share the work out the same
way, so they ask here rather than each counting the cores its own way, and all start
their pools with `init_worker`: a bake killed with `kill -9` must not leave workers
behind (they would keep the bake lock's file open and every later bake would wait),
and a worker forked from the task worker must not keep its graceful-shutdown signal
handlers (the pool's `terminate()` would then never return).
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys

from django.db import connection

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
# Handlers a worker must not inherit: the task worker's graceful shutdown, Ctrl+C's
# KeyboardInterrupt traceback in every worker.
_RESET_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGQUIT)


def usable_cores() -> int:
    """The cores this process may run on, or 1 where workers cannot be forked."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def workers_see_the_data() -> bool:
    """Whether forked workers, each on its own connection, read what this process reads.

    Not inside a transaction (the tests' uncommitted rows) nor on an in-memory SQLite
    database (a new connection opens an empty one); PostgreSQL has no in-memory mode.
    """
    if connection.in_atomic_block:
        return False
    return not (connection.vendor == "sqlite" and connection.is_in_memory_db())


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
