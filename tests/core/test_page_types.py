"""Every page type lives only where it belongs in the tree, and renders for a citizen."""

import pytest

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from cms.contest.models import ContestPage
from cms.core.models import StandardPage
from cms.courses.models import CourseIndexPage, CoursePage
from cms.events.models import EventIndexPage, EventPage
from cms.guides.models import GuideIndexPage, GuidePage
from cms.home.models import HomePage
from cms.network.models import SportelloIndexPage, SportelloPage
from cms.news.models import NewsIndexPage, NewsPage
from tests import factories

INDEX_TYPES = [GuideIndexPage, CourseIndexPage, EventIndexPage, NewsIndexPage, SportelloIndexPage]


class PageTreeRulesTest(WagtailPageTestCase):
    """Editors can only add each type where the portal's structure expects it."""

    def test_home_page_sits_at_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_sections_sit_under_the_home_page(self):
        for model in INDEX_TYPES + [ContestPage]:
            self.assertAllowedParentPageTypes(model, {HomePage})
            self.assertCanCreateAt(HomePage, model)
        self.assertCanCreateAt(HomePage, StandardPage)

    def test_detail_pages_sit_under_their_index(self):
        pairs = [(GuideIndexPage, GuidePage), (CourseIndexPage, CoursePage),
                 (EventIndexPage, EventPage), (NewsIndexPage, NewsPage),
                 (SportelloIndexPage, SportelloPage)]
        for index_model, detail_model in pairs:
            self.assertAllowedParentPageTypes(detail_model, {index_model})
            self.assertAllowedSubpageTypes(index_model, {detail_model})
            self.assertCanNotCreateAt(HomePage, detail_model)

    def test_leaves_take_no_children(self):
        for model in [GuidePage, CoursePage, EventPage, NewsPage, SportelloPage, ContestPage]:
            self.assertAllowedSubpageTypes(model, set())


@pytest.fixture
def every_page(site_tree):
    """One live page of every type, in a real tree."""
    partner = factories.PartnerFactory()
    tag = factories.AudienceTagFactory(name="Giovani", slug="giovani")
    sportello = factories.SportelloPageFactory(
        parent=site_tree.sportelli, title="Sportello di Ispra"
    )
    guide = factories.GuidePageFactory(parent=site_tree.guides, title="Scrivere il curriculum")
    guide.audiences.add(tag)
    guide.topics.add("curriculum")
    guide.save_revision().publish()
    course = factories.CoursePageFactory(
        parent=site_tree.courses, provider=partner, title="Operatore di magazzino"
    )
    event = factories.EventPageFactory(
        parent=site_tree.events, sportello=sportello, title="Giornata del lavoro"
    )
    news = factories.NewsPageFactory(parent=site_tree.news, title="Nasce la rete")
    contest = factories.ContestPageFactory(parent=site_tree.home)
    standard = factories.StandardPageFactory(parent=site_tree.home, title="Privacy", slug="privacy")
    return {
        "home": site_tree.home,
        "guides": site_tree.guides,
        "courses": site_tree.courses,
        "events": site_tree.events,
        "news": site_tree.news,
        "sportelli": site_tree.sportelli,
        "sportello": sportello,
        "guide": guide,
        "course": course,
        "event": event,
        "news_page": news,
        "contest": contest,
        "standard": standard,
    }


def test_every_page_type_renders_its_title(client, every_page):
    for name, page in every_page.items():
        response = client.get(page.url)
        assert response.status_code == 200, f"{name} at {page.url} answered {response.status_code}"
        shown = page.hero_title if name == "home" else page.title
        assert shown in response.content.decode(), f"{name} does not show its title"


def test_every_tag_has_its_own_listing_page(client, every_page):
    guides = every_page["guides"]
    audience = client.get(guides.url + "per-chi/giovani/")
    topic = client.get(guides.url + "argomenti/curriculum/")
    assert audience.status_code == 200 and "Scrivere il curriculum" in audience.content.decode()
    assert topic.status_code == 200 and "Scrivere il curriculum" in topic.content.decode()
    assert client.get(guides.url + "per-chi/nessuno/").status_code == 404
