"""An event held at a sportello whose page is not on the public site.

A sportello page can be withdrawn (unpublished) or put behind a password while its
events stay online. The event must still say where it is, but must not link to a
page the static site does not have: that link would be a 404 for a citizen, and
the bake refuses to publish a site with one.
"""

import json

import pytest
from bs4 import BeautifulSoup

from wagtail.models import PageViewRestriction

from cms.publishing.services import bake_site
from tests import factories

SPORTELLO_PATH = "/sportelli/ispra/"


@pytest.fixture
def event_and_sportello(site_tree):
    sportello = factories.SportelloPageFactory(
        parent=site_tree.sportelli, title="Sportello lavoro di Ispra", slug="ispra",
        address="Via Milite Ignoto 31", postcode="21027", city="Ispra")
    event = factories.EventPageFactory(parent=site_tree.events, sportello=sportello,
                                       title="Simulazione di colloquio", slug="colloquio")
    return event, sportello


@pytest.fixture
def render(client):
    """GET a path of the site and return the parsed HTML (as in tests/theme)."""

    def _render(path: str) -> BeautifulSoup:
        response = client.get(path, HTTP_HOST="localhost")
        assert response.status_code == 200, f"{path}: {response.status_code}"
        return BeautifulSoup(response.content, "html.parser")

    return _render


def where(render, event) -> BeautifulSoup:
    """The "Dove" entry of the event page's facts box, as a citizen's browser gets it."""
    soup = render(event.url)
    label = next(dt for dt in soup.select(".facts dt") if dt.get_text(strip=True) == "Dove")
    return label.find_next_sibling("dd")


def links_to_sportello(soup: BeautifulSoup) -> list[str]:
    return [a["href"] for a in soup.find_all("a", href=True) if SPORTELLO_PATH in a["href"]]


def test_a_live_sportello_is_linked(event_and_sportello, render):
    event, _sportello = event_and_sportello

    place = where(render, event)

    assert links_to_sportello(place) == [SPORTELLO_PATH]
    assert "Via Milite Ignoto 31, 21027 Ispra" in place.get_text()


def test_an_unpublished_sportello_is_named_but_not_linked(event_and_sportello, render):
    event, sportello = event_and_sportello
    sportello.unpublish()

    place = where(render, event)

    assert links_to_sportello(place) == []
    assert "Sportello lavoro di Ispra" in place.get_text()
    assert "Via Milite Ignoto 31, 21027 Ispra" in place.get_text()


def test_a_sportello_behind_a_password_is_not_linked(event_and_sportello, render):
    event, sportello = event_and_sportello
    PageViewRestriction.objects.create(page=sportello, restriction_type="password",
                                       password="segreta")

    place = where(render, event)

    assert links_to_sportello(place) == []
    assert "Sportello lavoro di Ispra" in place.get_text()


def test_the_contact_card_of_a_sportello_behind_a_password_is_left_out(site_tree, render):
    """A guide's "A chi rivolgersi" card links twice to its sportello: no card, no link."""
    sportello = factories.SportelloPageFactory(parent=site_tree.sportelli, slug="ispra")
    guide = factories.GuidePageFactory(
        parent=site_tree.guides, slug="colloquio",
        body=[("paragraph", "<p>Preparati al colloquio.</p>"),
              ("sportello", {"sportello": sportello, "text": "Chiedi a noi"})])
    assert links_to_sportello(render(guide.url))  # the card is there while the sportello is live
    PageViewRestriction.objects.create(page=sportello, restriction_type="password",
                                       password="segreta")

    soup = render(guide.url)

    assert links_to_sportello(soup) == []
    assert "Preparati al colloquio." in soup.get_text()


def test_the_bake_succeeds_and_nothing_points_at_the_withdrawn_sportello(
        event_and_sportello, tmp_path):
    event, sportello = event_and_sportello
    sportello.unpublish()
    build_dir = tmp_path / "build"

    bake_site(build_dir=build_dir, progress=False)  # raises BrokenLinksError on a broken link

    page = (build_dir / event.url.strip("/") / "index.html").read_text()
    assert "Sportello lavoro di Ispra" in page
    assert SPORTELLO_PATH not in page
    assert not (build_dir / SPORTELLO_PATH.strip("/")).exists()
    # Nor the baked API: an app following the event's `sportello` would find nothing.
    api = json.loads((build_dir / f"api/v2/pages/{event.pk}.json").read_text())
    assert api["sportello"] is None
    for path in build_dir.rglob("*"):
        if path.suffix in {".html", ".json", ".xml", ".atom", ".ics"}:
            assert SPORTELLO_PATH not in path.read_text(), f"{path} points at the sportello"
            assert f"/api/v2/pages/{sportello.pk}.json" not in path.read_text(), path
