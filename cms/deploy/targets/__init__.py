"""The hosts a build can go to. Each target compares the build with what the host holds
(`plan`) and then changes only that (`apply`), reporting each file done to `progress`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from ..builds import Build
from ..config import TargetConfig
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


def make_target(config: TargetConfig, *, base_dir: Path, label: str) -> Target:
    """The target for `config`; relative folders are taken from `base_dir`, `label` names
    the site in commit messages."""
    # Imported when used: a deploy to a folder does not pay for loading boto3.
    if config.kind == "s3":
        from .s3 import S3Target
        return S3Target(**config.options)
    if config.kind == "git":
        from .git import GitTarget
        return GitTarget(**config.options, label=label)
    from .rsync import RsyncTarget
    return RsyncTarget(**config.options, base_dir=base_dir)
