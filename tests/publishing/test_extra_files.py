"""Files other apps ask the bake for (feeds, API, sitemap) follow the same rules as pages."""

import json

import pytest

from django.test import override_settings

from cms.publishing.exceptions import PageRenderError
from cms.publishing.services import bake_site

FILES = {"/api/v2/pages/?limit=50": "api/v2/pages/index.json"}
MISSING = {"/api/v2/pages/999999/": "api/v2/pages/999999.json"}
EXTRA_MEDIA: set[str] = set()


def files_provider():
    return FILES


def missing_provider():
    return MISSING


def media_provider():
    return EXTRA_MEDIA


# Pages link to their calendars, so the syndication files stay in every bake.
SYNDICATION = "cms.syndication.bake.baked_files"


@override_settings(BAKE_EXTRA_FILES=[SYNDICATION, f"{__name__}.files_provider"],
                   BAKE_EXTRA_MEDIA=[f"{__name__}.media_provider"])
def test_extra_files_and_media_are_written(bake_site_tree, build_dir, monkeypatch):
    unused = bake_site_tree.unused_image
    monkeypatch.setattr(f"{__name__}.EXTRA_MEDIA", {unused.file.url})

    report = bake_site(build_dir=build_dir, progress=False)

    listing = json.loads((build_dir / "api/v2/pages/index.json").read_text())
    titles = {item["title"] for item in listing["items"]}
    assert "Scrivere il curriculum" in titles
    from cms.syndication.bake import baked_files

    assert report.extra_files == len(baked_files()) + 1
    assert (build_dir / unused.file.url.lstrip("/")).read_bytes() == unused.file.open("rb").read()


@override_settings(BAKE_EXTRA_FILES=[f"{__name__}.missing_provider"])
def test_an_extra_file_that_fails_stops_the_bake_naming_the_url(bake_site_tree, build_dir):
    with pytest.raises(PageRenderError, match=r"/api/v2/pages/999999/.*404"):
        bake_site(build_dir=build_dir, progress=False)
    assert not build_dir.exists()
