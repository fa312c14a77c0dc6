"""The sitemap of the published site, from `wagtail.contrib.sitemaps`.

Wagtail writes each page's address on the root URL of its Site (the CMS's own host);
search engines read the baked copy, so the addresses are moved onto `RETE_BASE_URL`.
"""

from urllib.parse import urlsplit

from wagtail.contrib.sitemaps import Sitemap

from .links import public_url


def _on_public_host(location: str) -> str:
    parts = urlsplit(location)
    return public_url((parts.path or "/") + (f"?{parts.query}" if parts.query else ""))


class PublicSitemap(Sitemap):
    """Every live, public page of the site asked for, with its public address."""

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        # A page outside any site's tree has no address: leave it out rather than write None.
        urls = [url_info for url_info in urls if url_info.get("location")]
        for url_info in urls:
            url_info["location"] = _on_public_host(url_info["location"])
        return urls
