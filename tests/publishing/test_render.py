"""The fast renderer writes exactly what wagtail-bakery writes, and names a page that fails."""

from pathlib import Path

import pytest

from django.conf import settings
from django.urls import get_callable

from wagtail.models import Page

from cms.courses.models import CoursePage
from cms.events.models import EventPage
from cms.guides.models import GuidePage, GuideRelatedPage
from cms.news.models import NewsPage
from cms.publishing.benchmark import generate_pages
from cms.publishing.exceptions import PageRenderError
from cms.publishing.paths import bakery_build_dir
from cms.publishing.render import FAST_RENDERED_VIEWS, render_site
from tests import factories


def bake_with_wagtail_bakery(build_dir: Path) -> None:
    """The reference: the `BAKERY_VIEWS` the fast renderer replaces, through the full handler."""
    build_dir.mkdir(parents=True)
    with bakery_build_dir(build_dir):
        for dotted in settings.BAKERY_VIEWS:
            if dotted in FAST_RENDERED_VIEWS:
                view = get_callable(dotted)()
                for obj in view.iter_objects():
                    view.build_object(obj)


def files_of(root: Path) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes()
            for path in sorted(root.rglob("*")) if path.is_file()}


@pytest.fixture
def related_guide(bake_site_tree):
    """The guide shows a related course, a related event and a related page no longer live."""
    live = bake_site_tree.live
    guide = GuidePage.objects.get(pk=live["guide"].pk)
    withdrawn = factories.CoursePageFactory(parent=live["courses"], title="Corso ritirato",
                                            slug="ritirato", live=False)
    for page in (live["course"], withdrawn, live["event"]):
        GuideRelatedPage.objects.create(guide=guide, page=page)
    return guide


@pytest.fixture
def linking_guides(bake_site_tree):
    """Two guides whose rich text links to, and whose blocks choose, the same pages and
    files (each read once per bake)."""
    live = bake_site_tree.live
    links = (f'<p>Vedi <a linktype="page" id="{live["course"].pk}">il corso</a> e '
             f'<a linktype="page" id="{live["sportello"].pk}">lo sportello</a>.</p>')
    body = [("paragraph", links),
            ("sportello", {"sportello": live["sportello"], "text": "Chiedi a noi"}),
            ("document", {"document": bake_site_tree.document, "title": ""}),
            ("image", {"image": bake_site_tree.used_image, "alt": "Lo sportello", "caption": ""}),
            ("sportello", {"sportello": live["sportello"], "text": "Oppure qui"})]
    return [factories.GuidePageFactory(parent=live["guides"], slug=f"con-link-{number}",
                                       body=body) for number in (1, 2)]


def test_every_file_is_byte_for_byte_what_wagtail_bakery_writes(bake_site_tree, related_guide,
                                                                linking_guides, tmp_path):
    reference, fast = tmp_path / "bakery", tmp_path / "fast"
    bake_with_wagtail_bakery(reference)

    report = render_site(build_dir=fast)

    expected = files_of(reference)
    assert set(files_of(fast)) == set(expected)
    assert report.pages == len(expected)
    for name, content in files_of(fast).items():
        assert content == expected[name], f"{name} differs from wagtail-bakery's"
    # The tree really covers every page type, the tag listings and the related cards.
    page_types = {type(page.specific).__name__
                  for page in Page.objects.live().public().filter(depth__gt=1)}
    assert {"HomePage", "GuidePage", "CoursePage", "EventPage", "NewsPage", "SportelloPage",
            "ContestPage", "StandardPage", "GuideIndexPage"} <= page_types
    assert "guide/per-chi/giovani/index.html" in expected
    guide_html = expected[f"{related_guide.url.strip('/')}/index.html"].decode()
    assert "Operatore di magazzino" in guide_html and "Corso ritirato" not in guide_html
    for guide in linking_guides:
        html = expected[f"{guide.url.strip('/')}/index.html"].decode()
        course, sportello = bake_site_tree.live["course"], bake_site_tree.live["sportello"]
        assert f'<a href="{course.url}">il corso</a>' in html
        assert f'<a href="{sportello.url}">lo sportello</a>' in html
        assert html.count("Chiedi a noi") == 1 and html.count("Oppure qui") == 1
        assert bake_site_tree.document.url in html


def test_a_page_that_raises_stops_the_render_naming_it(bake_site_tree, tmp_path, monkeypatch):
    def broken(self, request, *args, **kwargs):
        raise ValueError("campo mancante")

    monkeypatch.setattr(EventPage, "get_context", broken)

    with pytest.raises(PageRenderError) as failure:
        render_site(build_dir=tmp_path / "fast")

    message = str(failure.value)
    assert "Giornata del lavoro" in message
    assert bake_site_tree.live["event"].url in message
    assert "campo mancante" in message


def test_the_generator_adds_live_pages_of_every_type(bake_site_tree):
    models = (GuidePage, CoursePage, EventPage, NewsPage)
    before = {model: model.objects.live().count() for model in models}

    made = generate_pages(count=10)

    assert made == 10
    for model in models:
        assert model.objects.live().count() > before[model], f"no new {model.__name__}"
    assert sum(model.objects.live().count() - before[model] for model in models) == 10
    generated = GuidePage.objects.live().exclude(pk=bake_site_tree.live["guide"].pk)
    assert all(guide.audiences.exists() and guide.topics.exists() for guide in generated)
    assert all(guide.body for guide in generated)
