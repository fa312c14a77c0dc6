"""The favicon, icons and manifest as files of the bake (see `BAKE_EXTRA_FILES`)."""

from django.urls import reverse

from .bake_targets import BakeTarget
from .icons import ICON_PATHS


def baked_files() -> dict[str, BakeTarget]:
    """URL served by the CMS → file in the build, showing no page: they are drawn from the
    logo and the theme only, so an incremental bake rewrites them when everything may have
    changed (a site setting, the logo image), not after each page's publish."""
    urls = [reverse(f"core:{name}") for name in ICON_PATHS]
    return {url: BakeTarget(url.lstrip("/"), shows=frozenset()) for url in urls}
