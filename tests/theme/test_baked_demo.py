"""The baked demo network as a search engine and a link preview read it: every page's JSON-LD,
OpenGraph image, icons, the sitemap and the service pages."""

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from django.conf import settings
from django.core.management import call_command

from cms.publishing.services import bake_site

pytestmark = pytest.mark.django_db
BASE = settings.RETE_BASE_URL
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
# What each type needs to be read as a rich result (dotted: nested property).
REQUIRED = {
    "Event": ["name", "url", "startDate", "endDate", "eventStatus", "eventAttendanceMode",
              "location.name", "location.address", "organizer.name"],
    "Course": ["name", "description", "url", "provider.name", "hasCourseInstance", "offers"],
    "GovernmentOffice": ["name", "url", "address.streetAddress", "address.postalCode",
                         "address.addressLocality", "openingHoursSpecification"],
    "BreadcrumbList": ["itemListElement"],
    "Organization": ["name", "url", "logo"],
    "WebSite": ["name", "url"],
    "Dataset": ["name", "description", "url", "temporalCoverage", "distribution"],
}


def _get(data: dict, dotted: str):
    for key in dotted.split("."):
        data = data[key]
    return data


def _in_build(build: Path, url: str) -> Path:
    path = urlsplit(url).path.lstrip("/")
    return build / path / "index.html" if path == "" or path.endswith("/") else build / path


@pytest.fixture
def baked_demo(tmp_path) -> Path:
    call_command("load_site_content", path=Path(settings.SITE_CONTENT_DIR), stdout=io.StringIO())
    build = tmp_path / "build"
    bake_site(build_dir=build, progress=False)
    return build


def test_every_baked_page_has_valid_structured_data_and_a_preview(baked_demo):
    seen: dict[str, set[str]] = {}
    for file in sorted(baked_demo.rglob("index.html")):
        soup = BeautifulSoup(file.read_text(), "html.parser")
        if soup.find("link", rel="canonical") is None:
            continue  # a forwarding page of a redirect
        url = soup.find("link", rel="canonical")["href"]
        types = set()
        for script in soup.find_all("script", type="application/ld+json"):
            block = json.loads(script.string)
            assert block["@context"] == "https://schema.org", url
            for prop in REQUIRED[block["@type"]]:
                assert _get(block, prop), f"{url}: {block['@type']} without {prop}"
            if block["@type"] == "BreadcrumbList":
                items = block["itemListElement"]
                assert [item["position"] for item in items] == list(range(1, len(items) + 1))
                assert items[0]["item"] == f"{BASE}/" and items[-1]["item"] == url, url
            types.add(block["@type"])
        seen[urlsplit(url).path] = types
        image = soup.find("meta", property="og:image")["content"]
        assert image.startswith(BASE) and _in_build(baked_demo, image).is_file(), (url, image)

    assert seen["/"] == {"Organization", "WebSite"}
    assert seen["/eventi/job-day-somma-lombardo/"] == {"Event", "BreadcrumbList"}
    assert seen["/corsi/operatore-di-magazzino/"] == {"Course", "BreadcrumbList"}
    assert seen["/sportelli/varese/"] == {"GovernmentOffice", "BreadcrumbList"}
    assert seen["/guide/per-chi/giovani/"] == {"BreadcrumbList"}
    assert seen["/osservatorio-lavoro/"] == {"Dataset", "BreadcrumbList"}
    # Every page below the home page has its trail, except the search page, which is not
    # a page of the tree (the bake writes it from a template of its own).
    assert {path for path, types in seen.items() if "BreadcrumbList" not in types} == {
        "/", "/cerca/"}


def test_icons_sitemap_and_service_pages_are_in_the_build(baked_demo):
    for name in ("favicon.ico", "apple-touch-icon.png", "icons/icon-192.png",
                 "icons/icon-512.png", "icons/anteprima.png", "site.webmanifest"):
        assert (baked_demo / name).is_file(), name
    root = ET.fromstring((baked_demo / "sitemap.xml").read_bytes())
    locations = [loc.text for loc in root.findall("sm:url/sm:loc", NS)]
    for path in ("/guide/per-chi/giovani/", "/guide/per-chi/imprese/", "/contatti/",
                 "/mappa-del-sito/", "/accessibilita/"):
        assert f"{BASE}{path}" in locations
    assert any("/guide/argomenti/" in location for location in locations)
    for location in locations:
        assert _in_build(baked_demo, location).is_file(), location
    footer = BeautifulSoup((baked_demo / "index.html").read_text(), "html.parser").footer
    assert "Codice fiscale" in footer.get_text() and "Partita IVA" in footer.get_text()
    contest = (baked_demo / "concorso-una-rete-un-marchio/index.html").read_text()
    assert "(PDF" not in contest and ", PDF, 1 pagina)" in contest
