"""The partners' feeds: exactly the upcoming events and the open courses, same live and baked."""

import datetime

from tests.headless.conftest import BASE_URL


def test_events_feed_lists_exactly_the_events_not_yet_over(portal, cms_client):
    response = cms_client.get("/api/eventi-in-arrivo.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    feed = response.json()
    live = portal.live
    expected = [live["ongoing_event"], live["event"], live["later_event"]]
    assert [item["id"] for item in feed["items"]] == [event.pk for event in expected]
    assert feed["meta"]["total_count"] == 3
    assert feed["meta"]["feed_url"] == f"{BASE_URL}/api/eventi-in-arrivo.json"


def test_event_item_has_absolute_url_and_offset_datetimes(portal, cms_client):
    event = portal.live["event"]
    item = next(item for item in cms_client.get("/api/eventi-in-arrivo.json").json()["items"]
                if item["id"] == event.pk)
    assert item["title"] == "Giornata del lavoro"
    assert item["url"] == f"{BASE_URL}/eventi/giornata/"
    start = datetime.datetime.fromisoformat(item["start"])
    end = datetime.datetime.fromisoformat(item["end"])
    assert start.utcoffset() in (datetime.timedelta(hours=1), datetime.timedelta(hours=2))
    assert start == event.start and end == event.end
    assert item["place"] == event.place and "Sportello di Ispra" in item["place"]
    assert item["organiser"] == event.organiser


def test_courses_feed_lists_exactly_the_courses_open_for_enrolment(portal, cms_client):
    feed = cms_client.get("/api/corsi-aperti.json").json()
    course = portal.live["open_course"]
    assert [item["id"] for item in feed["items"]] == [course.pk]
    item = feed["items"][0]
    assert item == {
        "id": course.pk, "title": "Operatore di magazzino",
        "url": f"{BASE_URL}/corsi/magazzino/", "provider": course.provider.name,
        "place": course.place, "start_date": course.start_date.isoformat(),
        "end_date": course.end_date.isoformat(),
        "enrolment_deadline": course.enrolment_deadline.isoformat(),
        "status": "Iscrizioni aperte", "is_free": False, "cost": "120.00",
    }


def test_baked_feeds_are_the_live_feeds_byte_for_byte(baked, cms_client):
    for path in ("api/eventi-in-arrivo.json", "api/corsi-aperti.json"):
        assert baked.files[f"/{path}"] == path
        assert (baked.build_dir / path).read_bytes() == cms_client.get(f"/{path}").content
    events = baked.load("api/eventi-in-arrivo.json")
    assert "Evento passato" not in [item["title"] for item in events["items"]]
    courses = baked.load("api/corsi-aperti.json")
    assert "Corso a iscrizioni chiuse" not in [item["title"] for item in courses["items"]]
