"""A page's URL is local to the site being worked for, as it is on a single-site install.

Wagtail gives `page.url` (no request) as a path like `/guide/` while one site exists, and as
`http://<hostname>/guide/` as soon as there are two: then the baked breadcrumbs, listings and
sitemap entries of every network would point at the CMS's host names instead of staying
inside their own folder. While the code works for one site (`site_settings.use_site`, the
bake of that site; `use_request_site`, a request), a page of that very site keeps its local
path, exactly as Wagtail does when given the request; pages of other sites keep their full
URL. Outside both nothing changes.

Checked against Wagtail 8.0: `Page.get_url(request=None, current_site=None)`, with
`url = property(get_url)`. If an upgrade changes that signature, `install()` must follow.
"""

from __future__ import annotations

from wagtail.models import Page

from .site_settings import working_site

_wagtail_get_url = Page.get_url


def _get_url(self, request=None, current_site=None):
    if current_site is None and request is None:
        current_site = working_site()
    return _wagtail_get_url(self, request=request, current_site=current_site)


def install() -> None:
    """Make `Page.get_url` and `Page.url` local to the working site (from `CoreConfig.ready`)."""
    if Page.get_url is not _get_url:
        Page.get_url = _get_url
        Page.url = property(_get_url)
