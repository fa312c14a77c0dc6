"""The favicon, icons and manifest as files of the bake (see `BAKE_EXTRA_FILES`)."""

from django.urls import reverse

from .icons import ICON_PATHS


def baked_files() -> dict[str, tuple[str, frozenset[str]]]:
    """URL served by the CMS → file in the build, showing no page: they are drawn from the
    logo and the theme only, so an incremental bake rewrites them when everything may have
    changed (a site setting, the logo image), not after each page's publish."""
    urls = [reverse(f"core:{name}") for name in ICON_PATHS]
    return {url: (url.lstrip("/"), frozenset()) for url in urls}
