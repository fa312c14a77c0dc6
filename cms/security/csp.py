"""The Content-Security-Policy of the baked site, and the headers a static host should send.

The baked pages run one script of their own (the search page's, with Pagefind, which needs
WebAssembly) and load everything from their own origin; the only place they send a visitor
elsewhere is the databank search form. One policy, written two ways: as a `<meta>` in every
page's head (works on any host, `includes/csp_meta.html`) and, with the directives a `<meta>`
cannot carry (`frame-ancestors`), in `_headers` for Netlify-style hosts. The README gives the
same headers for nginx. The CMS's own policy (admin, previews) is in cms/settings/security.py.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings

from wagtail.models import Site

from cms.core.site_settings import current_site, public_base_url

# Directives a <meta> policy may hold (browsers ignore frame-ancestors, sandbox and
# report-uri there).
META_DIRECTIVES = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'wasm-unsafe-eval'"],  # Pagefind's search runs WebAssembly
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
HEADER_ONLY_DIRECTIVES = {"frame-ancestors": ["'self'"]}


def _databank_url(site: Site | None) -> str | None:
    """The databank search address the network configured (the app is read by name: this
    module sits below the content apps)."""
    site = site or current_site()
    if site is None:
        return None
    return apps.get_model("network", "DatabankSettings").for_site(site).search_url_template


def origin_of(url: str | None) -> str | None:
    """`https://host[:port]` of an absolute URL, else None."""
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def site_policy(*, databank_url: str | None, for_header: bool = False) -> str:
    """The baked site's policy as one header value; the databank form may post to its host."""
    directives = {name: list(values) for name, values in META_DIRECTIVES.items()}
    if origin := origin_of(databank_url):
        directives["form-action"].append(origin)
    if for_header:
        directives |= HEADER_ONLY_DIRECTIVES
    return "; ".join(" ".join([name, *values]) for name, values in directives.items())


def static_host_headers(*, site: Site | None = None) -> str:
    """`_headers` for Netlify, Cloudflare Pages and compatible hosts."""
    common = [
        "Content-Security-Policy: " + site_policy(databank_url=_databank_url(site),
                                                  for_header=True),
        "X-Content-Type-Options: nosniff",
        "Referrer-Policy: strict-origin-when-cross-origin",
        "X-Frame-Options: SAMEORIGIN",
        "Permissions-Policy: camera=(), microphone=(), geolocation=()",
    ]
    if public_base_url(site=site).startswith("https://") and settings.SECURE_HSTS_SECONDS:
        hsts = f"Strict-Transport-Security: max-age={settings.SECURE_HSTS_SECONDS}"
        if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
            hsts += "; includeSubDomains"
        common.append(hsts)
    blocks = [
        ("/*", common),
        # Documents are downloaded, never opened in the site's origin.
        ("/media/documents/*", ["Content-Disposition: attachment"]),
        ("/api/*", ["Access-Control-Allow-Origin: *"]),
    ]
    return "".join(f"{path}\n" + "".join(f"  {line}\n" for line in lines)
                   for path, lines in blocks)
