"""The bake's interface (BAKE_EXTRA_FILES): `_headers` at the root of build/."""

from django.urls import reverse

from cms.core.bake_targets import BakeTarget


def baked_files() -> dict[str, BakeTarget]:
    """URL path served by the CMS → its file in the build."""
    return {reverse("security:headers"): BakeTarget("_headers")}
