"""What every host a build can go to offers: `plan` compares the build with what the host
holds, `apply` changes only that, reporting each file done to `progress`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from ..builds import Build
from ..plan import Change, Plan

Progress = Callable[[Change], None]


class Target(Protocol):
    """A configured host: a folder or rsync destination, a bucket, a git branch."""

    def describe(self) -> str:
        """Where the files go, for the command's output (no secrets)."""

    def plan(self, *, build: Build) -> Plan:
        """What `apply` would change to make the host hold exactly the build."""

    def apply(self, *, plan: Plan, build: Build, progress: Progress) -> None:
        """Carry out `plan`; raise DeployError, in Italian, when the host fails."""
