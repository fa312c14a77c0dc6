"""Courses: a status citizens can trust, and dates editors cannot get backwards."""

import datetime

import pytest

from cms.courses.models import CoursePage, CourseStatus, course_status
from tests import factories
from tests.admin_forms import add_page, rich_text

DAY = datetime.date(2026, 11, 23)


@pytest.mark.parametrize(("today", "expected"), [
    (DAY - datetime.timedelta(days=1), CourseStatus.OPEN),
    (DAY + datetime.timedelta(days=10), CourseStatus.OPEN),       # the deadline day itself
    (DAY + datetime.timedelta(days=11), CourseStatus.CLOSED),
    (DAY + datetime.timedelta(days=20), CourseStatus.RUNNING),    # first day
    (DAY + datetime.timedelta(days=50), CourseStatus.RUNNING),    # last day
    (DAY + datetime.timedelta(days=51), CourseStatus.FINISHED),
])
def test_status_follows_the_dates(today, expected):
    status = course_status(enrolment_deadline=DAY + datetime.timedelta(days=10),
                           start_date=DAY + datetime.timedelta(days=20),
                           end_date=DAY + datetime.timedelta(days=50), today=today)
    assert status is expected


def _course_form(partner, **overrides):
    fields = {
        "title": "Corso di saldatura", "slug": "corso-di-saldatura", "intro": "",
        "provider": partner.pk, "audiences": "", "place": "Via Roma 1, Somma Lombardo",
        "start_date": "2027-02-01", "end_date": "2027-01-10", "schedule": "sera", "hours": "40",
        "is_free": "on", "cost": "", "seats": "12", "enrolment_deadline": "2027-01-20",
        "requirements": rich_text(""), "how_to_enrol": rich_text("<p>Allo sportello</p>"),
        "certificate": "", "body": rich_text(""),
    }
    fields.update(overrides)
    return fields


@pytest.mark.django_db
def test_editor_gets_italian_error_and_keeps_what_was_typed(editor_client, site_tree):
    partner = factories.PartnerFactory()
    response = add_page(editor_client, parent=site_tree.courses, model=CoursePage,
                        fields=_course_form(partner, schedule="martedì 18:00–21:00 digitato"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Il corso non può finire prima di iniziare" in html
    assert "martedì 18:00–21:00 digitato" in html and "Corso di saldatura" in html
    assert not CoursePage.objects.filter(slug="corso-di-saldatura").exists()


@pytest.mark.django_db
def test_paid_course_needs_a_cost_and_deadline_before_start(editor_client, site_tree):
    partner = factories.PartnerFactory()
    response = add_page(editor_client, parent=site_tree.courses, model=CoursePage,
                        fields=_course_form(partner, end_date="2027-03-01", is_free="",
                                            enrolment_deadline="2027-02-15"))
    html = response.content.decode()
    assert "Indica il costo, oppure segna il corso come gratuito." in html
    assert "Le iscrizioni devono chiudersi entro il primo giorno del corso." in html


@pytest.mark.django_db
def test_valid_course_is_published(editor_client, site_tree):
    partner = factories.PartnerFactory()
    response = add_page(editor_client, parent=site_tree.courses, model=CoursePage,
                        fields=_course_form(partner, end_date="2027-03-01"))
    assert response.status_code == 302
    course = CoursePage.objects.get(slug="corso-di-saldatura")
    assert course.live and course.provider == partner
