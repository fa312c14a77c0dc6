"""Every request to the CMS works for the site it is addressed to.

The site's theme and public address (its `PortalSettings`) are active while the request
is handled, so templates, feeds, the sitemap and the API answered for one network use
that network's look and links. Pages the bake renders without the handler get the same
from their template (`cms.core.theme_engine.ThemedTemplate`).
"""

from .site_settings import use_request_site


class SiteMiddleware:
    """Activate the requested site's theme and public address for the whole request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with use_request_site(request):
            return self.get_response(request)
