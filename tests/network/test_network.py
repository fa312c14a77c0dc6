"""The sportelli and the databank link-through."""

import pytest

from django.core.exceptions import ValidationError
from django.urls import reverse

from cms.network.databank import databank_search_url, parse_databank_template
from cms.network.models import DatabankSettings, SportelloPage
from tests.admin_forms import add_page, rich_text


def test_databank_template_becomes_a_plain_get_form():
    form = parse_databank_template("https://banca.example.it/cerca?tipo=offerte&q={query}&ente={partner}")
    assert form.action == "https://banca.example.it/cerca"
    assert (form.query_param, form.partner_param) == ("q", "ente")
    assert form.hidden == [("tipo", "offerte")]
    assert databank_search_url(
        "https://banca.example.it/cerca?q={query}", query="magazziniere a Varese"
    ) == ("https://banca.example.it/cerca?q=magazziniere+a+Varese")


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("http://banca.example.it/cerca?q={query}", "https://"),
        ("banca.example.it/cerca?q={query}", "https://"),
        ("https://banca.example.it/cerca?q={query}&x={comune}", "Segnaposto sconosciuto: {comune}"),
        ("https://banca.example.it/cerca", "Manca il segnaposto {query}"),
        ("https://banca.example.it/{query}", "solo nei parametri"),
        ("https://banca.example.it/cerca?q=lavoro-{query}", "solo il segnaposto"),
        ("https://banca.example.it/cerca?q={query", "parentesi graffe"),
    ],
)
def test_invalid_databank_templates_are_refused_in_italian(template, message):
    with pytest.raises(ValidationError) as error:
        parse_databank_template(template)
    assert message in " ".join(error.value.messages)


@pytest.mark.django_db
def test_databank_setting_form_refuses_bad_template_and_keeps_it(editor_client, site_tree):
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    url = reverse("wagtailsettings:edit", args=("network", "databanksettings", site.pk))
    response = editor_client.post(
        url,
        {
            "search_url_template": "http://banca.example.it/?q={query}",
            "intro": "Cerca offerte digitato",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "deve essere completo e iniziare con https://" in html
    assert "Cerca offerte digitato" in html and "http://banca.example.it/?q={query}" in html
    assert not DatabankSettings.objects.filter(search_url_template__startswith="http:").exists()


@pytest.mark.django_db
def test_sportello_with_a_bad_cap_is_refused_keeping_the_form(editor_client, site_tree):
    fields = {
        "title": "Sportello lavoro di Ispra",
        "slug": "ispra",
        "intro": "",
        "comune": "Ispra",
        "address": "Via Milite Ignoto 31 digitato",
        "postcode": "2102",
        "city": "Ispra",
        "latitude": "45.81",
        "longitude": "",
        "phone": "",
        "email": "",
        "pec": "",
        "comune_url": "",
        "body": rich_text(""),
    }
    response = add_page(
        editor_client,
        parent=site_tree.sportelli,
        model=SportelloPage,
        fields=fields,
        inlines=("opening_hours", "closures"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Il CAP è fatto di 5 cifre" in html
    assert "Indica sia la latitudine sia la longitudine" in html
    assert "Via Milite Ignoto 31 digitato" in html
    assert not SportelloPage.objects.exists()


@pytest.mark.parametrize(("opens", "closes", "field", "message"), [
    ("09:00", None, "closes", "servono l'orario di apertura e quello di chiusura"),
    (None, "12:00", "opens", "servono l'orario di apertura e quello di chiusura"),
    ("12:00", "09:00", "closes", "deve venire dopo quello di apertura"),
])
def test_a_special_opening_needs_both_hours_in_order(opens, closes, field, message):
    import datetime

    from cms.network.models import Closure

    def time(value):
        return datetime.time.fromisoformat(value) if value else None

    day = datetime.date(2026, 12, 5)
    closure = Closure(start_date=day, end_date=day, reason="Job Day", opens=time(opens),
                      closes=time(closes))
    with pytest.raises(ValidationError) as raised:
        closure.clean()
    assert message in " ".join(raised.value.message_dict[field])
    assert not Closure(start_date=day, end_date=day, reason="Chiuso").is_special_opening
