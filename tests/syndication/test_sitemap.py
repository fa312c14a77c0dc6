"""The sitemap and robots.txt, as a search engine reads them."""

import xml.etree.ElementTree as ET

import pytest

from django.utils import timezone

from tests import factories

from .utils import BASE_URL

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_sitemap_lists_every_live_page_on_the_public_address_and_no_draft(client, site_tree):
    event = factories.EventPageFactory(parent=site_tree.events)
    news = factories.NewsPageFactory(parent=site_tree.news)
    draft = factories.NewsPageFactory(parent=site_tree.news, title="Bozza", live=False)

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    root = ET.fromstring(response.content)
    locations = [loc.text for loc in root.findall("sm:url/sm:loc", NS)]
    expected_paths = ["/", "/guide/", "/corsi/", "/eventi/", f"/eventi/{event.slug}/",
                      "/notizie/", f"/notizie/{news.slug}/", "/sportelli/"]
    assert sorted(locations) == sorted(BASE_URL + path for path in expected_paths)
    assert f"{BASE_URL}/notizie/{draft.slug}/" not in locations


def test_sitemap_gives_the_last_publication_date(client, site_tree):
    news = factories.NewsPageFactory(parent=site_tree.news)
    news.save_revision().publish()
    news.refresh_from_db()

    root = ET.fromstring(client.get("/sitemap.xml").content)
    entry = next(url for url in root.findall("sm:url", NS)
                 if url.findtext("sm:loc", namespaces=NS) == f"{BASE_URL}/notizie/{news.slug}/")
    assert entry.findtext("sm:lastmod", namespaces=NS) == (
        timezone.localdate(news.last_published_at).isoformat())


def test_robots_txt_allows_crawling_and_names_the_sitemap(client, site_tree):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert not any(line.strip() == "Disallow: /" for line in lines)
    assert f"Sitemap: {BASE_URL}/sitemap.xml" in lines


def test_sitemap_lists_each_audience_and_topic_page(client, site_tree):
    audience = factories.AudienceTagFactory(name="Giovani", slug="giovani")
    guide = factories.GuidePageFactory(parent=site_tree.guides, slug="cv")
    guide.audiences.add(audience)
    guide.topics.add("Curriculum vitae")
    guide.save_revision().publish()

    root = ET.fromstring(client.get("/sitemap.xml").content)
    locations = [loc.text for loc in root.findall("sm:url/sm:loc", NS)]

    assert f"{BASE_URL}/guide/per-chi/giovani/" in locations
    assert f"{BASE_URL}/guide/argomenti/curriculum-vitae/" in locations
    assert len(locations) == len(set(locations))


def test_sitemap_is_written_as_djangos_sitemap_template_writes_it(client, site_tree):
    """The sitemap is written without the template engine (it would take most of the time
    on a large site): its bytes are still those of Django's own `sitemap.xml` template,
    here also for an address to escape, a missing date, a date, and a time near midnight."""
    from datetime import UTC, date, datetime

    from django.template.loader import render_to_string

    from cms.syndication.sitemaps import urlset_xml

    factories.NewsPageFactory(parent=site_tree.news).save_revision().publish()
    response = client.get("/sitemap.xml")
    urls = response.context_data["urlset"]
    assert len(urls) > 5
    assert response.content.decode() == render_to_string("sitemap.xml", {"urlset": urls})
    odd = [{"location": f"{BASE_URL}/cerca/?q=a&b=<c>", "lastmod": None},
           {"location": f"{BASE_URL}/eventi/", "lastmod": date(2026, 3, 1)},
           {"location": f"{BASE_URL}/corsi/", "lastmod": datetime(2026, 3, 1, 23, 30, tzinfo=UTC)},
           {"location": f"{BASE_URL}/guide/"}]
    assert urlset_xml(odd) == render_to_string("sitemap.xml", {"urlset": odd})
    assert urlset_xml([]) == render_to_string("sitemap.xml", {"urlset": []})
