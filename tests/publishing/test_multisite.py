"""Two networks in one CMS: each Wagtail site is baked into its own folder, from its own tree,
in its own theme and at its own address; an edit re-bakes only the sites it touches."""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import pytest
from django_tasks_db.models import DBTaskResult

from django.core.management import call_command
from django.test import override_settings

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site

from cms.core.site_settings import PortalSettings, site_folder
from cms.deploy.builds import build_dir_for
from cms.guides.models import GuidePage
from cms.network.models import Partner
from cms.publishing.models import BakeRecord
from cms.publishing.services import bake_site
from cms.publishing.sites import sites_affected_by
from tests import factories

from . import test_worker
from .test_incremental import assert_same_build

MODENA_URL = "https://lavoro.modena-carpi.example.it"
QUEUED_IN_DATABASE = test_worker.QUEUED_IN_DATABASE
# The real worker, run until the queue is empty (see test_worker.py).
run_worker_once = test_worker.run_worker_once
_nothing_pending = test_worker._nothing_pending
pytestmark = pytest.mark.django_db


@pytest.fixture
def networks(bake_site_tree):
    """The bake test site (default, `localhost`) and a Modena–Carpi site with its own home,
    theme and address, sharing the partner of the default site's course."""
    shared = Partner.objects.get(pk=bake_site_tree.live["course"].provider_id)
    home = factories.HomePageFactory(parent=Page.get_first_root_node(), slug="modena-carpi",
                                     title="Rete Modena–Carpi")
    modena = Site.objects.create(hostname="modena-carpi.localhost", root_page=home,
                                 site_name="Modena–Carpi")
    PortalSettings.objects.create(site=modena, folder="modena-carpi", theme="modena",
                                  base_url=MODENA_URL)
    guides = factories.GuideIndexPageFactory(parent=home)
    guide = factories.GuidePageFactory(parent=guides, title="Lavorare nel distretto di Carpi",
                                       slug="distretto-carpi", live=False)
    guide.save_revision().publish()
    courses = factories.CourseIndexPageFactory(parent=home)
    course = factories.CoursePageFactory(parent=courses, provider=shared, slug="saldatura",
                                         title="Saldatore a Carpi", live=False)
    course.save_revision().publish()
    default = Site.objects.get(is_default_site=True)
    Redirect.objects.create(old_path="/vecchia-rete", site=default,
                            redirect_page=bake_site_tree.live["guide"])
    Redirect.objects.create(old_path="/vecchia-carpi", site=modena,
                            redirect_page=GuidePage.objects.get(pk=guide.pk))
    Redirect.objects.create(old_path="/per-tutti", site=None,
                            redirect_link="https://www.example.it/")
    # Calendars stamp a page never published through a revision with the clock.
    Page.objects.filter(last_published_at__isnull=True).update(
        last_published_at=Page.objects.exclude(last_published_at=None)
        .values_list("last_published_at", flat=True).first())
    return {"default": default, "modena": modena, "tree": bake_site_tree, "partner": shared,
            "guide": GuidePage.objects.get(pk=guide.pk), "course": course}


def text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def locations(sitemap: Path) -> list[str]:
    return re.findall(r"<loc>([^<]+)</loc>", text(sitemap))


def api_titles(build: Path) -> set[str]:
    listing = json.loads(text(build / "api" / "v2" / "pages" / "index.json"))
    return {item["title"] for item in listing["items"]}


def test_every_site_is_baked_into_its_own_folder_from_its_own_tree(networks, tmp_path, settings):
    settings.BUILD_DIR = str(tmp_path / "www")
    settings.ALLOWED_HOSTS = ["localhost"]  # the CMS's own host only, as in production
    call_command("bake", no_progress=True, verbosity=0)
    one = tmp_path / "www" / site_folder(networks["default"])
    two = tmp_path / "www" / "modena-carpi"
    assert sorted(p.name for p in (tmp_path / "www").iterdir() if p.is_symlink()) == sorted(
        [one.name, two.name])

    assert "Rete Modena–Carpi" in text(two / "index.html")
    assert "Rete Modena–Carpi" not in text(one / "index.html")
    # The sitemap: each site its own pages, at its own address.
    mine, theirs = locations(two / "sitemap.xml"), locations(one / "sitemap.xml")
    assert mine and all(loc.startswith(MODENA_URL + "/") for loc in mine)
    assert any("distretto-carpi" in loc for loc in mine)
    assert not any("curriculum" in loc for loc in mine)
    assert theirs and not any(loc.startswith(MODENA_URL) or "distretto-carpi" in loc
                              for loc in theirs)
    assert MODENA_URL in text(two / "robots.txt") and MODENA_URL not in text(one / "robots.txt")
    # The baked API and the feeds list only the site's own pages.
    assert "Lavorare nel distretto di Carpi" in api_titles(two)
    assert "Scrivere il curriculum" not in api_titles(two)
    assert "Lavorare nel distretto di Carpi" not in api_titles(one)
    assert "Scrivere il curriculum" in api_titles(one)
    for feed in (two / "feed").rglob("*.xml"):
        assert "Operatore di magazzino" not in text(feed) and "Nasce la rete" not in text(feed)
    assert "Saldatore a Carpi" in "".join(text(f) for f in (two / "feed").rglob("*.xml"))
    # Each its 404, search page and search index; the Modena theme only in its folder.
    for build in (one, two):
        assert (build / "404.html").is_file() and (build / "cerca" / "index.html").is_file()
        assert (build / "pagefind" / "pagefind.js").is_file()
    assert list((two / "static").rglob("modena.*.css"))
    assert not list((one / "static").rglob("modena.*.css"))
    # Redirects: a site's own, and those of every site.
    assert "/vecchia-carpi" in text(two / "_redirects") and "/per-tutti" in text(two / "_redirects")
    assert "/vecchia-rete" not in text(two / "_redirects")
    assert "/vecchia-rete" in text(one / "_redirects") and "/per-tutti" in text(one / "_redirects")
    assert "/vecchia-carpi" not in text(one / "_redirects")
    # Links between the pages of one site stay inside its folder.
    assert 'href="/guide/distretto-carpi/"' in text(two / "guide" / "index.html")
    assert "modena-carpi.localhost" not in "".join(
        text(page) for page in two.rglob("*.html"))
    assert BakeRecord.objects.filter(site=networks["modena"]).count() == 1
    assert BakeRecord.objects.filter(site=networks["default"]).count() == 1


def test_bake_site_option_bakes_one_site_only(networks, tmp_path, settings, editor_client):
    settings.BUILD_DIR = str(tmp_path / "www")
    call_command("bake", no_progress=True, site="modena-carpi.localhost", verbosity=0)
    assert [p.name for p in (tmp_path / "www").iterdir() if p.is_symlink()] == ["modena-carpi"]
    assert BakeRecord.objects.get().site == networks["modena"]
    # The Pubblicazione page says which network was baked.
    assert "<td>Modena–Carpi</td>" in editor_client.get("/admin/pubblicazione/").content.decode()


def test_the_deploy_reads_the_folder_of_the_site_it_deploys(networks, tmp_path, settings):
    settings.BUILD_DIR = str(tmp_path / "www")
    call_command("bake", no_progress=True, verbosity=0)
    modena = build_dir_for(networks["modena"])
    assert modena == (tmp_path / "www" / "modena-carpi").resolve() and modena.name.startswith(
        "modena-carpi.v-")
    assert build_dir_for(networks["default"]).parent == modena.parent != modena


def test_an_old_single_site_build_is_moved_aside_once(networks, tmp_path, settings):
    old = tmp_path / "www" / "build"
    bake_site(build_dir=old, progress=False)
    assert old.is_symlink()
    settings.BUILD_DIR = str(old)
    out = io.StringIO()
    call_command("bake", no_progress=True, verbosity=0, stdout=out)
    assert old.is_dir() and not old.is_symlink()
    assert "conteneva un solo sito, nel formato di prima: è stata spostata in" in out.getvalue()
    assert (old / site_folder(networks["default"]) / "index.html").is_file()
    aside = [p for p in old.parent.iterdir() if p.name.startswith("build.single-site-")]
    assert len(aside) == 1 and (aside[0] / "index.html").is_file()  # kept, whole


def file_state(path: Path) -> tuple:
    """What changes when anything is written into a build: the link's target, and the
    files' modification times."""
    return os.readlink(path), sorted(
        (p.relative_to(path).as_posix(), p.stat().st_mtime_ns) for p in path.rglob("*")
        if p.is_file())


def test_a_publish_in_one_site_re_bakes_only_that_site_and_a_shared_partner_both(
        networks, tmp_path, django_capture_on_commit_callbacks, run_worker_once):
    root = tmp_path / "www"
    with override_settings(BUILD_DIR=str(root)):
        call_command("bake", no_progress=True, verbosity=0)
    one, two = root / site_folder(networks["default"]), root / "modena-carpi"
    before = file_state(one)
    BakeRecord.objects.all().delete()

    with override_settings(TASKS=QUEUED_IN_DATABASE, RETE_AUTO_BAKE=True, BUILD_DIR=str(root)):
        guide = networks["guide"]
        guide.title = "Lavorare nel distretto di Carpi e Mirandola"
        with django_capture_on_commit_callbacks(execute=True):
            guide.save_revision().publish()
        task = DBTaskResult.objects.get()  # one bake: the Modena site's
        assert task.args_kwargs["kwargs"]["site_id"] == networks["modena"].pk
        run_worker_once()

        assert "Carpi e Mirandola" in text(two / "guide" / "distretto-carpi" / "index.html")
        assert file_state(one) == before  # not a file of the other network was written
        assert set(BakeRecord.objects.values_list("site", flat=True)) == {networks["modena"].pk}

        partner = Partner.objects.get(pk=networks["partner"].pk)
        partner.name = "Ente di formazione condiviso"
        with django_capture_on_commit_callbacks(execute=True):
            partner.save()
        queued = DBTaskResult.objects.filter(status="READY")
        assert sorted(t.args_kwargs["kwargs"]["site_id"] for t in queued) == sorted(
            [networks["default"].pk, networks["modena"].pk])
        run_worker_once()

    course_a = networks["tree"].live["course"].relative_url(networks["default"])
    assert "Ente di formazione condiviso" in text(one / course_a.lstrip("/") / "index.html")
    assert "Ente di formazione condiviso" in text(two / "corsi" / "saldatura" / "index.html")

    # Unpublishing in one site: its files go, the other site's stay as they were.
    before = file_state(one)
    with override_settings(TASKS=QUEUED_IN_DATABASE, RETE_AUTO_BAKE=True, BUILD_DIR=str(root)):
        with django_capture_on_commit_callbacks(execute=True):
            Page.objects.get(pk=networks["course"].pk).unpublish()
        run_worker_once()
    assert not (two / "corsi" / "saldatura").exists()
    assert file_state(one) == before
    # Incremental ≡ full, for each site.
    for site, build in ((networks["default"], one), (networks["modena"], two)):
        full = tmp_path / "full" / site_folder(site)
        bake_site(build_dir=full, site=site, progress=False)
        assert_same_build(build, full)


def test_a_site_setting_touches_only_its_site_and_a_generic_object_finds_its_users(networks):
    modena = networks["modena"]
    setting = PortalSettings.objects.get(site=modena)
    assert sites_affected_by(objects=[setting]) == [modena]
    assert sites_affected_by(page_ids=[networks["guide"].pk]) == [modena]
    assert sites_affected_by(page_ids=[networks["tree"].live["guide"].pk]) == [
        networks["default"]]
    assert sites_affected_by(objects=[networks["partner"]]) == [networks["default"], modena]
    # A page moved to the top of one site re-bakes all of that site, not the other one.
    assert sites_affected_by(page_ids=[modena.root_page_id], everything=True) == [modena]
    assert sites_affected_by(everything=True) == [networks["default"], modena]


def test_the_live_api_answers_for_the_site_of_the_host(networks, client):
    def titles(host: str) -> set[str]:
        response = client.get("/api/v2/pages/?limit=100", HTTP_HOST=host)
        assert response.status_code == 200
        return {item["title"] for item in response.json()["items"]}

    modena, default = titles("modena-carpi.localhost"), titles("localhost")
    assert "Lavorare nel distretto di Carpi" in modena and "Scrivere il curriculum" not in modena
    assert "Scrivere il curriculum" in default and "Lavorare nel distretto di Carpi" not in default
