"""The bake's interface (`BAKE_EXTRA_FILES`): each observatory page's CSV beside its page."""

from __future__ import annotations

from collections.abc import Collection

from cms.core.bake_targets import BakeTarget
from cms.core.site_settings import in_current_site

from .models import ObservatoryPage


def baked_files(*, page_ids: Collection[int] | None = None) -> dict[str, BakeTarget]:
    """URL of each live, public observatory page's CSV → its file, belonging to the page."""
    pages = in_current_site(ObservatoryPage.objects.live().public())
    if page_ids is not None:
        pages = pages.filter(pk__in=page_ids)
    files = {}
    for page in pages.order_by("pk"):
        url = page.csv_url
        files[url] = BakeTarget(url.lstrip("/"), page_id=page.pk)
    return files
