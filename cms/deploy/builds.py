"""Where a site's build lives and what is in it, read by path (this app never imports the bake).

`build_dir_for` is where the deploy finds a site's build: each network is baked into its
own folder `BUILD_DIR/<site_folder(site)>/` (`cms.core.site_settings.site_folder` names it).
The folder is a symlink to a versioned folder: it is read through the link.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from wagtail.models import Site

from cms.core.site_settings import site_folder

from .errors import DeployError


def build_dir_for(site: Site) -> Path:
    """The folder holding `site`'s baked files (resolved through a symlink)."""
    return (Path(settings.BUILD_DIR) / site_folder(site)).resolve()


@dataclass(frozen=True)
class Build:
    """A build folder and every file in it by its path inside it ('a/b/index.html')."""

    root: Path
    files: dict[str, Path]


def read_build(root: Path) -> Build:
    """The build in `root` (its files sorted); DeployError when there is none."""
    if not (root / "index.html").is_file():
        raise DeployError(
            f"Nella cartella {root} non c'è un sito generato (manca index.html): "
            "esegui prima ./scripts/bake."
        )
    return Build(root=root, files={path.relative_to(root).as_posix(): path
                                   for path in sorted(_files(root))})


def _files(root: Path) -> Iterator[Path]:
    for path in root.rglob("*"):
        if path.is_file():
            yield path
