"""How a document is described beside its link, and its page count read once on save."""

from pathlib import Path

import pytest
import wagtail_factories

from django.conf import settings

from cms.core.documents import document_summary, italian_size
from cms.core.models import DocumentFacts
from tests import factories

pytestmark = pytest.mark.django_db
DEMO_PDF = Path(settings.SITE_CONTENT_DIR, "media/documents/bando-una-rete-un-marchio.pdf")


@pytest.mark.parametrize(("size", "text"), [
    (987, "987 byte"), (1000, "1,0 kB"), (1234, "1,2 kB"), (987_654, "987,7 kB"),
    (3_456_789, "3,5 MB"),
])
def test_sizes_are_written_the_italian_way(size, text):
    assert italian_size(size) == text


def _pdf_document(data: bytes, name: str = "bando.pdf"):
    return wagtail_factories.DocumentFactory(title="Bando", file__filename=name, file__data=data)


def test_a_pdf_shows_size_type_and_pages_read_once_when_saved():
    document = _pdf_document(DEMO_PDF.read_bytes())
    facts = DocumentFacts.objects.get(document=document)  # recorded by the save itself
    assert facts.page_count == 1

    size = italian_size(DEMO_PDF.stat().st_size)
    assert document_summary(document) == f"{size}, PDF, 1 pagina"


def test_a_broken_pdf_or_another_type_shows_no_page_count():
    broken = _pdf_document(b"%PDF-1.4 non proprio un pdf")
    sheet = _pdf_document(b"a,b\n1,2\n", name="dati.csv")
    assert document_summary(broken) == f"{len(b'%PDF-1.4 non proprio un pdf')} byte, PDF"
    assert document_summary(sheet) == "8 byte, CSV"
    assert DocumentFacts.objects.get(document=broken).page_count is None


def test_the_document_block_says_it_once_in_italian(site_tree, client):
    document = _pdf_document(DEMO_PDF.read_bytes())
    guide = factories.GuidePageFactory(parent=site_tree.guides, slug="bando", body=[
        ("document", {"document": document, "title": "Bando del concorso"})])
    html = client.get(guide.url, HTTP_HOST="localhost").content.decode()
    size = italian_size(DEMO_PDF.stat().st_size)
    assert f"({size}, PDF, 1 pagina)" in html
    assert html.count("PDF") == 1
