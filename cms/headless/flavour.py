"""The "baked flavour" of an API response: the same payload, with URLs for the static site.

A live response links to the running CMS (`http://cms-host/api/v2/pages/12/`), which
the public never sees. The baked files must link to the baked site instead, and to
files a static host can serve without a query string. Asked with `?flavour=baked`,
the live endpoints apply exactly these rules before rendering, so the bake only
fetches and writes and a client can compare both flavours on the running CMS.

The rules, applied to every `meta` object of the payload (nothing else is touched):

* `detail_url`: `<any host>/api/v2/<endpoint>/<id>/` → `<RETE_BASE_URL>/api/v2/<endpoint>/<id>.json`
* `html_url` and `download_url`: the host (or, for images' relative `download_url`,
  nothing) is replaced by `RETE_BASE_URL`, the path is kept.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

FLAVOUR_PARAM = "flavour"
BAKED = "baked"

# `/api/v2/pages/12/` — the detail route of any Wagtail API endpoint.
_DETAIL_PATH = re.compile(r"^(?P<head>.+)/(?P<pk>\d+)/$")
_SITE_URL_KEYS = ("html_url", "download_url")


def wants_baked_flavour(query: dict[str, str] | Any) -> bool:
    """Whether a request's query parameters ask for the baked flavour."""
    return query.get(FLAVOUR_PARAM) == BAKED


def baked_detail_url(*, url: str, base_url: str) -> str:
    """The baked file's address for a live detail URL (absolute or path-only)."""
    path = urlsplit(url).path
    match = _DETAIL_PATH.match(path)
    if match:
        path = f"{match['head']}/{match['pk']}.json"
    return base_url.rstrip("/") + path


def baked_site_url(*, url: str, base_url: str) -> str:
    """The same path (and query, if any) on the baked site's address."""
    parts = urlsplit(url)
    query = f"?{parts.query}" if parts.query else ""
    return base_url.rstrip("/") + parts.path + query


def bake_payload(data: Any, *, base_url: str) -> Any:
    """A copy of an API payload with every `meta` URL pointing at the baked site."""
    if isinstance(data, list):
        return [bake_payload(item, base_url=base_url) for item in data]
    if not isinstance(data, dict):
        return data
    baked = {}
    for key, value in data.items():
        if key == "meta" and isinstance(value, dict):
            baked[key] = _bake_meta(value, base_url=base_url)
        else:
            baked[key] = bake_payload(value, base_url=base_url)
    return baked


def _bake_meta(meta: dict, *, base_url: str) -> dict:
    baked = {}
    for key, value in meta.items():
        if key == "detail_url" and isinstance(value, str):
            baked[key] = baked_detail_url(url=value, base_url=base_url)
        elif key in _SITE_URL_KEYS and isinstance(value, str):
            baked[key] = baked_site_url(url=value, base_url=base_url)
        else:
            # `parent` and `alias_of` are nested objects with their own `meta`.
            baked[key] = bake_payload(value, base_url=base_url)
    return baked
