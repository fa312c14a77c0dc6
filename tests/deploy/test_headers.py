"""The headers a bucket stores with each kind of file the bake writes."""

from __future__ import annotations

import pytest

from cms.deploy.headers import object_headers
from cms.deploy.plan import compare

LONG, SHORT = "public, max-age=31536000, immutable", "public, max-age=300"


@pytest.mark.parametrize(("path", "headers"), [
    ("index.html", {"ContentType": "text/html; charset=utf-8", "CacheControl": SHORT}),
    ("guide/index.html.gz", {"ContentType": "text/html; charset=utf-8", "CacheControl": SHORT,
                             "ContentEncoding": "gzip"}),
    ("static/js/search.63eb711ea71e.js.br", {"ContentType": "text/javascript; charset=utf-8",
                                             "CacheControl": LONG, "ContentEncoding": "br"}),
    ("static/js/search.js", {"ContentType": "text/javascript; charset=utf-8",
                             "CacheControl": SHORT}),
    ("pagefind/fragment/it_3a5c1f2.pf_fragment", {"ContentType": "application/octet-stream",
                                                  "CacheControl": LONG}),
    ("pagefind/pagefind.it_3a5c1f2a.pf_meta", {"ContentType": "application/octet-stream",
                                               "CacheControl": LONG}),
    ("pagefind/pagefind-entry.json", {"ContentType": "application/json; charset=utf-8",
                                      "CacheControl": SHORT}),
    ("pagefind-guide/fragment/it_3a5c1f2.pf_fragment", {
        "ContentType": "application/octet-stream", "CacheControl": LONG}),
    ("pagefind-guide/pagefind-entry.json", {"ContentType": "application/json; charset=utf-8",
                                            "CacheControl": SHORT}),
    ("calendario.ics", {"ContentType": "text/calendar; charset=utf-8", "CacheControl": SHORT}),
    ("site.webmanifest", {"ContentType": "application/manifest+json; charset=utf-8",
                          "CacheControl": SHORT}),
    ("media/images/a.format-avif.max-800x600.avif", {"ContentType": "image/avif",
                                                     "CacheControl": SHORT}),
    ("feed/notizie/atom.atom", {"ContentType": "application/atom+xml; charset=utf-8",
                                "CacheControl": SHORT}),
    ("_redirects", {"ContentType": "text/plain; charset=utf-8", "CacheControl": SHORT}),
])
def test_each_kind_of_file_gets_its_type_encoding_and_cache(path, headers):
    assert object_headers(path) == headers


def test_hashed_assets_go_first_pages_last_deletions_after_everything():
    plan = compare(local={"index.html": "2", "static/a.0123456789ab.css": "1", "feed.xml": "1"},
                   remote={"index.html": "1", "vecchia/index.html": "1"})

    assert [str(change) for change in plan.changes] == [
        "+ static/a.0123456789ab.css", "+ feed.xml", "~ index.html", "- vecchia/index.html"]
