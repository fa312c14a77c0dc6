"""The favicon, app icons, preview image and manifest drawn from the network's logo."""

import io
import json

import pytest
from bs4 import BeautifulSoup
from PIL import Image as PILImage

from django.core.files.images import ImageFile

from wagtail.images.models import Image

from cms.core.models import IdentitySettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def logo_identity(site_tree):
    data = io.BytesIO()
    PILImage.new("RGBA", (400, 200), (255, 120, 0, 255)).save(data, "PNG")
    logo = Image.objects.create(title="Logo", file=ImageFile(data, name="logo.png"))
    return IdentitySettings.objects.create(site=site_tree.home.get_site(),
                                           network_name="Le città del lavoro", logo=logo)


def _image(client, path: str) -> PILImage.Image:
    response = client.get(path, HTTP_HOST="localhost")
    assert response.status_code == 200
    return PILImage.open(io.BytesIO(response.content))


def test_every_page_links_the_icons_and_they_exist(logo_identity, client):
    head = BeautifulSoup(client.get("/", HTTP_HOST="localhost").content, "html.parser").head
    hrefs = [link["href"] for link in head.find_all("link", rel=["icon", "apple-touch-icon",
                                                                  "manifest"])]
    assert hrefs == ["/favicon.ico", "/icons/icon-192.png", "/apple-touch-icon.png",
                     "/site.webmanifest"]
    for href in hrefs:
        assert client.get(href, HTTP_HOST="localhost").status_code == 200


def test_icons_have_their_sizes_and_show_the_logo(logo_identity, client):
    favicon = _image(client, "/favicon.ico")
    assert favicon.format == "ICO"
    assert favicon.info["sizes"] == {(16, 16), (32, 32), (48, 48)}
    for path, size in [("/apple-touch-icon.png", 180), ("/icons/icon-192.png", 192),
                       ("/icons/icon-512.png", 512)]:
        icon = _image(client, path).convert("RGB")
        assert icon.size == (size, size)
        assert icon.getpixel((size // 2, size // 2)) == (255, 120, 0)  # the logo, centred
        assert icon.getpixel((1, 1)) == (255, 255, 255)
    share = _image(client, "/icons/anteprima.png")
    assert share.size == (1200, 630)


def test_without_a_logo_the_icons_are_still_there(site_tree, client):
    assert _image(client, "/icons/icon-192.png").size == (192, 192)


def test_the_manifest_names_the_network_and_its_icons(logo_identity, client):
    response = client.get("/site.webmanifest", HTTP_HOST="localhost")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Le città del lavoro"
    assert manifest["lang"] == "it"
    assert [icon["src"] for icon in manifest["icons"]] == ["/icons/icon-192.png",
                                                          "/icons/icon-512.png"]
