"""The list the bake writes: every artefact that exists, each answering 200."""

import feedparser
import pytest
from icalendar import Calendar

from cms.core.bake_targets import BakeTarget
from cms.syndication.bake import baked_files
from tests import factories

from .utils import rome

pytestmark = pytest.mark.django_db


def test_every_live_event_and_course_gets_its_calendar_file(site_tree):
    events = [factories.EventPageFactory(parent=site_tree.events) for _ in range(2)]
    past = factories.EventPageFactory(parent=site_tree.events, start=rome(-400, 9),
                                      end=rome(-400, 12))
    courses = [factories.CoursePageFactory(parent=site_tree.courses) for _ in range(2)]
    draft = factories.EventPageFactory(parent=site_tree.events, live=False)

    files = baked_files()

    for event in [*events, past]:
        url = f"/calendario/eventi/{event.slug}.ics"
        assert files[url] == BakeTarget(url.removeprefix("/"), page_id=event.pk)  # with its page
    for course in courses:
        url = f"/calendario/corsi/{course.slug}.ics"
        assert files[url] == BakeTarget(url.removeprefix("/"), page_id=course.pk)
    assert f"/calendario/eventi/{draft.slug}.ics" not in files
    # A feed or the full calendar names the page types it shows: an edit of another kind
    # of page does not rewrite it. The sitemap and robots.txt show every page, or none.
    assert files["/feed/notizie.xml"] == BakeTarget(
        "feed/notizie.xml", shows=frozenset({"news.newspage", "news.newsindexpage"}))
    assert files["/calendario.ics"] == BakeTarget("calendario.ics", shows=frozenset({
        "events.eventpage", "courses.coursepage", "contest.contestpage"}))
    assert files["/sitemap.xml"] == BakeTarget("sitemap.xml")
    assert files["/robots.txt"] == BakeTarget("robots.txt")


def test_contest_files_only_once_a_contest_is_published(site_tree):
    contest_urls = {"/feed/concorso.xml", "/feed/concorso.atom", "/calendario/concorso.ics"}
    assert contest_urls.isdisjoint(baked_files())
    factories.ContestPageFactory(parent=site_tree.home)
    assert contest_urls <= set(baked_files())


def test_every_listed_url_answers_with_a_readable_file(client, site_tree):
    factories.EventPageFactory(parent=site_tree.events)
    factories.CoursePageFactory(parent=site_tree.courses)
    factories.NewsPageFactory(parent=site_tree.news)
    factories.ContestPageFactory(parent=site_tree.home)

    for url, target in baked_files().items():
        output = target.path
        response = client.get(url)
        assert response.status_code == 200, url
        if output.endswith(".ics"):
            assert Calendar.from_ical(response.content).walk("VEVENT"), url
        elif output.startswith("feed/"):
            assert not feedparser.parse(response.content).bozo, url


def test_baking_unchanged_content_twice_gives_identical_files(client, site_tree):
    """DTSTAMP, feed dates and the VTIMEZONE come from the content, never from the clock."""
    pages = [factories.EventPageFactory(parent=site_tree.events),
             factories.CoursePageFactory(parent=site_tree.courses),
             factories.NewsPageFactory(parent=site_tree.news),
             factories.ContestPageFactory(parent=site_tree.home)]
    for page in pages:
        page.save_revision().publish()

    first = {url: client.get(url).content for url in baked_files()}
    second = {url: client.get(url).content for url in baked_files()}

    assert first == second
