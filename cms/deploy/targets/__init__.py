"""The hosts a build can go to (`base.Target`): a folder or rsync destination, a bucket,
a git branch; `make_target` picks the one a site's configuration names."""

from __future__ import annotations

from pathlib import Path

from ..config import TargetConfig
from .base import Progress, Target

__all__ = ["Progress", "Target", "make_target"]


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
