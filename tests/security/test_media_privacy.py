"""Photos lose their metadata before anything can publish them; private media stay private.

A JPEG carrying the GPS position, the author and the camera (EXIF), an XMP packet and
a comment is uploaded through the admin, used by a news page and baked: no byte of
that metadata is in the build, originals (which the baked API links to) included.
"""

import io

import pytest
import wagtail_factories
from PIL import Image

from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.images.models import Image as WagtailImage
from wagtail.models import Collection, CollectionViewRestriction
from wagtail.test.utils.form_data import streamfield

from cms.news.models import NewsPage
from cms.publishing.services import bake_site
from tests import factories
from tests.admin_forms import add_page, rich_text

AUTHOR = "Mario Rossi fotografo"
CAMERA = "FotocameraSegreta X100"
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">CasaDiMarioRossi</x:xmpmeta>'
COMMENT = b"scattata in via Segreta 12"
BODY = streamfield([("paragraph", rich_text("<p>Testo.</p>"))])
SECRETS = [AUTHOR.encode(), CAMERA.encode(), b"CasaDiMarioRossi", COMMENT, b"GPS"]


def photo_with_metadata(*, size=(120, 80), orientation: int = 1) -> bytes:
    """A real JPEG as a phone writes it: EXIF (GPS IFD included), XMP, a comment."""
    exif = Image.Exif()
    exif[0x013B] = AUTHOR  # Artist
    exif[0x0110] = CAMERA  # Model
    exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (45.0, 48.0, 51.3)  # Ispra
    gps[3], gps[4] = "E", (8.0, 36.0, 44.1)
    out = io.BytesIO()
    Image.new("RGB", size, (180, 40, 40)).save(out, "JPEG", exif=exif, xmp=XMP, comment=COMMENT)
    data = out.getvalue()
    assert all(secret in data for secret in SECRETS[:4])
    return data


def assert_no_metadata(data: bytes, where: str) -> None:
    for secret in SECRETS[:4]:
        assert secret not in data, f"{secret!r} in {where}"
    with Image.open(io.BytesIO(data)) as image:
        assert dict(image.getexif()) == {}, where
        assert not image.getexif().get_ifd(0x8825), where
        assert "xmp" not in image.info and "comment" not in image.info, where


@pytest.mark.django_db
def test_an_uploaded_photo_reaches_the_build_without_any_metadata(
        editor_client, site_tree, tmp_path):
    response = editor_client.post(reverse("wagtailimages:add"), {
        "title": "Lo sportello", "collection": Collection.get_first_root_node().pk,
        "file": SimpleUploadedFile("sportello.jpg", photo_with_metadata())})
    assert response.status_code == 302
    image = WagtailImage.objects.get()
    with image.file.open("rb") as stored:
        data = stored.read()
    assert_no_metadata(data, "the stored original")
    assert image.file_size == len(data)  # what Wagtail keeps matches the stored file
    factories.NewsPageFactory(parent=site_tree.news, title="Nuova sede", slug="nuova-sede",
                              image=image, image_alt="La sede",
                              body=[("image", {"image": image, "alt": "La sede", "caption": ""})])

    build = tmp_path / "build"
    bake_site(build_dir=build, progress=False)

    pictures = [path for path in build.rglob("*") if path.suffix.lower() in (".jpg", ".jpeg")]
    assert any("original_images" in path.as_posix() for path in pictures)  # the API's download
    assert any("/images/" in path.as_posix() for path in pictures)  # the page's rendition
    for path in pictures:
        assert_no_metadata(path.read_bytes(), path.relative_to(build).as_posix())
    for path in build.rglob("*"):
        if path.is_file():
            body = path.read_bytes()
            assert AUTHOR.encode() not in body and b"CasaDiMarioRossi" not in body, path


@pytest.mark.django_db
def test_a_photo_saved_by_code_is_stripped_too_and_turned_upright():
    """`load_content` and scripts save images without the admin's form."""
    image = WagtailImage(title="Dal caricamento dei contenuti")
    image.file = ContentFile(photo_with_metadata(size=(120, 80), orientation=6),
                             name="ruotata.jpg")
    image.save()
    with image.file.open("rb") as stored:
        data = stored.read()
    assert_no_metadata(data, "an image saved by code")
    assert (image.width, image.height) == (80, 120)  # the camera was held sideways


@pytest.mark.django_db
def test_an_image_without_metadata_is_stored_as_uploaded():
    out = io.BytesIO()
    Image.new("RGB", (20, 20), (1, 2, 3)).save(out, "PNG")
    image = WagtailImage(title="Pulita")
    image.file = ContentFile(out.getvalue(), name="pulita.png")
    image.save()
    with image.file.open("rb") as stored:
        assert stored.read() == out.getvalue()


@pytest.mark.django_db
def test_images_stored_before_stripping_are_cleaned_by_the_command(capsys):
    """An image already in the media folder with its metadata (stored before the stripping,
    or restored from an old backup) loses it with `manage.py strip_image_metadata`."""
    from django.core.management import call_command

    image = WagtailImage(title="Foto di prima")
    image.file = ContentFile(photo_with_metadata(), name="prima.jpg")
    WagtailImage.objects.bulk_create([image])  # no save signal: as if stored long ago
    image = WagtailImage.objects.get(title="Foto di prima")
    with image.file.open("rb") as stored:
        assert AUTHOR.encode() in stored.read()  # stored with its metadata
    image.get_rendition("width-60")
    call_command("strip_image_metadata")
    assert "ripulita: Foto di prima" in capsys.readouterr().out
    image.refresh_from_db()
    with image.file.open("rb") as stored:
        data = stored.read()
    assert_no_metadata(data, "the cleaned original")
    assert image.file_size == len(data)
    rendition = image.get_rendition("width-60")
    with rendition.file.open("rb") as made_again:
        assert_no_metadata(made_again.read(), "a rendition made after the cleaning")
    call_command("strip_image_metadata")
    assert "Nessuna immagine con metadati" in capsys.readouterr().out


def private_collection(name: str) -> Collection:
    """A collection behind a login (Impostazioni → Raccolte → Privacy)."""
    collection = Collection.get_first_root_node().add_child(name=name)
    CollectionViewRestriction.objects.create(collection=collection,
                                             restriction_type=CollectionViewRestriction.LOGIN)
    return collection


def factories_image(*, collection, title):
    return wagtail_factories.ImageFactory(title=title, collection=collection)


def messages_after_publishing_news(client, site_tree, *, image) -> list[str]:
    """Publish a news page with `image` through the admin; the warnings it shows."""
    response = add_page(client, parent=site_tree.news, model=NewsPage, fields={
        "title": "Riunione di rete", "slug": "riunione", "date": "2026-11-20", "author": "",
        "intro": "", "image": image.pk, "image_alt": "La riunione", "body": BODY})
    assert response.status_code == 302
    return [str(message) for message in get_messages(response.wsgi_request)
            if message.level_tag == "warning"]


@pytest.mark.django_db
def test_the_editor_is_told_when_a_page_uses_a_private_image(editor_client, site_tree):
    image = factories_image(collection=private_collection("Foto interne"),
                            title="Riunione interna")
    warnings = messages_after_publishing_news(editor_client, site_tree, image=image)
    assert any("raccolte private" in text and "«Riunione interna»" in text for text in warnings)


@pytest.mark.django_db
def test_no_warning_for_public_images(editor_client, site_tree):
    image = factories_image(collection=Collection.get_first_root_node(), title="Pubblica")
    assert messages_after_publishing_news(editor_client, site_tree, image=image) == []


@pytest.mark.django_db
def test_the_api_nests_a_private_image_as_null(client, site_tree):
    hidden = factories_image(collection=private_collection("Foto riservate"),
                             title="Foto riservata")
    shown = factories_image(collection=Collection.get_first_root_node(), title="Foto")
    news = factories.NewsPageFactory(parent=site_tree.news, slug="riservata", image=hidden,
                                     image_alt="Una riunione")
    public = factories.NewsPageFactory(parent=site_tree.news, slug="pubblica", image=shown,
                                       image_alt="Una foto")

    assert client.get(f"/api/v2/pages/{news.pk}/").json()["image"] is None
    assert client.get(f"/api/v2/pages/{public.pk}/").json()["image"]["id"] == shown.pk
    assert client.get(f"/api/v2/images/{hidden.pk}/").status_code == 404
    assert client.get(f"/api/v2/images/{shown.pk}/").status_code == 200
