"""The files beside the pages: the theme's static files and the media the pages use.

Static files come from the theme folders only (the site's theme winning over the
default one, `cms.core.themes`), never from the apps: the admin's thousands of files
have no place on the public site. Media are copied one by one from what the baked
pages actually reference, so an upload no published page uses never leaves the CMS.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings

from cms.core.site_settings import current_site, site_theme
from cms.core.themes import ThemeStaticFinder

from .links import PageLinks

# Editor back-up files and OS litter that must not be published with a theme.
STATIC_IGNORE_PATTERNS = ["CVS", ".*", "*~", "*.swp", "Thumbs.db"]


def copy_theme_static(*, build_dir: Path) -> int:
    """Copy every theme static file to `<build>/<STATIC_URL>`; return how many.

    Uses the themes' finder, so the override order (first directory wins) behaves
    exactly as while serving; the theme is the baked site's.
    """
    target_root = build_dir / settings.STATIC_URL.strip("/")
    seen: set[str] = set()
    for relative, storage in ThemeStaticFinder(theme=site_theme(site=current_site())).list(
            STATIC_IGNORE_PATTERNS):
        prefix = getattr(storage, "prefix", None)
        destination_name = f"{prefix}/{relative}" if prefix else relative
        if destination_name in seen:
            continue  # an earlier theme overrides this file
        seen.add(destination_name)
        destination = target_root / destination_name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(storage.path(relative), destination)
    return len(seen)


def used_media_paths(pages: Iterable[PageLinks]) -> set[str]:
    """The `MEDIA_URL` paths the baked pages refer to."""
    media_url = "/" + settings.MEDIA_URL.strip("/") + "/"
    return {path for page in pages for path in page.paths if path.startswith(media_url)}


def copy_used_media(*, build_dir: Path, paths: Iterable[str]) -> int:
    """Copy the referenced files from `MEDIA_ROOT` into the build; return how many.

    A path with no file behind it is left out here and reported by the link check.
    """
    media_root = Path(settings.MEDIA_ROOT).resolve()
    media_url = "/" + settings.MEDIA_URL.strip("/") + "/"
    copied = 0
    for path in sorted(paths):
        relative = path[len(media_url):]
        source = (media_root / relative).resolve()
        if media_root not in source.parents or not source.is_file():
            continue
        destination = build_dir / path.lstrip("/")
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, destination)
        copied += 1
    return copied
