"""The real bake, given `baked_files` and `media_paths`, writes the baked API beside the pages."""

import json

import pytest

from cms.headless import bake
from cms.headless.endpoints import PRELOADED_PAGE
from cms.headless.flavour import bake_payload
from cms.publishing.exceptions import BakeError
from cms.publishing.services import bake_site


def test_the_bake_writes_the_same_files_and_the_media_they_link(baked, portal, tmp_path):
    build_dir = tmp_path / "site"
    bake_site(build_dir=build_dir, progress=False)
    for relative in baked.files.values():
        assert (build_dir / relative).read_bytes() == (baked.build_dir / relative).read_bytes()
    for obj in (portal.used_image, portal.document):
        assert (build_dir / obj.file.url.lstrip("/")).read_bytes() == obj.file.open("rb").read()


def test_records_are_preloaded_for_public_pages_only_with_their_specific_fields(portal):
    """What a batch of the bake's requests carries: the specific page of each public record;
    a draft's or a private page's record is left to the endpoint, which answers 404."""
    def record(page):
        return f"/api/v2/pages/{page.pk}/?flavour=baked"

    guide, course = portal.live["guide"], portal.live["open_course"]
    urls = [record(guide), record(course), record(portal.hidden["draft"]),
            record(portal.hidden["private"]), "/api/v2/pages/?limit=1000&flavour=baked",
            "/feed/eventi.xml"]

    preloaded = bake.preload_records(urls)

    assert sorted(preloaded) == sorted([record(guide), record(course)])
    loaded = preloaded[record(course)][PRELOADED_PAGE]
    assert type(loaded) is type(course.specific) and loaded.title == course.title


def test_a_listing_too_long_for_one_file_stops_the_bake(portal, settings):
    settings.WAGTAILAPI_LIMIT_MAX = 5
    with pytest.raises(BakeError, match="WAGTAILAPI_LIMIT_MAX"):
        bake.baked_files()


def test_bake_payload_rewrites_meta_urls_only():
    live = {
        "id": 3,
        "meta": {"detail_url": "http://cms:8000/api/v2/pages/3/",
                 "html_url": "http://cms:8000/corsi/",
                 "parent": {"id": 2, "meta": {"detail_url": "http://cms:8000/api/v2/pages/2/"}}},
        "body": [{"type": "link", "value": {"detail_url": "http://cms:8000/x/"}}],
        "image": {"id": 5, "meta": {"download_url": "/media/original_images/a.jpg"}},
    }
    assert bake_payload(live, base_url="https://lavoro.example.it") == {
        "id": 3,
        "meta": {"detail_url": "https://lavoro.example.it/api/v2/pages/3.json",
                 "html_url": "https://lavoro.example.it/corsi/",
                 "parent": {"id": 2, "meta": {
                     "detail_url": "https://lavoro.example.it/api/v2/pages/2.json"}}},
        "body": [{"type": "link", "value": {"detail_url": "http://cms:8000/x/"}}],
        "image": {"id": 5, "meta": {
            "download_url": "https://lavoro.example.it/media/original_images/a.jpg"}},
    }


def test_a_record_that_fails_stops_the_bake_naming_its_own_page(portal, tmp_path, monkeypatch):
    """Records of a batch are serialized together; when one fails, each is served alone,
    so the error names the page that has it, not the first of its batch."""
    from cms.headless.endpoints import RetePageSerializer
    from cms.publishing.artefacts import ExtraFile, ExtraFileWriter
    from cms.publishing.exceptions import PageRenderError
    from tests import factories

    good = portal.live["guide"]
    bad = factories.GuidePageFactory(parent=good.get_parent(), slug="guasta", title="Guasta")
    serialize = RetePageSerializer.to_representation

    def failing(self, instance):
        if instance.pk == bad.pk:
            raise ValueError("campo illeggibile")
        return serialize(self, instance)

    monkeypatch.setattr(RetePageSerializer, "to_representation", failing)
    extras = [ExtraFile(url=f"/api/v2/pages/{page.pk}/?flavour=baked",
                        relative=f"api/v2/pages/{page.pk}.json", page_id=page.pk)
              for page in (good, bad)]

    with pytest.raises(PageRenderError) as raised:
        ExtraFileWriter().write_batch(extras, build_dir=tmp_path)

    assert f"/api/v2/pages/{bad.pk}/" in str(raised.value)
    assert f"/api/v2/pages/{good.pk}/" not in str(raised.value)
    assert (tmp_path / f"api/v2/pages/{good.pk}.json").is_file()


def test_records_serialized_as_a_batch_are_the_live_api_answers(portal, cms_client, tmp_path):
    """A batch reads which parents the API shows once for all its records: the home page's
    parent (the tree's root) and a draft parent are not shown, a live one is."""
    from cms.publishing.artefacts import ExtraFile, ExtraFileWriter
    from cms.publishing.sites import baking
    from tests import factories

    home, guide = portal.live["home"], portal.live["guide"]
    draft = factories.StandardPageFactory(parent=home, slug="in-bozza", title="In bozza")
    child = factories.StandardPageFactory(parent=draft, slug="figlia", title="Figlia")
    draft.unpublish(set_expired=False, commit=True, log_action=False)
    child.refresh_from_db()
    assert child.live and not type(draft).objects.get(pk=draft.pk).live
    pages = [home, guide, child]
    extras = [ExtraFile(url=f"/api/v2/pages/{page.pk}/?flavour=baked",
                        relative=f"api/v2/pages/{page.pk}.json", page_id=page.pk)
              for page in pages]

    with baking(None):
        ExtraFileWriter().write_batch(extras, build_dir=tmp_path)

    for extra in extras:
        live = cms_client.get(extra.url)
        assert live.status_code == 200
        assert (tmp_path / extra.relative).read_bytes() == live.content
    parents = {page.pk: json.loads(
        (tmp_path / f"api/v2/pages/{page.pk}.json").read_bytes())["meta"]["parent"]
        for page in pages}
    assert parents[home.pk] is None and parents[child.pk] is None
    assert parents[guide.pk]["id"] == guide.get_parent().pk
