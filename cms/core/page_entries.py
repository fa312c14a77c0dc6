"""Every live public page of a site as one light row each: id, type, tree path, URL, title
and the date Wagtail's sitemap gives it.

The bake lists the whole site this way (`cms.publishing.select`), and so does the site
map page: thousands of pages, without building a page object for each or reversing
each one's URL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from wagtail.models import Page, Site

# URL paths `reverse` would return unchanged (no characters it percent-encodes).
_PLAIN_PATH = re.compile(r"[A-Za-z0-9_/.~-]*")


@dataclass(frozen=True)
class PageEntry:
    """A live public page as the bake lists it: id, type, tree path, public URL."""

    pk: int
    content_type_id: int
    path: str
    url: str
    title: str = ""
    # What Wagtail's `get_sitemap_urls` gives as `lastmod` (last published, else last
    # revised), if asked for (`page_entries(dated=True)`).
    lastmod: datetime | None = None

    @property
    def model(self) -> type[Page]:
        return model_for(self.content_type_id)


def model_for(content_type_id: int) -> type[Page]:
    """The page class of a content type (from Django's cache; `Page` if it is gone)."""
    return ContentType.objects.get_for_id(content_type_id).model_class() or Page


def page_entries(*, site: Site, dated: bool = False) -> list[PageEntry]:
    """Every live public page of `site` with its URL, in tree order, from one light query.

    The URL is what `page.url` gives while working for `site` (`cms.core.site_urls`):
    Wagtail reverses `wagtail_serve` with the `url_path` below the site root's; plain
    ASCII paths are joined here without reversing each one. With several root paths
    for the site (languages) `page.url` is asked. `dated`: with each page's `lastmod`
    (reading the dates triples the query's time, which the bake's listing does not need).
    """
    dates = ("last_published_at", "latest_revision_created_at") if dated else ()
    rows = list(site.root_page.get_descendants(inclusive=True).live().public().order_by("path")
                .values_list("pk", "content_type_id", "path", "url_path", "title", *dates))
    # The site's own root path: several sites only add other sites' entries.
    root_paths = [root for root in Site.get_site_root_paths() if root.site_id == site.pk]
    if len(root_paths) != 1:
        urls = {page.pk: page.url for page in Page.objects.filter(pk__in=[row[0] for row in rows])}
        return [PageEntry(pk=pk, content_type_id=ct, path=path, url=urls[pk], title=title,
                          lastmod=_lastmod(dated_by))
                for pk, ct, path, _url_path, title, *dated_by in rows
                if urls.get(pk) is not None]
    root_path = root_paths[0].root_path
    serve_prefix = reverse("wagtail_serve", args=("",))
    entries = []
    for pk, ct, path, url_path, title, *dated_by in rows:
        if not url_path.startswith(root_path):
            continue
        rest = url_path[len(root_path):]
        url = serve_prefix + rest if _PLAIN_PATH.fullmatch(rest) else reverse(
            "wagtail_serve", args=(rest,))
        entries.append(PageEntry(pk=pk, content_type_id=ct, path=path, url=url, title=title,
                                 lastmod=_lastmod(dated_by)))
    return entries


def _lastmod(dates: list) -> datetime | None:
    """Wagtail's sitemap date from (last published, last revised), if they were read."""
    return (dates[0] or dates[1]) if dates else None
