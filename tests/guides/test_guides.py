"""Guides: the review date is a fact, not a promise."""

import pytest

from wagtail.test.utils.form_data import streamfield

from cms.guides.models import GuidePage
from tests.admin_forms import add_page, rich_text


@pytest.mark.django_db
def test_future_review_date_is_refused_keeping_the_body(editor_client, site_tree):
    fields = {
        "title": "Scrivere il curriculum",
        "slug": "curriculum",
        "intro": "Passo per passo digitato",
        "audiences": "",
        "topics": "curriculum",
        "body": streamfield([("paragraph", rich_text("<p>Inizia dai tuoi dati.</p>"))]),
        "last_reviewed": "2099-01-01",
    }
    response = add_page(
        editor_client,
        parent=site_tree.guides,
        model=GuidePage,
        fields=fields,
        inlines=("related_pages",),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "non può essere nel futuro" in html
    assert "Passo per passo digitato" in html
    assert not GuidePage.objects.exists()
