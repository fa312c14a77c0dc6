"""Calendars: what a calendar app imports, read back with icalendar."""

import datetime

import pytest
from icalendar import Calendar

from tests import factories

from .utils import BASE_URL, HOST, ROME, day, rome

pytestmark = pytest.mark.django_db


def read_calendar(client, url: str) -> Calendar:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def assert_rome_timezone(calendar: Calendar) -> None:
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Rome"]
    assert calendar.get_missing_tzids() == set()


def by_uid(calendar: Calendar) -> dict[str, object]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_event_ics_has_the_local_wall_time_in_europe_rome(client, site_tree):
    event = factories.EventPageFactory(parent=site_tree.events, title="Open day del lavoro",
                                       start=rome(12, 9, 30), end=rome(12, 13))

    calendar = read_calendar(client, f"/calendario/eventi/{event.slug}.ics")

    assert_rome_timezone(calendar)
    [vevent] = calendar.walk("VEVENT")
    assert vevent["DTSTART"].params["TZID"] == "Europe/Rome"
    start = vevent["DTSTART"].dt
    assert (start.hour, start.minute, start.date()) == (9, 30, day(12))
    assert start == rome(12, 9, 30)  # the same instant, whatever the offset that day
    assert vevent["DTEND"].dt == rome(12, 13)
    assert str(vevent["SUMMARY"]) == "Open day del lavoro"
    assert str(vevent["LOCATION"]) == "Piazza Vittorio Veneto 2, 21019 Somma Lombardo"
    assert str(vevent["URL"]) == f"{BASE_URL}/eventi/{event.slug}/"
    assert "dalle 9:30 alle 13:00" in str(vevent["DESCRIPTION"])
    assert isinstance(vevent["DTSTAMP"].dt, datetime.datetime)


def test_event_at_a_sportello_is_located_there(client, site_tree):
    sportello = factories.SportelloPageFactory(
        parent=site_tree.sportelli, title="Sportello di Gallarate", address="Via Verdi 4",
        postcode="21013", city="Gallarate")
    event = factories.EventPageFactory(parent=site_tree.events, sportello=sportello, address="")
    [vevent] = read_calendar(client, f"/calendario/eventi/{event.slug}.ics").walk("VEVENT")
    assert str(vevent["LOCATION"]) == "Sportello di Gallarate, Via Verdi 4, 21013 Gallarate"


def test_uids_stay_the_same_between_requests_and_renames(client, site_tree):
    event = factories.EventPageFactory(parent=site_tree.events, title="Laboratorio CV",
                                       slug="laboratorio-cv")
    first = read_calendar(client, "/calendario/eventi/laboratorio-cv.ics")
    second = read_calendar(client, "/calendario/eventi/laboratorio-cv.ics")
    event.title, event.slug = "Laboratorio curriculum", "laboratorio-curriculum"
    event.save()
    renamed = read_calendar(client, "/calendario/eventi/laboratorio-curriculum.ics")

    expected = f"evento-{event.pk}@{HOST}"
    assert list(by_uid(first)) == list(by_uid(second)) == list(by_uid(renamed)) == [expected]
    assert first["UID"] == second["UID"]


def test_course_ics_spans_the_course_and_marks_the_enrolment_deadline(client, site_tree):
    course = factories.CoursePageFactory(parent=site_tree.courses, title="Excel di base",
                                         enrolment_deadline=day(20), start_date=day(30),
                                         end_date=day(60))

    events = by_uid(read_calendar(client, f"/calendario/corsi/{course.slug}.ics"))

    span = events[f"corso-{course.pk}@{HOST}"]
    assert span["DTSTART"].dt == day(30)
    assert span["DTEND"].dt == day(61)  # the end of an all-day span is exclusive
    assert str(span["LOCATION"]) == "Via Roma 1, 21019 Somma Lombardo"
    assert "lunedì e mercoledì, 18:00–21:00" in str(span["DESCRIPTION"])
    deadline = events[f"corso-{course.pk}-iscrizioni@{HOST}"]
    assert str(deadline["SUMMARY"]) == "Scadenza iscrizioni: Excel di base"
    assert (deadline["DTSTART"].dt, deadline["DTEND"].dt) == (day(20), day(21))


def test_contest_ics_has_the_deadline_at_its_time_and_every_milestone(client, site_tree):
    contest = factories.ContestPageFactory(parent=site_tree.home, opens_at=rome(-10, 9),
                                           deadline=rome(30, 12), jury_at=rome(40, 9),
                                           award_at=rome(50, 17, 30))

    calendar = read_calendar(client, "/calendario/concorso.ics")

    assert_rome_timezone(calendar)
    events = by_uid(calendar)
    assert set(events) == {f"concorso-{contest.pk}-{key}@{HOST}" for key in
                           ("apertura", "scadenza", "valutazione", "premiazione")}
    deadline = events[f"concorso-{contest.pk}-scadenza@{HOST}"]
    assert deadline["DTSTART"].params["TZID"] == "Europe/Rome"
    wall_time = deadline["DTSTART"].dt.astimezone(ROME).replace(tzinfo=None)
    assert wall_time == datetime.datetime.combine(day(30), datetime.time(12, 0))
    assert str(deadline["SUMMARY"]) == "Una rete, un marchio: Scadenza per la consegna"
    assert "Ufficio protocollo del Comune di Somma Lombardo" in str(deadline["LOCATION"])
    [alarm] = deadline.walk("VALARM")
    assert alarm["TRIGGER"].dt == datetime.timedelta(days=-1)
    assert events[f"concorso-{contest.pk}-premiazione@{HOST}"]["DTSTART"].dt == rome(50, 17, 30)


def test_full_calendar_has_only_what_is_still_to_come(client, site_tree):
    coming = factories.EventPageFactory(parent=site_tree.events, start=rome(5, 18), end=rome(5, 20))
    past = factories.EventPageFactory(parent=site_tree.events, start=rome(-5, 18), end=rome(-5, 20))
    draft = factories.EventPageFactory(parent=site_tree.events, live=False)
    course = factories.CoursePageFactory(parent=site_tree.courses)
    running = factories.CoursePageFactory(parent=site_tree.courses, enrolment_deadline=day(-20),
                                          start_date=day(-10), end_date=day(5))
    over = factories.CoursePageFactory(parent=site_tree.courses, enrolment_deadline=day(-90),
                                       start_date=day(-80), end_date=day(-1))
    contest = factories.ContestPageFactory(parent=site_tree.home)  # opened ten days ago

    calendar = read_calendar(client, "/calendario.ics")

    assert_rome_timezone(calendar)
    assert str(calendar["X-WR-CALNAME"]) == "Calendario – Rete Lavoro"
    assert set(by_uid(calendar)) == {
        f"evento-{coming.pk}@{HOST}",
        f"corso-{course.pk}@{HOST}", f"corso-{course.pk}-iscrizioni@{HOST}",
        f"corso-{running.pk}@{HOST}",
        f"concorso-{contest.pk}-scadenza@{HOST}", f"concorso-{contest.pk}-valutazione@{HOST}",
        f"concorso-{contest.pk}-premiazione@{HOST}",
    }
    assert not any(f"-{page.pk}@" in uid or f"-{page.pk}-" in uid
                   for page in (past, draft, over) for uid in by_uid(calendar))


def test_missing_or_draft_pages_have_no_calendar(client, site_tree):
    draft = factories.EventPageFactory(parent=site_tree.events, live=False)
    assert client.get(f"/calendario/eventi/{draft.slug}.ics").status_code == 404
    assert client.get("/calendario/corsi/non-esiste.ics").status_code == 404
    assert client.get("/calendario/concorso.ics").status_code == 404
