"""Uploads cannot carry scripts, and each refusal is explained in Italian with the form kept.

Every case goes through the admin's real forms (Django's test client posting to the
Wagtail views), with real files: a PDF, an office file, an HTML page named `.pdf`, an
SVG with a script, a decompression bomb.
"""

import io
import json
import struct
import zipfile
import zlib

import pytest
from PIL import Image

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.documents.models import Document
from wagtail.images.models import Image as WagtailImage
from wagtail.models import Collection

from cms.core.uploads import document_extensions
from cms.network.models import SportelloPage
from tests.admin_forms import add_page, rich_text

SCRIPT_SVG = (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)'
              b'</script></svg>')
HTML_PAGE = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
TYPED_TITLE = "Modulo di iscrizione digitato"


def upload_document(client, *, name: str, data: bytes, title: str = TYPED_TITLE):
    return client.post(reverse("wagtaildocs:add"), {
        "title": title, "collection": Collection.get_first_root_node().pk,
        "file": SimpleUploadedFile(name, data)})


def upload_image(client, *, name: str, data: bytes, title: str = TYPED_TITLE):
    return client.post(reverse("wagtailimages:add"), {
        "title": title, "collection": Collection.get_first_root_node().pk,
        "file": SimpleUploadedFile(name, data)})


def office_file(*, folder: str) -> bytes:
    """A minimal Office Open XML package: the layout Word and Excel write."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}/document.xml", "<document/>")
    return out.getvalue()


def opendocument(mimetype: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", mimetype)
        archive.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


def png(width: int = 8, height: int = 8) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (10, 120, 200)).save(out, "PNG")
    return out.getvalue()


def decompression_bomb() -> bytes:
    """A tiny PNG whose header claims 60,000 × 60,000 pixels (3.6 billion)."""
    data = bytearray(png())
    header = struct.pack(">II", 60000, 60000) + bytes(data[24:29])
    data[16:29] = header
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + header))
    return bytes(data)


def assert_refused(response, *, message: str, kept: str, model) -> str:
    """The form came back (no redirect) with `message`, what was typed, and nothing saved."""
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html.replace("&#x27;", "'")
    assert kept in html
    assert not model.objects.exists()
    return html


def test_the_allowed_document_types_are_wagtails_too():
    assert sorted(settings.WAGTAILDOCS_EXTENSIONS) == document_extensions()
    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "data"), [
    ("bando.pdf", b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF"),
    ("modulo.docx", office_file(folder="word")),
    ("tabella.xlsx", office_file(folder="xl")),
    ("modulo.odt", opendocument("application/vnd.oasis.opendocument.text")),
    ("tabella.ods", opendocument("application/vnd.oasis.opendocument.spreadsheet")),
    ("vecchio.doc", bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504)),
    ("orari.csv", "giorno;apertura\nlunedì;9:00\n".encode()),
    ("foto.png", png()),
])
def test_allowed_documents_are_accepted(editor_client, name, data):
    response = upload_document(editor_client, name=name, data=data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Document.objects.filter(title=TYPED_TITLE).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "data", "message"), [
    ("pagina.html", HTML_PAGE, "I file .html non sono accettati: un browser potrebbe eseguirne"),
    ("logo.svg", SCRIPT_SVG, "I file .svg non sono accettati"),
    ("pagina.pdf.html", HTML_PAGE, "I file .html non sono accettati"),
    ("senza-estensione", HTML_PAGE, "manca l'estensione"),
    ("bando.pdf", HTML_PAGE, "Il contenuto del file non è un .pdf"),
    ("modulo.docx", HTML_PAGE, "Il contenuto del file non è un .docx"),
    ("modulo.docx", office_file(folder="xl"), "Il contenuto del file non è un .docx"),
    ("foto.jpg", SCRIPT_SVG, "Il contenuto del file non è un .jpg"),
    ("dati.csv", b"nome;valore\n<script>alert(1)</script>;1\n",
     "Il contenuto del file non è un .csv"),
    ("dati.csv", HTML_PAGE, "Il contenuto del file non è un .csv"),
])
def test_documents_that_could_run_a_script_are_refused_in_italian_keeping_the_form(
        editor_client, name, data, message):
    html = assert_refused(upload_document(editor_client, name=name, data=data),
                          message=message, kept=TYPED_TITLE, model=Document)
    assert "non e&#x27; permesso" not in html  # Wagtail's own, after ours, would confuse


@pytest.mark.django_db
def test_an_svg_image_is_refused_with_the_reason(editor_client):
    assert_refused(upload_image(editor_client, name="logo.svg", data=SCRIPT_SVG),
                   message="Le immagini SVG non sono accettate perché possono contenere script",
                   kept=TYPED_TITLE, model=WagtailImage)


@pytest.mark.django_db
def test_a_decompression_bomb_is_refused_in_italian(editor_client):
    html = assert_refused(upload_image(editor_client, name="enorme.png",
                                       data=decompression_bomb()),
                          message="L'immagine ha troppi pixel per essere elaborata",
                          kept=TYPED_TITLE, model=WagtailImage)
    assert "unknown number" not in html


SPORTELLO_FIELDS = {
    "title": "Sportello lavoro di Ispra digitato", "slug": "ispra", "intro": "",
    "comune": "Ispra", "address": "Via Milite Ignoto 31", "postcode": "21027", "city": "Ispra",
    "latitude": "", "longitude": "", "phone": "", "email": "", "pec": "",
    "comune_url": "", "body": rich_text(""),
}


def add_sportello(client, site_tree, **changes):
    return add_page(client, parent=site_tree.sportelli, model=SportelloPage,
                    fields={**SPORTELLO_FIELDS, **changes},
                    inlines=("opening_hours", "closures"))


def draftail_link(url: str) -> str:
    """A paragraph whose words link to `url`, as Draftail posts it."""
    return json.dumps({"blocks": [{
        "key": "a1b2c", "type": "unstyled", "depth": 0, "text": "Prenota qui",
        "inlineStyleRanges": [], "entityRanges": [{"offset": 0, "length": 11, "key": 0}],
        "data": {}}], "entityMap": {"0": {"type": "LINK", "mutability": "MUTABLE",
                                          "data": {"url": url}}}})


@pytest.mark.django_db
@pytest.mark.parametrize("changes", [
    {"comune_url": "javascript:alert(document.cookie)"},
    {"comune_url": " JaVaScRiPt:alert(1)"},
    {"body": draftail_link("javascript:alert(document.cookie)")},
    {"body": draftail_link("\tjavascript:alert(1)")},
], ids=["url-field", "url-field-mixed-case", "rich-text", "rich-text-tab"])
def test_a_javascript_link_gets_its_own_italian_message(editor_client, site_tree, changes):
    assert_refused(add_sportello(editor_client, site_tree, **changes),
                   message="I collegamenti «javascript:»",
                   kept="Sportello lavoro di Ispra digitato", model=SportelloPage)


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["/guide/pagina-che-non-esiste/",
                                     "https://www.example.org/guide/pagina-che-non-esiste/"])
def test_a_typed_link_to_no_page_of_the_site_is_refused_naming_it(editor_client, site_tree,
                                                                  address):
    """Baked, it would stop this page and, through the API and feeds, every later publish."""
    assert_refused(add_sportello(editor_client, site_tree, body=draftail_link(address)),
                   message=f"Il collegamento «{address}» non porta a nessuna pagina pubblicata",
                   kept="Sportello lavoro di Ispra digitato", model=SportelloPage)


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["/guide/", "https://www.example.org/guide/",
                                     "https://www.comune.example.it/lavoro/", "mailto:a@b.it"])
def test_a_typed_link_to_a_live_page_or_another_site_is_accepted(editor_client, site_tree,
                                                                 address):
    response = add_sportello(editor_client, site_tree, body=draftail_link(address))
    assert response.status_code == 302
    assert SportelloPage.objects.exists()


@pytest.mark.django_db
def test_a_title_mentioning_javascript_is_not_a_link(editor_client, site_tree):
    response = add_sportello(editor_client, site_tree, title="JavaScript: corso base")
    assert response.status_code == 302
    assert SportelloPage.objects.filter(title="JavaScript: corso base").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["lavoro-🚀", "sportello ispra", "cantù"])
def test_a_slug_with_emoji_or_symbols_is_refused_not_mangled(editor_client, site_tree, slug):
    assert_refused(add_sportello(editor_client, site_tree, slug=slug),
                   message="può contenere solo lettere senza accenti, numeri e trattini",
                   kept=slug, model=SportelloPage)


@pytest.mark.django_db
def test_the_slug_field_no_longer_rewrites_what_the_editor_types(editor_client, site_tree):
    url = reverse("wagtailadmin_pages:add",
                  args=("network", "sportellopage", site_tree.sportelli.pk))
    html = editor_client.get(url).content.decode()
    assert 'data-controller="w-slug"' in html
    assert "blur-&gt;w-slug#slugify" not in html and "blur->w-slug#slugify" not in html


@pytest.mark.django_db
def test_a_typed_link_to_no_page_inside_a_news_body_is_refused(editor_client, site_tree):
    """The same inside a StreamField's paragraph (a news story's body)."""
    from wagtail.test.utils.form_data import streamfield

    from cms.news.models import NewsPage

    body = streamfield([("paragraph", rich_text(
        '<p>Leggi <a href="/notizie/mai-scritta/">la notizia</a>.</p>'))])
    response = add_page(editor_client, parent=site_tree.news, model=NewsPage, fields={
        "title": "Riunione di rete digitata", "slug": "riunione", "date": "2026-11-20",
        "author": "", "intro": "", "image": "", "image_alt": "", "body": body})
    assert response.status_code == 200
    assert "Il collegamento «/notizie/mai-scritta/» non porta a nessuna pagina" in \
        response.content.decode()
    assert "Riunione di rete digitata" in response.content.decode()
    assert not NewsPage.objects.exists()
