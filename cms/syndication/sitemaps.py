"""The sitemap of the published site, from `wagtail.contrib.sitemaps`.

Wagtail writes each page's address on the root URL of its Site (the CMS's own host);
search engines read the baked copy, so the addresses are moved onto `RETE_BASE_URL`.

Wagtail builds a page object for every page to ask it `get_sitemap_urls`; here the site
is read as light rows (`cms.core.page_entries`), and only a type that adds addresses of
its own (the guides' index: its audience and topic listings) is asked as Wagtail would.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlsplit

from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.timezone import template_localtime

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from cms.core.page_entries import page_entries

from .links import public_url


def _on_public_host(location: str) -> str:
    parts = urlsplit(location)
    return public_url((parts.path or "/") + (f"?{parts.query}" if parts.query else ""))


@dataclass(frozen=True)
class _Listed:
    """A page whose type keeps Wagtail's own `get_sitemap_urls`: its address, its date."""

    location: str
    lastmod: datetime | None

    def get_sitemap_urls(self, request=None) -> list[dict]:
        return [{"location": self.location, "lastmod": self.lastmod}]


# What Django's `sitemap.xml` template writes around the entries (its `{% spaceless %}`
# block strips the whitespace between them).
URLSET_START = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/'
                'schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n')
URLSET_END = "\n</urlset>\n"


def urlset_xml(urls: list[dict]) -> str:
    """What Django's `sitemap.xml` template renders for `urls`, written directly: the
    template engine takes most of the sitemap's time on a site of thousands of pages.

    An entry with a change frequency, a priority or alternates (none of this site's
    has one) is left to the template itself.
    """
    if any(url.get("changefreq") or url.get("priority") or url.get("alternates")
           for url in urls):
        return render_to_string("sitemap.xml", {"urlset": urls})
    entries = []
    for url in urls:
        lastmod = url.get("lastmod")
        day = ""
        if lastmod:
            if isinstance(lastmod, datetime):
                lastmod = template_localtime(lastmod)  # as the `date` filter sees it
            if isinstance(lastmod, date):
                day = f"<lastmod>{lastmod.year:04d}-{lastmod.month:02d}-{lastmod.day:02d}</lastmod>"
            else:
                return render_to_string("sitemap.xml", {"urlset": urls})
        entries.append(f"<url><loc>{conditional_escape(url['location'])}</loc>{day}</url>")
    return URLSET_START + "".join(entries) + URLSET_END


class PublicSitemap(Sitemap):
    """Every live, public page of the site asked for, with its public address."""

    def items(self):
        items = []
        for entry in page_entries(site=self.get_wagtail_site(), dated=True):
            if entry.model.get_sitemap_urls is Page.get_sitemap_urls:
                items.append(_Listed(location=entry.url, lastmod=entry.lastmod))
            else:
                items.append(Page.objects.get(pk=entry.pk).specific)
        return items

    def _urls(self, page, protocol, domain):
        # As Wagtail's, over a list (Wagtail iterates a queryset).
        urls, last_mods = [], set()
        for item in self.paginator.page(page).object_list:
            for url_info in item.get_sitemap_urls(self.request):
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        # A page outside any site's tree has no address: leave it out rather than write None.
        urls = [url_info for url_info in urls if url_info.get("location")]
        for url_info in urls:
            url_info["location"] = _on_public_host(url_info["location"])
        return urls
