"""The databank search box: a plain GET form to the partners' databank."""

import pytest

from cms.network.models import DatabankSettings
from tests import factories

pytestmark = pytest.mark.django_db


def test_search_form_sends_the_query_to_the_databank(site_tree, render):
    DatabankSettings.objects.create(
        site=site_tree.home.get_site(),
        search_url_template="https://banca-dati.example.it/cerca?q={query}&ente={partner}&lang=it",
        intro="Cerca offerte di lavoro nella banca dati dei partner.",
    )
    factories.PartnerFactory(name="CFP Ticino Malpensa", databank_code="CFP")
    factories.PartnerFactory(name="Senza banca dati", databank_code="")
    for path in ("/", "/sportelli/"):
        form = render(path).find("form", role="search")
        assert form["method"] == "get"
        assert form["action"] == "https://banca-dati.example.it/cerca"
        query = form.find("input", attrs={"name": "q"})
        assert form.find("label", attrs={"for": query["id"]}).get_text(strip=True)
        hidden = form.find_all("input", type="hidden")
        assert [(i["name"], i["value"]) for i in hidden] == [("lang", "it")]
        select = form.find("select", attrs={"name": "ente"})
        options = [(o["value"], o.get_text()) for o in select("option")]
        assert options == [("", "Tutti i partner"), ("CFP", "CFP Ticino Malpensa")]


def test_no_partner_choice_when_the_databank_has_no_partner_filter(site_tree, render):
    DatabankSettings.objects.create(site=site_tree.home.get_site(),
                                    search_url_template="https://db.example.it/?cerca={query}")
    form = render("/").find("form", role="search")
    assert form.find("input", attrs={"name": "cerca"}) is not None
    assert form.find("select") is None


def test_nothing_is_shown_without_a_databank(site_tree, render):
    assert render("/").find("form") is None
