"""The contest: its status follows the calendar, and its dates must be in order."""

import datetime

import pytest

from cms.contest.models import ContestPage, ContestStatus, contest_status
from tests.admin_forms import add_page, rich_text

T0 = datetime.datetime(2027, 3, 25, 9, 0, tzinfo=datetime.UTC)
DATES = {"opens_at": T0, "deadline": T0 + datetime.timedelta(days=35),
         "jury_at": T0 + datetime.timedelta(days=40), "award_at": T0 + datetime.timedelta(days=60)}


@pytest.mark.parametrize(("offset", "expected"), [
    (datetime.timedelta(days=-1), ContestStatus.UPCOMING),
    (datetime.timedelta(0), ContestStatus.OPEN),
    (datetime.timedelta(days=35, seconds=-1), ContestStatus.OPEN),
    (datetime.timedelta(days=35), ContestStatus.CLOSED),
    (datetime.timedelta(days=41), ContestStatus.JUDGING),
    (datetime.timedelta(days=60), ContestStatus.FINISHED),
])
def test_status_follows_the_milestones(offset, expected):
    assert contest_status(**DATES, now=T0 + offset) is expected


@pytest.mark.django_db
def test_dates_out_of_order_are_refused_keeping_the_form(editor_client, site_tree):
    fields = {
        "title": "Una rete, un marchio", "slug": "concorso", "intro": "",
        "opens_at": "2027-03-25 09:00", "deadline": "2027-04-29 12:00",
        "jury_at": "2027-04-20 09:00", "award_at": "2027-05-20 18:00",
        "eligibility": rich_text("<p>Studenti</p>"), "rules": rich_text("<p>Regole</p>"),
        "how_to_enter": rich_text("<p>In busta</p>"),
        "delivery_office": "Ufficio protocollo digitato", "delivery_address": "Piazza 1",
        "delivery_hours": "lunedì 9-12", "documents": "", "faq": "", "results": rich_text(""),
    }
    from wagtail.test.utils.form_data import streamfield
    fields["documents"] = streamfield([])
    fields["faq"] = streamfield([])
    response = add_page(editor_client, parent=site_tree.home, model=ContestPage, fields=fields,
                        inlines=("entries",))
    html = response.content.decode()
    assert response.status_code == 200
    assert "la valutazione deve venire dopo la scadenza" in html
    assert "Ufficio protocollo digitato" in html
    assert not ContestPage.objects.exists()
