"""What a deploy changes, in the order that keeps the served site whole at every moment.

New and changed files go up in three waves: first the assets whose names carry their content
hash (CSS, JS, the search index fragments: nothing served uses a new one yet), then every
other non-HTML file (images, feeds, the API, the search entry point), then the HTML pages that
point at them. Deletions come last, once no new page links to what goes away.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from .headers import is_immutable

Action = Literal["add", "update", "delete"]
SYMBOLS: dict[Action, str] = {"add": "+", "update": "~", "delete": "-"}


@dataclass(frozen=True)
class Change:
    """One file to upload (`add`, `update`) or remove (`delete`) on the host."""

    path: str
    action: Action

    def __str__(self) -> str:
        return f"{SYMBOLS[self.action]} {self.path}"


@dataclass
class Plan:
    """The changes of one deploy: `uploads` in wave order, then `deletions`."""

    uploads: list[Change] = field(default_factory=list)
    deletions: list[Change] = field(default_factory=list)

    @property
    def changes(self) -> list[Change]:
        return [*self.uploads, *self.deletions]

    def __bool__(self) -> bool:
        return bool(self.uploads or self.deletions)


def upload_wave(path: str) -> int:
    """0 for hashed assets, 1 for the other non-HTML files, 2 for pages."""
    if is_immutable(path):
        return 0
    return 2 if path.removesuffix(".gz").removesuffix(".br").endswith(".html") else 1


def ordered_plan(*, added: list[str], updated: list[str], deleted: list[str]) -> Plan:
    """A plan from lists of paths, uploads sorted by wave then path."""
    uploads = [Change(path, "add") for path in added] + [Change(path, "update")
                                                         for path in updated]
    uploads.sort(key=lambda change: (upload_wave(change.path), change.path))
    return Plan(uploads=uploads, deletions=[Change(path, "delete") for path in sorted(deleted)])


def compare(*, local: Mapping[str, str], remote: Mapping[str, str]) -> Plan:
    """The plan that makes `remote` (path → fingerprint) equal to `local`."""
    return ordered_plan(
        added=[path for path in local if path not in remote],
        updated=[path for path in local if path in remote and remote[path] != local[path]],
        deleted=[path for path in remote if path not in local],
    )
