"""The favicon, icons and manifest as files of the bake (see `BAKE_EXTRA_FILES`)."""

from django.urls import reverse

from .icons import ICON_PATHS


def baked_files() -> dict[str, str]:
    """URL served by the CMS → file in the build; every one sums up the site (no page id)."""
    urls = [reverse(f"core:{name}") for name in ICON_PATHS]
    return {url: url.lstrip("/") for url in urls}
