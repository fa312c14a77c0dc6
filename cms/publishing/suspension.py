"""Pausing the automatic bake while code that bakes by itself saves objects.

Below both the signal handlers (which ask `is_suspended`) and the bakes (which
suspend them while they run: a rendition or a document's size saved during a bake
is already in the files it writes), so neither has to import the other.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

_state = threading.local()


@contextmanager
def suspended() -> Iterator[None]:
    """Note nothing while the block runs (its caller bakes what it changed)."""
    previous = getattr(_state, "suspended", False)
    _state.suspended = True
    try:
        yield
    finally:
        _state.suspended = previous


def is_suspended() -> bool:
    """Whether this thread is inside `suspended()`."""
    return getattr(_state, "suspended", False)
