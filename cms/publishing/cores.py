"""How many worker processes a bake may fork: one per core this process may run on.

Rendering, writing the extra files and compressing all share the work out the same
way, so they ask here rather than each counting the cores its own way.
"""

from __future__ import annotations

import multiprocessing
import os


def usable_cores() -> int:
    """The cores this process may run on, or 1 where workers cannot be forked."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
