"""The observatory page in the Wagtail admin: a CSV upload is checked before anything is saved,
the editor reads what to fix (line and column) and keeps what they typed."""

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cms.observatory.models import ObservatoryPage
from tests import factories
from tests.admin_forms import add_page

pytestmark = pytest.mark.django_db
GOOD = ("mese;comune;settore;assunzioni;cessazioni\r\n"
        "2024-02;Gavirate;Attività manifatturiere;14;12\r\n"
        "2024-01;Gavirate;Servizi;22;19\r\n").encode("cp1252")
BAD = (b"mese,comune,settore,assunzioni,cessazioni\n"
       b"2024-01,Gavirate,Servizi,22,19\n"
       b"2024-02,Gavirate,Servizi,venti,19\n")


def _fields(**overrides) -> dict:
    fields = {"title": "Assunzioni a Gavirate, digitato", "slug": "assunzioni-gavirate",
              "intro": "Introduzione scritta a mano", "data": "",
              "source": "Fonte scritta a mano", "is_example": "", "body": streamfield([])}
    fields.update(overrides)
    return fields


def _upload(content: bytes, name: str = "dati.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def test_a_broken_upload_names_line_and_column_and_keeps_what_was_typed(editor_client,
                                                                         site_tree):
    response = add_page(editor_client, parent=site_tree.home, model=ObservatoryPage,
                        fields=_fields(data_file=_upload(BAD, "assunzioni.csv")))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Il file «assunzioni.csv» non è stato caricato." in html
    assert ("Riga 3, colonna 4 («assunzioni»): «venti» non è un numero intero di persone"
            in html)
    for typed in ("Assunzioni a Gavirate, digitato", "Introduzione scritta a mano",
                  "Fonte scritta a mano"):
        assert typed in html
    assert not ObservatoryPage.objects.exists()


def test_a_good_upload_is_stored_as_canonical_csv(editor_client, site_tree):
    response = add_page(editor_client, parent=site_tree.home, model=ObservatoryPage,
                        fields=_fields(data_file=_upload(GOOD)))
    assert response.status_code == 302, response.content.decode()[-3000:]
    page = ObservatoryPage.objects.get(slug="assunzioni-gavirate")
    assert page.live
    assert page.data == ("mese,comune,settore,assunzioni,cessazioni\n"
                         "2024-01,Gavirate,Servizi,22,19\n"
                         "2024-02,Gavirate,Attività manifatturiere,14,12\n")


def test_figures_typed_in_the_text_box_are_checked_too(editor_client, site_tree):
    response = add_page(editor_client, parent=site_tree.home, model=ObservatoryPage,
                        fields=_fields(data="mese,comune,settore,assunzioni,cessazioni\n"
                                            "2024-1,Gavirate,Servizi,22,19\n"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Riga 2, colonna 1 («mese»): «2024-1» non è un mese nella forma AAAA-MM" in html
    assert "2024-1,Gavirate,Servizi,22,19" in html  # the text box keeps it, to fix in place
    assert not ObservatoryPage.objects.exists()


def test_a_broken_upload_on_a_live_page_leaves_its_figures_alone(editor_client, site_tree):
    page = factories.ObservatoryPageFactory(parent=site_tree.home)
    before = page.data
    form = nested_form_data({"comments": inline_formset([]), **_fields(
        title="Titolo cambiato", slug=page.slug, data=before, data_file=_upload(BAD))})
    form["action-publish"] = "action-publish"
    response = editor_client.post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), form)
    assert response.status_code == 200
    assert "Riga 3, colonna 4" in response.content.decode()
    page.refresh_from_db()
    assert page.data == before and page.title == "Assunzioni e cessazioni"
    assert not page.revisions.exists()  # nothing saved, not even a draft


def test_the_editor_form_offers_the_upload(editor_client, site_tree):
    url = reverse("wagtailadmin_pages:add", args=("observatory", "observatorypage",
                                                  site_tree.home.pk))
    html = editor_client.get(url).content.decode()
    assert 'type="file" name="data_file"' in html and 'accept=".csv,text/csv"' in html
    assert 'enctype="multipart/form-data"' in html
