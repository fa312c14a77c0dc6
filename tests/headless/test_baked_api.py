"""The baked API files have the live API's shapes, with URLs on the baked site.

The documented rewriting (cms/headless/README.md) is re-implemented here on the raw
JSON text, independently of `cms.headless.flavour`: a live detail URL
`http://localhost/api/v2/<endpoint>/<id>/` becomes `<base>/api/v2/<endpoint>/<id>.json`,
every other page or media URL keeps its path on `<base>`.
"""

import json
import re

import pytest

from cms.headless.bake import media_paths
from tests.headless.conftest import BASE_URL, HIDDEN_MARKERS
from tests.headless.test_live_api import PAGE_TYPES

LIVE_ROOT = "http://localhost"


def as_baked(live: dict) -> dict:
    """The live payload with the README's URL rules applied."""
    text = json.dumps(live)
    text = re.sub(r'"detail_url": "https?://[^/"]+(/api/v2/\w+/\d+)/"',
                  rf'"detail_url": "{BASE_URL}\1.json"', text)
    text = re.sub(r'"(html_url|download_url)": "(?:https?://[^/"]+)?/',
                  rf'"\1": "{BASE_URL}/', text)
    return json.loads(text)


def meta_urls(data, key: str) -> list[str]:
    """Every `meta.<key>` value anywhere in a payload."""
    found = []
    if isinstance(data, dict):
        meta = data.get("meta")
        if isinstance(meta, dict) and isinstance(meta.get(key), str):
            found.append(meta[key])
        for value in data.values():
            found += meta_urls(value, key)
    elif isinstance(data, list):
        for value in data:
            found += meta_urls(value, key)
    return found


@pytest.mark.parametrize("label", sorted(PAGE_TYPES))
def test_type_listing_equals_the_live_one(baked, cms_client, label):
    file = baked.load(f"api/v2/pages/type/{label}.json")
    live = cms_client.get(f"/api/v2/pages/?type={label}&fields=*&limit=1000").json()
    assert live["items"], "the fixture has a live page of every type"
    assert file == as_baked(live)


def test_every_page_detail_equals_the_live_one(portal, baked, cms_client):
    detail_files = sorted(path for path in baked.build_dir.glob("api/v2/pages/*.json")
                          if path.stem != "index")
    pages = {page.pk: page for page in portal.live.values()}
    assert {int(path.stem) for path in detail_files} == set(pages)
    for path in detail_files:
        live = cms_client.get(f"/api/v2/pages/{path.stem}/").json()
        assert json.loads(path.read_bytes()) == as_baked(live), path.name


def test_course_detail_links_to_the_baked_site(portal, baked):
    course = portal.live["open_course"]
    data = baked.load(f"api/v2/pages/{course.pk}.json")
    assert data["meta"]["detail_url"] == f"{BASE_URL}/api/v2/pages/{course.pk}.json"
    assert data["meta"]["html_url"] == f"{BASE_URL}/corsi/magazzino/"
    assert data["meta"]["parent"]["meta"]["html_url"] == f"{BASE_URL}/corsi/"
    assert data["status"] == "Iscrizioni aperte"


def test_pages_index_lists_every_live_public_page_once(portal, baked, cms_client):
    index = baked.load("api/v2/pages/index.json")
    ids = [item["id"] for item in index["items"]]
    assert sorted(ids) == sorted(page.pk for page in portal.live.values())
    assert index["meta"]["total_count"] == len(ids)
    assert index == as_baked(cms_client.get("/api/v2/pages/?limit=1000").json())
    assert set(index["items"][0]) == {"id", "meta", "title"}
    assert set(index["items"][0]["meta"]) == {"type", "detail_url", "html_url", "slug",
                                               "first_published_at"}


def test_every_detail_url_is_a_baked_file(baked):
    """A client can follow any `detail_url` of any baked file on the static host."""
    followed = 0
    for path in baked.all_files():
        for url in meta_urls(json.loads(path.read_bytes()), "detail_url"):
            assert url.startswith(f"{BASE_URL}/api/v2/") and url.endswith(".json"), url
            assert (baked.build_dir / url[len(BASE_URL) + 1:]).is_file(), url
            followed += 1
        for url in meta_urls(json.loads(path.read_bytes()), "html_url"):
            assert url.startswith(f"{BASE_URL}/"), url
    assert followed > 50


def test_drafts_and_private_pages_are_in_no_baked_file(portal, baked):
    for path in baked.all_files():
        text = path.read_text(encoding="utf-8")
        for marker in HIDDEN_MARKERS:
            assert marker not in text, (marker, path)
    for page in portal.hidden.values():
        assert not (baked.build_dir / f"api/v2/pages/{page.pk}.json").exists()


def test_only_media_used_by_live_pages_are_baked(portal, baked, cms_client):
    images = baked.load("api/v2/images/index.json")
    documents = baked.load("api/v2/documents/index.json")
    assert [item["id"] for item in images["items"]] == [portal.used_image.pk]
    assert [item["id"] for item in documents["items"]] == [portal.document.pk]
    assert not (baked.build_dir / f"api/v2/images/{portal.unused_image.pk}.json").exists()
    assert not (baked.build_dir / f"api/v2/documents/{portal.draft_document.pk}.json").exists()
    for endpoint, obj in (("images", portal.used_image), ("documents", portal.document)):
        detail = baked.load(f"api/v2/{endpoint}/{obj.pk}.json")
        assert detail == as_baked(cms_client.get(f"/api/v2/{endpoint}/{obj.pk}/").json())
        assert detail["meta"]["download_url"] == BASE_URL + obj.file.url
    assert images == as_baked(cms_client.get("/api/v2/images/?limit=1000").json())
    assert media_paths() == {portal.used_image.file.url, portal.document.file.url}


def test_baked_files_are_the_documented_layout(portal, baked):
    expected = {"api/v2/pages/index.json", "api/v2/images/index.json",
                "api/v2/documents/index.json", "api/eventi-in-arrivo.json",
                "api/corsi-aperti.json"}
    expected |= {f"api/v2/pages/type/{label}.json" for label in PAGE_TYPES}
    expected |= {f"api/v2/pages/{page.pk}.json" for page in portal.live.values()}
    expected |= {f"api/v2/images/{portal.used_image.pk}.json",
                 f"api/v2/documents/{portal.document.pk}.json"}
    assert set(baked.files.values()) == expected
    assert {str(p.relative_to(baked.build_dir)) for p in baked.all_files()} == expected
