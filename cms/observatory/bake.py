"""The bake's interface (`BAKE_EXTRA_FILES`): each observatory page's CSV beside its page.

Only the pages of the site being baked (the default one unless `site` is given): another
network's observatory is another site's, and its address does not exist on this one.
"""

from __future__ import annotations

from collections.abc import Collection

from wagtail.models import Site

from .models import ObservatoryPage


def baked_files(*, page_ids: Collection[int] | None = None,
                site: Site | None = None) -> dict[str, tuple[str, int]]:
    """URL of each live, public observatory page's CSV → (file in the build, page id)."""
    site = site or Site.objects.filter(is_default_site=True).first()
    pages = ObservatoryPage.objects.live().public()
    if site is not None:
        pages = pages.descendant_of(site.root_page, inclusive=True)
    if page_ids is not None:
        pages = pages.filter(pk__in=page_ids)
    files = {}
    for page in pages.order_by("pk"):
        url = page.csv_url
        files[url] = (url.lstrip("/"), page.pk)
    return files
