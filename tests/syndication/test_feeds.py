"""Feeds: what a feed reader shows, read back with feedparser."""

import feedparser
import pytest

from tests import factories

from .utils import BASE_URL, day, rome

pytestmark = pytest.mark.django_db


def read_feed(client, url: str) -> feedparser.FeedParserDict:
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


@pytest.mark.parametrize("url, version", [("/feed/notizie.xml", "rss20"),
                                          ("/feed/notizie.atom", "atom10")])
def test_news_feed_lists_live_news_newest_first_on_the_public_address(client, site_tree, url,
                                                                       version):
    older = factories.NewsPageFactory(parent=site_tree.news, title="Nasce la rete", date=day(-10),
                                      intro="Otto comuni insieme.")
    newer = factories.NewsPageFactory(parent=site_tree.news, title="Nuovo sportello", date=day(-1))
    factories.NewsPageFactory(parent=site_tree.news, title="Bozza riservata", live=False)

    feed = read_feed(client, url)

    assert feed.version == version
    assert feed.feed.title == "Notizie – Rete Lavoro"
    assert feed.feed.link == f"{BASE_URL}/notizie/"
    assert [entry.title for entry in feed.entries] == ["Nuovo sportello", "Nasce la rete"]
    assert [entry.link for entry in feed.entries] == [f"{BASE_URL}{newer.url}",
                                                      f"{BASE_URL}{older.url}"]
    assert feed.entries[1].summary == "<p>Otto comuni insieme.</p>"


def test_feed_uses_the_network_name_set_by_the_editors(client, site_tree):
    from wagtail.models import Site

    from cms.core.models import IdentitySettings

    IdentitySettings.objects.create(site=Site.objects.get(is_default_site=True),
                                    network_name="Le città del lavoro")
    feed = read_feed(client, "/feed/eventi.xml")
    assert feed.feed.title == "Eventi in programma – Le città del lavoro"


def test_atom_feed_points_to_itself_on_the_public_address(client, site_tree):
    feed = read_feed(client, "/feed/eventi.atom")
    assert {link.href for link in feed.feed.links if link.rel == "self"} == {
        f"{BASE_URL}/feed/eventi.atom"}


@pytest.mark.parametrize("url", ["/feed/eventi.xml", "/feed/eventi.atom"])
def test_events_feed_has_upcoming_events_only_with_italian_times(client, site_tree, url):
    coming = factories.EventPageFactory(parent=site_tree.events, title="Open day del lavoro",
                                        start=rome(12, 9, 30), end=rome(12, 13))
    factories.EventPageFactory(parent=site_tree.events, title="Job day dell'anno scorso",
                               start=rome(-40, 9), end=rome(-40, 12))
    factories.EventPageFactory(parent=site_tree.events, title="Evento in bozza", live=False)

    feed = read_feed(client, url)

    assert [entry.title for entry in feed.entries] == ["Open day del lavoro"]
    entry = feed.entries[0]
    assert entry.link == f"{BASE_URL}/eventi/{coming.slug}/"
    assert "dalle 9:30 alle 13:00" in entry.summary
    assert "Piazza Vittorio Veneto 2, 21019 Somma Lombardo" in entry.summary


def test_courses_feed_leaves_out_concluded_courses(client, site_tree):
    factories.CoursePageFactory(parent=site_tree.courses, title="Excel di base")
    factories.CoursePageFactory(parent=site_tree.courses, title="Saldatura (in corso)",
                                enrolment_deadline=day(-20), start_date=day(-10), end_date=day(5))
    factories.CoursePageFactory(parent=site_tree.courses, title="Inglese (concluso)",
                                enrolment_deadline=day(-90), start_date=day(-80), end_date=day(-1))

    feed = read_feed(client, "/feed/corsi.xml")

    assert feed.feed.title == "Corsi di formazione – Rete Lavoro"
    assert [entry.title for entry in feed.entries] == ["Saldatura (in corso)", "Excel di base"]
    assert all(entry.link.startswith(f"{BASE_URL}/corsi/") for entry in feed.entries)
    assert "Iscrizioni entro" in feed.entries[1].summary


def test_guids_are_stable_when_the_page_is_renamed(client, site_tree):
    event = factories.EventPageFactory(parent=site_tree.events, title="Laboratorio CV")
    first = read_feed(client, "/feed/eventi.xml").entries[0]

    event.title, event.slug = "Laboratorio curriculum", "laboratorio-curriculum"
    event.save()
    second = read_feed(client, "/feed/eventi.xml").entries[0]

    assert second.title == "Laboratorio curriculum"
    assert first.id == second.id == f"tag:lavoro.example.it,2025:evento-{event.pk}"
    assert second.guidislink is False


@pytest.mark.parametrize("url", ["/feed/concorso.xml", "/feed/concorso.atom"])
def test_contest_feed_has_the_milestones_reached_and_then_the_results(client, site_tree, url):
    contest = factories.ContestPageFactory(parent=site_tree.home, opens_at=rome(-20, 9),
                                           deadline=rome(-5, 12), jury_at=rome(3, 9),
                                           award_at=rome(10, 17))
    feed = read_feed(client, url)
    assert feed.feed.title == "Una rete, un marchio – aggiornamenti"
    assert [entry.title for entry in feed.entries] == [
        "Una rete, un marchio: Scadenza per la consegna",
        "Una rete, un marchio: Apertura del concorso",
    ]
    assert all(entry.link == f"{BASE_URL}/concorso/#date-concorso" for entry in feed.entries)
    assert "12:00" in feed.entries[0].summary

    contest.results = "<p>Vince il logo della 3ª B.</p>"
    contest.save()
    feed = read_feed(client, url)
    assert "Una rete, un marchio: esito" in [entry.title for entry in feed.entries]
    results = next(entry for entry in feed.entries if entry.title.endswith("esito"))
    assert "Vince il logo della 3ª B." in results.summary
    assert results.link == f"{BASE_URL}/concorso/#esito"


def test_contest_feed_is_missing_without_a_published_contest(client, site_tree):
    factories.ContestPageFactory(parent=site_tree.home, live=False)
    assert client.get("/feed/concorso.xml").status_code == 404
