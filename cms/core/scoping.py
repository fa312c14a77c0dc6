"""Values that hold for one block of code: a bake's memories of what it already read."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")


@contextmanager
def bound(variable: ContextVar[T], value: T) -> Iterator[T]:
    """Set `variable` to `value` while the block runs, then put back what it was."""
    token = variable.set(value)
    try:
        yield value
    finally:
        variable.reset(token)
