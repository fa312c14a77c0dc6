"""Long guide listings are numbered pages, and a publish re-renders only the listings it changes.

A network with hundreds of guides must not send a phone one page with all of them,
and an editor must not wait for every listing of the site after fixing one typo.
"""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from django.test.utils import override_settings

from cms.core.pagination import PER_PAGE
from cms.guides.models import GuidePage
from cms.publishing.incremental import affected_by, bake_changes, read_manifest, record_full_bake
from cms.publishing.listings import listing_signatures
from cms.publishing.render import baked_site
from cms.publishing.services import bake_site
from tests import factories

PAGINATION_VIEW = "cms.publishing.pagination_views.PaginationView"
GUIDE_CARDS = "section[aria-labelledby=tutte-le-guide] .card, section[aria-labelledby=guide] .card"
EXTRA_GUIDES = PER_PAGE + 1  # with the fixture's guide: two pages, the second with two guides


def soup_of(build_dir: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((build_dir / url.lstrip("/") / "index.html").read_text(), "html.parser")


@pytest.fixture
def many_guides(bake_site_tree, settings):
    """The bake test site with enough guides for the young to fill two listing pages."""
    audience = bake_site_tree.live["guide"].audiences.first()
    for number in range(EXTRA_GUIDES):
        guide = factories.GuidePageFactory(parent=bake_site_tree.live["guides"],
                                           title=f"Guida numero {number:02d}",
                                           slug=f"guida-{number:02d}")
        guide.audiences.add(audience)
        guide.save_revision().publish()
    settings.BAKERY_VIEWS = (*settings.BAKERY_VIEWS, PAGINATION_VIEW)
    return bake_site_tree


@pytest.mark.django_db
def test_guide_listings_are_numbered_pages(many_guides, build_dir, client):
    bake_site(build_dir=build_dir, progress=False)
    guides_url = many_guides.live["guides"].url
    for first_url in (guides_url, f"{guides_url}per-chi/giovani/"):
        first, second = soup_of(build_dir, first_url), soup_of(build_dir, f"{first_url}pagina/2/")
        assert len(first.select(GUIDE_CARDS)) == PER_PAGE
        assert len(second.select(GUIDE_CARDS)) == 2
        assert "Pagina 2 di 2" in second.title.get_text()
        assert second.find("link", rel="prev")["href"] == first_url
        assert not (build_dir / first_url.lstrip("/") / "pagina" / "3").exists()
    # The audience's courses open its listing, on the first page only.
    audience = soup_of(build_dir, f"{guides_url}per-chi/giovani/")
    assert audience.find(id="corsi") is not None
    assert soup_of(build_dir, f"{guides_url}per-chi/giovani/pagina/2/").find(id="corsi") is None
    redirect = client.get(f"{guides_url}per-chi/giovani/pagina/1/")
    assert (redirect.status_code, redirect["Location"]) == (301, f"{guides_url}per-chi/giovani/")
    assert client.get(f"{guides_url}per-chi/giovani/pagina/3/").status_code == 404


@pytest.mark.django_db
def test_editing_a_guide_re_renders_only_the_listing_pages_that_show_it(many_guides, build_dir):
    bake_site(build_dir=build_dir, progress=False)
    record_full_bake(build_dir=build_dir)
    guides_url = many_guides.live["guides"].url
    last = GuidePage.objects.get(slug=f"guida-{EXTRA_GUIDES - 1:02d}")  # on page 2, by title
    GuidePage.objects.filter(pk=last.pk).update(intro="Una guida appena rivista.")

    affected = affected_by(page_ids=[last.pk],
                           listings_before=read_manifest(build_dir=build_dir).listings,
                           listings_now=listing_signatures(site=baked_site()))
    assert {last.url, f"{guides_url}pagina/2/", f"{guides_url}per-chi/giovani/pagina/2/"} \
        <= affected.urls
    assert guides_url not in affected.urls  # page 1 shows other guides
    assert f"{guides_url}per-chi/giovani/" not in affected.urls

    untouched = (build_dir / guides_url.lstrip("/") / "index.html").stat().st_mtime_ns
    with override_settings(BUILD_DIR=str(build_dir.parent)):
        bake_changes(build_dir=build_dir, page_ids=[last.pk])
    assert "Una guida appena rivista." in (
        build_dir / guides_url.lstrip("/") / "pagina" / "2" / "index.html").read_text()
    assert (build_dir / guides_url.lstrip("/") / "index.html").stat().st_mtime_ns == untouched


@pytest.mark.django_db
def test_a_new_guide_first_in_order_shifts_every_page_of_its_listing(many_guides, build_dir):
    bake_site(build_dir=build_dir, progress=False)
    record_full_bake(build_dir=build_dir)
    guides_url = many_guides.live["guides"].url
    first = factories.GuidePageFactory(parent=many_guides.live["guides"], title="Abc della ricerca",
                                       slug="abc", live=False)
    first.save_revision().publish()

    affected = affected_by(page_ids=[first.pk],
                           listings_before=read_manifest(build_dir=build_dir).listings,
                           listings_now=listing_signatures(site=baked_site()))
    assert {guides_url, f"{guides_url}pagina/2/"} <= affected.urls


@pytest.mark.django_db
def test_listings_read_in_one_go_by_a_large_bake_are_the_same_pages(many_guides, tmp_path,
                                                                    monkeypatch):
    """A big bake reads each listing's order once (`RememberedOrder`): same bytes as slicing."""
    from cms.core import pagination

    sliced, remembered = tmp_path / "a" / "build", tmp_path / "b" / "build"
    bake_site(build_dir=sliced, progress=False)
    monkeypatch.setattr(pagination, "REMEMBER_ORDER_FROM", 0)  # as in a bake of thousands
    bake_site(build_dir=remembered, progress=False)
    guides_url = many_guides.live["guides"].url.lstrip("/")
    for relative in (f"{guides_url}index.html", f"{guides_url}pagina/2/index.html",
                     f"{guides_url}per-chi/giovani/pagina/2/index.html",
                     "eventi/index.html", "notizie/index.html"):
        assert (remembered / relative).read_bytes() == (sliced / relative).read_bytes(), relative
