"""Images come in modern formats and sizes, with their dimensions, lazy below the fold."""

import io

import pytest
from PIL import Image as PILImage

from django.core.files.images import ImageFile
from django.template import engines

from wagtail.images import image_operations
from wagtail.images.models import Image

from tests import factories

pytestmark = pytest.mark.django_db


def _image(title: str) -> Image:
    data = io.BytesIO()
    PILImage.new("RGB", (960, 540), "#3366aa").save(data, "JPEG")
    return Image.objects.create(title=title, file=ImageFile(data, name=f"{title}.jpg"))


def test_news_images_offer_avif_and_webp_in_two_widths_with_their_size(site_tree, render):
    photo = _image("rete")
    news = factories.NewsPageFactory(
        parent=site_tree.news, slug="rete", image=photo, image_alt="La rete",
        body=[("image", {"image": photo, "alt": "Ancora la rete", "caption": ""})])

    pictures = render(news.url).find("main").find_all("picture")

    assert len(pictures) == 2
    for picture in pictures:
        types = [source["type"] for source in picture.find_all("source")]
        assert types == ["image/avif", "image/webp"]
        for source in picture.find_all("source"):
            widths = [candidate.split()[1] for candidate in source["srcset"].split(",")]
            assert widths == ["400w", "800w"]
            assert source["sizes"]
        img = picture.find("img")
        assert img["src"].endswith(".jpg")
        assert int(img["width"]) > 0 and int(img["height"]) > 0
    hero, in_body = (picture.find("img") for picture in pictures)
    assert hero["alt"] == "La rete" and not hero.has_attr("loading")  # above the fold
    assert in_body["alt"] == "Ancora la rete" and in_body["loading"] == "lazy"


def test_news_cards_load_their_images_lazily(site_tree, render):
    factories.NewsPageFactory(parent=site_tree.news, image=_image("card"), image_alt="x")
    img = render(site_tree.news.url).select_one("main .card picture img")
    assert img["loading"] == "lazy"
    assert (img["width"], img["height"]) == ("320", "180")


def test_an_image_opening_a_guide_is_fetched_at_once_the_next_ones_lazily(site_tree, render):
    """The first thing in a guide's body is its largest paint: no lazy loading there."""
    first, later = _image("apertura"), _image("dopo")
    guide = factories.GuidePageFactory(parent=site_tree.guides, slug="con-foto", body=[
        ("image", {"image": first, "alt": "Lo sportello", "caption": ""}),
        ("paragraph", "<p>Testo.</p>"),
        ("image", {"image": later, "alt": "Il corso", "caption": ""})])

    opening, below = (picture.find("img") for picture in
                      render(guide.url).find("main").find_all("picture"))
    assert opening["alt"] == "Lo sportello"
    assert not opening.has_attr("loading") and opening["fetchpriority"] == "high"
    assert below["alt"] == "Il corso" and below["loading"] == "lazy"


def test_the_theme_image_tags_write_what_wagtails_write_parsing_each_spec_once(monkeypatch):
    """The theme's `rete_images` keep each tag's filters; a second page costs no parsing."""
    photo = _image("spec")
    tags = ('{% image photo max-160x64 alt="" %}'
            '{% srcset_image photo width-{200,400} sizes="100vw" alt="" %}'
            '{% picture photo format-{avif,jpeg} fill-{320x180,640x360} alt="x" %}')
    engine = engines.all()[0]
    ours = engine.from_string("{% load rete_images %}" + tags)
    wagtails = engine.from_string("{% load wagtailimages_tags %}" + tags)
    parsed = []
    original = image_operations.Operation.__init__

    def counting(self, *args, **kwargs):
        parsed.append(args[0])
        original(self, *args, **kwargs)

    monkeypatch.setattr(image_operations.Operation, "__init__", counting)

    first = ours.render({"photo": photo})
    assert first == wagtails.render({"photo": photo})
    assert "<picture>" in first and 'srcset="' in first
    parsed.clear()
    assert ours.render({"photo": photo}) == first
    assert parsed == []  # Wagtail's own tags parse all eleven operations again
    wagtails.render({"photo": photo})
    assert len(parsed) == 11
