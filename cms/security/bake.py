"""The bake's interface (BAKE_EXTRA_FILES): `_headers` at the root of build/."""

from django.urls import reverse


def baked_files() -> dict[str, str]:
    """URL path served by the CMS → output file relative to the build dir."""
    return {reverse("security:headers"): "_headers"}
