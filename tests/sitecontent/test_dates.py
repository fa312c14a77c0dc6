"""Relative dates: the demo stays alive whatever day it is loaded."""

import datetime

import pytest

from cms.contest.models import ContestPage, ContestStatus
from cms.courses.models import CoursePage, CourseStatus
from cms.sitecontent.dates import ROME, DateExpressionError, parse_date, parse_datetime
from cms.sitecontent.services import load_site_content

from .conftest import PINNED_DAY

ANCHOR = datetime.date(2025, 1, 15)


@pytest.mark.parametrize(("expression", "expected"), [
    ("@+14", datetime.date(2025, 1, 29)),
    ("@-3", datetime.date(2025, 1, 12)),
    (datetime.date(2027, 4, 29), datetime.date(2027, 4, 29)),
    ("2027-04-29", datetime.date(2027, 4, 29)),
    ("@next 04-29", datetime.date(2025, 4, 29)),
    ("@next 01-10", datetime.date(2026, 1, 10)),
    ("@next 04-29+10", datetime.date(2025, 5, 9)),
])
def test_date_expressions(expression, expected):
    assert parse_date(expression, anchor=ANCHOR) == expected


def test_datetime_expressions_are_rome_wall_clock():
    value = parse_datetime("@next 04-29 12:00", anchor=ANCHOR)
    assert value == datetime.datetime(2025, 4, 29, 12, 0, tzinfo=ROME)
    assert value.astimezone(datetime.UTC).hour == 10  # summer time


@pytest.mark.parametrize("bad", ["domani", "@+x", "2025-13-01", "@next 02-30"])
def test_unreadable_dates_say_what_is_accepted(bad):
    with pytest.raises(DateExpressionError):
        parse_date(bad, anchor=ANCHOR)


@pytest.mark.django_db
def test_demo_is_alive_on_the_pinned_day(content_dir):
    load_site_content(path=content_dir, today=PINNED_DAY)
    noon = datetime.datetime.combine(PINNED_DAY, datetime.time(12), tzinfo=ROME)

    contest = ContestPage.objects.get()
    assert contest.get_status(now=noon) == ContestStatus.OPEN
    assert contest.deadline == datetime.datetime(2025, 4, 29, 12, 0, tzinfo=ROME)

    statuses = {course.slug: course.get_status(today=PINNED_DAY)
                for course in CoursePage.objects.all()}
    assert set(statuses.values()) == set(CourseStatus)
    assert statuses["operatore-di-magazzino"] == CourseStatus.OPEN
