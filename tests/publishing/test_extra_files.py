"""Files other apps ask the bake for (feeds, API, sitemap) follow the same rules as pages."""

import json

import pytest

from django.test import override_settings

from cms.core.bake_targets import BakeTarget
from cms.publishing.exceptions import PageRenderError
from cms.publishing.services import bake_site

FILES = {"/api/v2/pages/?limit=50": BakeTarget("api/v2/pages/index.json")}
MISSING = {"/api/v2/pages/999999/": BakeTarget("api/v2/pages/999999.json")}
EXTRA_MEDIA: set[str] = set()


def files_provider():
    return FILES


def missing_provider():
    return MISSING


def media_provider():
    return EXTRA_MEDIA


# Pages link to their calendars and to the icons, so those files stay in every bake.
SYNDICATION = "cms.syndication.bake.baked_files"
ICONS = "cms.core.bake.baked_files"


@override_settings(BAKE_EXTRA_FILES=[SYNDICATION, ICONS, f"{__name__}.files_provider"],
                   BAKE_EXTRA_MEDIA=[f"{__name__}.media_provider"])
def test_extra_files_and_media_are_written(bake_site_tree, build_dir, monkeypatch):
    unused = bake_site_tree.unused_image
    monkeypatch.setattr(f"{__name__}.EXTRA_MEDIA", {unused.file.url})

    report = bake_site(build_dir=build_dir, progress=False)

    listing = json.loads((build_dir / "api/v2/pages/index.json").read_text())
    titles = {item["title"] for item in listing["items"]}
    assert "Scrivere il curriculum" in titles
    from cms.core.bake import baked_files as icons
    from cms.syndication.bake import baked_files

    assert report.extra_files == len(baked_files()) + len(icons()) + 1
    assert (build_dir / unused.file.url.lstrip("/")).read_bytes() == unused.file.open("rb").read()


@override_settings(BAKE_EXTRA_FILES=[f"{__name__}.missing_provider"])
def test_an_extra_file_that_fails_stops_the_bake_naming_the_url(bake_site_tree, build_dir):
    with pytest.raises(PageRenderError, match=r"/api/v2/pages/999999/.*404"):
        bake_site(build_dir=build_dir, progress=False)
    assert not build_dir.exists()


@override_settings(BAKE_EXTRA_FILES=[f"{__name__}.files_provider"])
def test_an_extra_file_whose_view_raises_names_the_url_and_the_error(bake_site_tree, build_dir,
                                                                     monkeypatch):
    """The bake calls the views itself: an exception is the file's 500, with its cause."""
    from wagtail.api.v2.views import PagesAPIViewSet

    def failing(self, request):
        raise RuntimeError("MARCATORE-VISTA")

    monkeypatch.setattr(PagesAPIViewSet, "listing_view", failing)
    with pytest.raises(PageRenderError) as raised:
        bake_site(build_dir=build_dir, progress=False)
    assert "L'indirizzo /api/v2/pages/?limit=50 (file api/v2/pages/index.json) non si genera " \
        "(errore 500: RuntimeError('MARCATORE-VISTA'))" in str(raised.value)
    assert not build_dir.exists()


def own_files(files, ids):
    """The files of `files` (a provider's answer) that belong to the pages `ids`."""
    return {url: target for url, target in files.items() if target.page_id in ids}


@pytest.mark.parametrize("dotted", [SYNDICATION, "cms.headless.bake.baked_files"])
def test_a_provider_asked_for_some_pages_gives_exactly_their_files(bake_site_tree, dotted):
    """What a publish asks first: the edited pages' own calendar and API record, and the
    API records of the documents and images those records link to; nothing else."""
    from django.utils.module_loading import import_string

    provider = import_string(dotted)
    everything = provider()
    ids = {bake_site_tree.live["event"].pk, bake_site_tree.live["guide"].pk}

    asked = provider(page_ids=ids)

    own = {url: target for url, target in asked.items() if target.page_id is not None}
    linked = {url: target for url, target in asked.items() if target.page_id is None}
    assert own == own_files(everything, ids)
    assert own  # each provider has a file of its own for one of these pages
    assert linked.items() <= everything.items()
    expected = ({f"api/v2/documents/{bake_site_tree.document.pk}.json"}  # the guide's
                if dotted == "cms.headless.bake.baked_files" else set())
    assert {target.path for target in linked.values()} == expected


def page_files_provider():
    """A provider that cannot be asked for some pages: the bake filters its answer."""
    return {"/sommario/": BakeTarget("sommario.json"), "/uno/": BakeTarget("uno.json", page_id=1),
            "/due/": BakeTarget("due.json", page_id=2)}


@override_settings(BAKE_EXTRA_FILES=[f"{__name__}.page_files_provider"])
def test_a_provider_without_page_ids_is_filtered_for_a_publish():
    from cms.publishing.artefacts import extra_files

    assert [(f.relative, f.page_id) for f in extra_files(page_ids={2})] == [("due.json", 2)]
    assert len(extra_files()) == 3
