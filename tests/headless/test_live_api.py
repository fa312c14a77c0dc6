"""The live API v2 answers for every page type with each type's `api_fields`."""

import pytest

from wagtail.models import Page, get_page_models

from tests import factories

PAGE_TYPES = {
    "core.HomePage": "home", "core.StandardPage": "standard",
    "network.SportelloIndexPage": "sportelli", "network.SportelloPage": "sportello",
    "guides.GuideIndexPage": "guides", "guides.GuidePage": "guide",
    "courses.CourseIndexPage": "courses", "courses.CoursePage": "open_course",
    "events.EventIndexPage": "events", "events.EventPage": "event",
    "news.NewsIndexPage": "news", "news.NewsPage": "news_page",
    "contest.ContestPage": "contest",
    "core.SiteMapPage": "site_map", "core.AccessibilityStatementPage": "accessibility",
    "network.ContactsPage": "contacts", "observatory.ObservatoryPage": "observatory",
}


def _label(model) -> str:
    return f"{model._meta.app_label}.{model.__name__}"


def _api_field_names(page) -> list[str]:
    return [getattr(field, "name", field) for field in type(page).api_fields]


def test_every_page_type_is_covered():
    """A new page type must be added here (and so get its API checked)."""
    assert {_label(m) for m in get_page_models() if m is not Page} == set(PAGE_TYPES)


@pytest.mark.parametrize("label", sorted(PAGE_TYPES))
def test_type_listing_has_every_api_field(portal, cms_client, label):
    page = portal.live[PAGE_TYPES[label]]
    response = cms_client.get(f"/api/v2/pages/?type={label}&fields=*")
    assert response.status_code == 200, response.content
    items = {item["id"]: item for item in response.json()["items"]}
    assert page.pk in items
    assert items[page.pk]["meta"]["type"] == label
    for name in _api_field_names(page):
        assert name in items[page.pk], name


@pytest.mark.parametrize("label", sorted(PAGE_TYPES))
def test_detail_has_every_api_field(portal, cms_client, label):
    page = portal.live[PAGE_TYPES[label]]
    response = cms_client.get(f"/api/v2/pages/{page.pk}/")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["title"] == page.title
    for name in _api_field_names(page):
        assert name in data, name


def test_derived_status_is_served_as_its_label(portal, cms_client):
    course = cms_client.get(f"/api/v2/pages/{portal.live['open_course'].pk}/").json()
    closed = cms_client.get(f"/api/v2/pages/{portal.live['closed_course'].pk}/").json()
    contest = cms_client.get(f"/api/v2/pages/{portal.live['contest'].pk}/").json()
    assert course["status"] == "Iscrizioni aperte"
    assert closed["status"] == "Iscrizioni chiuse"
    assert contest["status"] == "Aperto"
    assert course["cost"] == "120.00" and course["is_free"] is False
    assert course["audiences"] == ["Giovani"]


def test_a_course_names_the_partner_that_runs_it(portal, cms_client):
    """Partners have no endpoint of their own: the course carries what a site shows of one."""
    course = portal.live["open_course"]
    partner = course.provider
    assert partner is not None  # the factory gives every course a partner

    data = cms_client.get(f"/api/v2/pages/{course.pk}/").json()

    assert data["provider"] == {"id": partner.pk, "name": partner.name, "slug": partner.slug,
                                "kind": partner.kind, "website": partner.website}


def test_event_start_carries_the_rome_offset(portal, cms_client):
    event = portal.live["event"]
    data = cms_client.get(f"/api/v2/pages/{event.pk}/").json()
    assert data["start"][-6:] in ("+01:00", "+02:00")
    assert data["sportello"]["id"] == portal.live["sportello"].pk


def test_hidden_pages_are_not_served(portal, cms_client):
    for page in portal.hidden.values():
        assert cms_client.get(f"/api/v2/pages/{page.pk}/").status_code == 404
    listed = {item["id"] for item in cms_client.get("/api/v2/pages/?limit=1000").json()["items"]}
    assert not listed & {page.pk for page in portal.hidden.values()}


def test_media_endpoints_list_only_what_live_pages_use(portal, cms_client):
    images = cms_client.get("/api/v2/images/").json()
    documents = cms_client.get("/api/v2/documents/").json()
    assert [item["id"] for item in images["items"]] == [portal.used_image.pk]
    assert [item["id"] for item in documents["items"]] == [portal.document.pk]
    assert cms_client.get(f"/api/v2/images/{portal.unused_image.pk}/").status_code == 404
    assert cms_client.get(f"/api/v2/documents/{portal.draft_document.pk}/").status_code == 404


def test_a_whole_listing_fits_one_response(portal, cms_client, settings):
    for number in range(5):
        factories.StandardPageFactory(parent=portal.live["home"], slug=f"extra-{number}")
    response = cms_client.get("/api/v2/pages/?limit=1000")
    assert response.status_code == 200
    assert response.json()["meta"]["total_count"] == len(response.json()["items"]) > 20
    too_many = settings.WAGTAILAPI_LIMIT_MAX + 1
    assert cms_client.get(f"/api/v2/pages/?limit={too_many}").status_code == 400
