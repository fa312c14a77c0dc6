"""Structured data (schema.org JSON-LD) for search engines, built from the models.

Editors never type it: each app that owns a model builds that model's dictionary
(`cms/events/jsonld.py`, `cms/courses/jsonld.py`, `cms/network/jsonld.py`) with the
helpers here, and a page exposes it as `structured_data()`. This module knows only
the pieces every page has: the breadcrumb trail, the network as an organisation and
the web site, public addresses, and how a block is written into the page safely.
"""

from __future__ import annotations

import datetime
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime

from .site_settings import public_base_url

CONTEXT = "https://schema.org"
# As `django.utils.html.json_script` escapes: nothing in the data can close the
# <script> element or open a comment, whatever an editor typed.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def absolute(path: str) -> str:
    """The public address of a site path (the baked site's, not the CMS host's)."""
    return public_base_url() + path


def render_blocks(blocks: list[dict]) -> SafeString:
    """Each dictionary as its own `<script type="application/ld+json">` element."""
    scripts = []
    for block in blocks:
        text = json.dumps({"@context": CONTEXT, **block}, cls=DjangoJSONEncoder,
                          ensure_ascii=False, separators=(",", ":"))
        scripts.append('<script type="application/ld+json">'
                       f"{text.translate(_SCRIPT_ESCAPES)}</script>")
    return mark_safe("\n".join(scripts))  # noqa: S308 - escaped above, as json_script does


def iso_datetime(value: datetime.datetime) -> str:
    """A date and time with its offset, in the site's time zone (2027-03-04T09:30:00+01:00)."""
    return localtime(value).isoformat()


def postal_address(*, street: str, postcode: str = "", locality: str = "") -> dict:
    """A `PostalAddress` in Italy; empty parts are left out."""
    address = {"@type": "PostalAddress", "streetAddress": street, "postalCode": postcode,
               "addressLocality": locality, "addressCountry": "IT"}
    return {key: value for key, value in address.items() if value}


def breadcrumb_list(*, trail: list[tuple[str, str]]) -> dict:
    """A `BreadcrumbList` for (name, path) pairs from the home page down to the page itself."""
    return {"@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": position, "name": name, "item": absolute(path)}
        for position, (name, path) in enumerate(trail, start=1)
    ]}


def organization(*, identity, logo_url: str | None) -> dict:
    """The network (or its responsible body) as an `Organization`, from the identity settings."""
    data = {"@type": "Organization", "@id": absolute("/#organizzazione"),
            "name": identity.network_name, "url": absolute("/")}
    if identity.tagline:
        data["description"] = identity.tagline
    if logo_url:
        data["logo"] = logo_url
    if identity.email:
        data["email"] = identity.email
    if identity.phone:
        data["telephone"] = identity.phone
    if identity.address:
        lines = [line.strip() for line in identity.address.splitlines() if line.strip()]
        data["address"] = postal_address(street=", ".join(lines))
    if identity.fiscal_code:
        data["taxID"] = identity.fiscal_code
    if identity.vat_number:
        data["vatID"] = f"IT{identity.vat_number}"
    if identity.responsible_body:
        data["parentOrganization"] = {"@type": "GovernmentOrganization",
                                      "name": identity.responsible_body}
    return data


def website(*, identity) -> dict:
    """The portal as a `WebSite`, published by the organisation."""
    return {"@type": "WebSite", "name": identity.network_name, "url": absolute("/"),
            "inLanguage": "it", "publisher": {"@id": absolute("/#organizzazione")}}
