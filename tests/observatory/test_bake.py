"""An observatory page as the public gets it from the bake: an accessible table, a chart that
needs no script, the CSV to download (the same figures as the upload) and the series in the
baked and the live API."""

import csv
import io
import json

import pytest
from bs4 import BeautifulSoup

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import streamfield

from cms.core.bake_targets import BakeTarget
from cms.observatory.bake import baked_files
from cms.observatory.models import ObservatoryPage
from cms.publishing.services import bake_site
from tests import factories
from tests.admin_forms import add_page

pytestmark = pytest.mark.django_db
UPLOAD = ("mese,comune,settore,assunzioni,cessazioni\n"
          "2024-01,Ispra,Servizi,12,9\n"
          "2024-01,Varese,\"Alloggio, ristorazione\",1200,1105\n"
          "2024-02,Ispra,Servizi,15,11\n"
          "2024-02,Varese,\"Alloggio, ristorazione\",1180,1230\n")


@pytest.fixture
def published(editor_client, site_tree) -> ObservatoryPage:
    """A page published through the admin form with the CSV uploaded, as an editor does it."""
    response = add_page(editor_client, parent=site_tree.home, model=ObservatoryPage, fields={
        "title": "Assunzioni e cessazioni", "slug": "osservatorio", "intro": "", "data": "",
        "source": "Comunicazioni obbligatorie", "is_example": "on", "body": streamfield([]),
        "data_file": SimpleUploadedFile("dati.csv", UPLOAD.encode(), content_type="text/csv"),
    })
    assert response.status_code == 302
    return ObservatoryPage.objects.get(slug="osservatorio")


@pytest.fixture
def build(published, tmp_path):
    build_dir = tmp_path / "build"
    bake_site(build_dir=build_dir, progress=False)
    return build_dir


def test_the_baked_page_has_accessible_tables_and_a_chart_without_script(build):
    soup = BeautifulSoup((build / "osservatorio/index.html").read_text(), "html.parser")
    main = soup.find("main")
    assert "Dati di esempio." in main.get_text()
    totals, detail = main.find_all("table")
    assert totals.caption.get_text(strip=True) == (
        "Assunzioni, cessazioni e saldo per mese, da gennaio 2024 a febbraio 2024")
    assert [th["scope"] for th in totals.thead.find_all("th")] == ["col"] * 4
    assert [[cell.get_text(strip=True) for cell in row.find_all(["th", "td"])]
            for row in totals.tbody.find_all("tr")] == [
        ["Gennaio 2024", "1.212", "1.114", "98"], ["Febbraio 2024", "1.195", "1.241", "-46"]]
    assert all(row.th["scope"] == "row" for row in totals.tbody.find_all("tr"))
    assert len(detail.tbody.find_all("tr")) == 4 and detail.caption.get_text(strip=True)
    for table in (totals, detail):  # a region of its own that scrolls, named by the caption
        region = table.find_parent(class_="table-scroll")
        assert region["role"] == "region" and region["tabindex"] == "0"
        assert region["aria-labelledby"] == table.caption["id"]

    svg = main.find("svg", class_="chart__svg")
    assert svg["role"] == "img"
    title, desc = (soup.find(id=name) for name in svg["aria-labelledby"].split())
    assert title.name == "title" and title.parent is svg
    assert title.get_text() == "Assunzioni e cessazioni per mese, gennaio 2024 – febbraio 2024"
    assert desc.name == "desc" and desc.parent is svg
    assert "sommate su 2 comuni e 2 settori" in desc.text
    assert "Le assunzioni vanno da 1.195 (febbraio 2024) a 1.212 (gennaio 2024)" in desc.text
    assert len(svg.find_all("rect", class_="rect")) == 4  # two months, two series
    assert svg.find(["script", "style"]) is None and not svg.find_all(style=True)
    assert not main.find_all(style=True) and main.find("script") is None


def test_the_csv_download_has_the_figures_of_the_upload(build, published):
    link = BeautifulSoup((build / "osservatorio/index.html").read_text(), "html.parser").find(
        "a", download=True)
    assert link["href"] == "/osservatorio/dati.csv"
    assert "Scarica i dati in CSV (4 righe)" in link.get_text()
    with (build / "osservatorio/dati.csv").open(newline="", encoding="utf-8") as file:
        downloaded = list(csv.reader(file))
    assert downloaded == list(csv.reader(io.StringIO(UPLOAD)))


def test_the_series_is_in_the_baked_and_the_live_api(build, published):
    expected = [dict(zip(["mese", "comune", "settore", "assunzioni", "cessazioni"], row,
                         strict=True)) for row in list(csv.reader(io.StringIO(UPLOAD)))[1:]]
    for item in expected:
        item["assunzioni"], item["cessazioni"] = int(item["assunzioni"]), int(item["cessazioni"])
    baked = json.loads((build / f"api/v2/pages/{published.pk}.json").read_bytes())
    live = Client().get(f"/api/v2/pages/{published.pk}/").json()
    listing = json.loads(
        (build / "api/v2/pages/type/observatory.ObservatoryPage.json").read_bytes())
    for record in (baked, live, listing["items"][0]):
        assert record["series"] == expected
        assert record["csv_url"] == "/osservatorio/dati.csv"
        assert record["is_example"] is True


def test_the_page_is_a_dataset_for_search_engines(build, settings):
    soup = BeautifulSoup((build / "osservatorio/index.html").read_text(), "html.parser")
    blocks = [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]
    dataset = next(block for block in blocks if block["@type"] == "Dataset")
    assert dataset["temporalCoverage"] == "2024-01/2024-02"
    assert [place["name"] for place in dataset["spatialCoverage"]] == ["Ispra", "Varese"]
    assert dataset["distribution"] == [{"@type": "DataDownload", "encodingFormat": "text/csv",
                                        "contentUrl": settings.RETE_BASE_URL
                                        + "/osservatorio/dati.csv"}]
    assert len(dataset["description"]) >= 50


def test_only_live_public_pages_have_their_csv(site_tree):
    live = factories.ObservatoryPageFactory(parent=site_tree.home, slug="pubblica")
    draft = factories.ObservatoryPageFactory(parent=site_tree.home, slug="bozza", live=False)
    assert baked_files() == {"/pubblica/dati.csv": BakeTarget("pubblica/dati.csv", page_id=live.pk)}
    private = factories.ObservatoryPageFactory(parent=site_tree.home, slug="riservata")
    PageViewRestriction.objects.create(page=private, restriction_type="password",
                                       password="segreta")
    assert baked_files(page_ids=[live.pk, draft.pk, private.pk]) == {
        "/pubblica/dati.csv": BakeTarget("pubblica/dati.csv", page_id=live.pk)}  # a publish's ask
    assert baked_files(page_ids=[draft.pk]) == {}
    assert Client().get("/pubblica/dati.csv")["Content-Type"] == "text/csv; charset=utf-8"
    assert Client().get("/bozza/dati.csv").status_code == 404
    assert Client().get("/riservata/dati.csv").status_code == 404
    assert Client().get("/guide/dati.csv").status_code == 404  # a page, not an observatory
