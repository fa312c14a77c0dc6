"""Whether an address typed by hand into a link leads somewhere on the public site.

An editor may type `/guide/colloquio/` as a link's address instead of choosing the page.
If nothing answers it, the bake must refuse the page (no broken link goes online), and
since the baked API and feeds repeat every published page's text, that one link would
stop every later publish too. So the page form refuses it when it is typed, naming it,
and suggests choosing the page instead (an address chosen that way follows the page).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.http import Http404
from django.test.client import RequestFactory
from django.urls import Resolver404, resolve

from wagtail.models import Site

from .site_settings import current_site, public_base_url


def typed_link_addresses(value: str) -> Iterator[str]:
    """The addresses typed as links (not chosen pages or documents) in a posted rich text:
    Draftail's JSON, possibly inside a StreamField's JSON."""
    if '"entityMap"' not in value:
        return
    try:
        data = json.loads(value)
    except ValueError:
        return
    yield from _walk(data)


def _walk(data) -> Iterator[str]:
    if isinstance(data, dict):
        entities = data.get("entityMap")
        if isinstance(entities, dict):
            for entity in entities.values():
                link = entity.get("data", {}) if isinstance(entity, dict) else {}
                if entity.get("type") == "LINK" and "id" not in link and link.get("url"):
                    yield str(link["url"])
        for item in data.values():
            yield from _walk(item)
    elif isinstance(data, list):
        for item in data:
            yield from _walk(item)
    elif isinstance(data, str) and '"entityMap"' in data:
        yield from typed_link_addresses(data)


def internal_path(address: str) -> str | None:
    """The path of an address on this site (`/…`, or the public address's host), else None."""
    parts = urlsplit(address.strip())
    if not parts.scheme and not parts.netloc and parts.path.startswith("/"):
        return parts.path
    if parts.scheme in ("http", "https") and parts.hostname \
            and parts.hostname == urlsplit(public_base_url()).hostname:
        return parts.path or "/"
    return None


def path_answers(path: str, *, site: Site | None = None) -> bool:
    """Whether a live page, a file of the media library or a URL of the CMS answers `path`."""
    if path.startswith(settings.MEDIA_URL):
        return (Path(settings.MEDIA_ROOT) / unquote(path[len(settings.MEDIA_URL):])).is_file()
    if path.startswith(settings.STATIC_URL):
        return True
    try:
        match = resolve(path)
    except Resolver404:
        return False
    if match.url_name != "wagtail_serve":
        return True  # feeds, calendars, the API, the search page
    site = site or current_site()
    if site is None:
        return False
    components = [unquote(part) for part in path.split("/") if part]
    try:
        site.root_page.specific.route(RequestFactory().get(path), components)
    except Http404:
        return False
    return True
