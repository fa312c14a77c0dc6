"""The pages the modello comuni expects: contacts, site map, accessibility statement, footer."""

import datetime

import pytest

from cms.core.models import (
    AccessibilitySettings,
    AccessibilityStatementPage,
    ConformityStatus,
    IdentitySettings,
    SiteMapPage,
)
from cms.network.models import ContactsPage
from tests import factories

pytestmark = pytest.mark.django_db


def _add(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def service_pages(site_tree):
    home = site_tree.home
    pages = {
        "contacts": _add(home, ContactsPage(title="Contatti", slug="contatti")),
        "site_map": _add(home, SiteMapPage(title="Mappa del sito", slug="mappa-del-sito")),
        "accessibility": _add(home, AccessibilityStatementPage(
            title="Dichiarazione di accessibilità", slug="accessibilita")),
    }
    IdentitySettings.objects.create(
        site=home.get_site(), network_name="Le città del lavoro", email="info@example.it",
        responsible_body="Comune di Somma Lombardo", fiscal_code="00000000000",
        vat_number="00000000000", contacts_page=pages["contacts"],
        site_map_page=pages["site_map"], accessibility_page=pages["accessibility"],
    )
    return pages


def test_footer_names_the_responsible_body_its_codes_and_the_service_pages(service_pages,
                                                                          render):
    footer = render("/").find("footer")
    text = footer.get_text(" ", strip=True)
    assert "Ente responsabile: Comune di Somma Lombardo" in text
    assert "Codice fiscale 00000000000" in text
    assert "Partita IVA 00000000000" in text
    links = {a.get_text(): a["href"] for a in footer.find_all("a")}
    assert links["Contatti"] == "/contatti/"
    assert links["Mappa del sito"] == "/mappa-del-sito/"


def test_site_map_lists_every_section_and_the_pages_in_it(service_pages, site_tree, render):
    guide = factories.GuidePageFactory(parent=site_tree.guides, title="Il curriculum")
    draft = factories.GuidePageFactory(parent=site_tree.guides, title="Bozza", live=False)

    soup = render("/mappa-del-sito/")

    tree = soup.select_one("main ul.site-map")
    sections = [li.find("a").get_text() for li in tree.find_all("li", recursive=False)]
    assert sections[:3] == ["Pagina iniziale", "Guide", "Corsi"]
    assert "Contatti" in sections
    guides = tree.find("a", string="Guide").find_parent("li")
    assert [a["href"] for a in guides.find("ul").find_all("a")] == [guide.url]
    assert draft.title not in tree.get_text()


def test_contacts_page_gives_the_office_and_every_sportello(service_pages, site_tree, render):
    sportello = factories.SportelloPageFactory(parent=site_tree.sportelli, title="Sportello Ispra",
                                               phone="0332 000 111")
    main = render("/contatti/").find("main")
    assert main.find("a", href="mailto:info@example.it") is not None
    assert "Comune di Somma Lombardo" in main.get_text()
    assert main.find("a", href=sportello.url).get_text() == "Sportello Ispra"
    assert main.find("a", href="tel:0332000111") is not None


def test_accessibility_statement_follows_agid_from_the_settings(service_pages, site_tree, render):
    AccessibilitySettings.objects.create(
        site=site_tree.home.get_site(), status=ConformityStatus.PARTIAL,
        non_accessible_content="La ricerca richiede JavaScript.\n\nI PDF dei partner.",
        statement_date=datetime.date(2026, 9, 15), feedback_email="a11y@example.it")

    main = render("/accessibilita/").find("main")

    headings = [h.get_text() for h in main.find_all("h2")]
    assert headings == ["Stato di conformità", "Redazione della dichiarazione di accessibilità",
                        "Meccanismo di feedback e informazioni di contatto",
                        "Modalità di invio delle segnalazioni all'AgID"]
    assert "Questo sito web è parzialmente conforme" in main.get_text(" ", strip=True)
    assert [li.get_text() for li in main.select("h3 + ul li")] == [
        "La ricerca richiede JavaScript.", "I PDF dei partner."]
    assert main.find("time", datetime="2026-09-15").get_text() == "15 settembre 2026"
    assert main.find("a", href="mailto:a11y@example.it").get_text() == "a11y@example.it"
    assert main.find("a", href="https://form.agid.gov.it/") is not None
    assert "Comune di Somma Lombardo si impegna" in main.get_text()


def test_fiscal_code_and_vat_number_are_checked(site_tree):
    from django.core.exceptions import ValidationError

    identity = IdentitySettings(site=site_tree.home.get_site(), network_name="Rete",
                                fiscal_code="123", vat_number="12345678901")
    with pytest.raises(ValidationError) as error:
        identity.full_clean()
    assert list(error.value.message_dict) == ["fiscal_code"]
