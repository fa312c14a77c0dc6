"""Events: a place and an order of times a citizen can rely on."""

import datetime

import pytest

from django.utils import timezone

from cms.events.models import EventPage
from tests import factories
from tests.admin_forms import add_page, rich_text


def _event_form(**overrides):
    fields = {
        "title": "Job day a Varese", "slug": "job-day-varese", "intro": "",
        "start": "2027-03-10 15:00", "end": "2027-03-10 10:00", "sportello": "", "address": "",
        "organiser": "Comune di Varese", "audiences": "", "cost": "Ingresso libero",
        "how_to_register": rich_text(""), "body": rich_text(""),
    }
    fields.update(overrides)
    return fields


@pytest.mark.django_db
def test_event_needs_a_place_and_an_end_after_the_start(editor_client, site_tree):
    response = add_page(editor_client, parent=site_tree.events, model=EventPage,
                        fields=_event_form(organiser="Informagiovani digitato"))
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "L&#x27;evento deve finire dopo l&#x27;inizio" in html
        or "L'evento deve finire dopo" in html
    )
    assert "scegli uno sportello o scrivi un indirizzo" in html
    assert "Informagiovani digitato" in html
    assert not EventPage.objects.filter(slug="job-day-varese").exists()


@pytest.mark.django_db
def test_event_at_a_sportello_is_published(editor_client, site_tree):
    sportello = factories.SportelloPageFactory(parent=site_tree.sportelli)
    response = add_page(
        editor_client,
        parent=site_tree.events,
        model=EventPage,
        fields=_event_form(end="2027-03-10 18:00", sportello=sportello.pk),
    )
    assert response.status_code == 302
    event = EventPage.objects.get(slug="job-day-varese")
    # Typed in Europe/Rome: 15:00 in March is 14:00 UTC.
    assert event.start.astimezone(datetime.UTC).hour == 14
    assert sportello.title in event.place


@pytest.mark.django_db
def test_an_event_is_upcoming_until_it_ends(site_tree):
    now = timezone.now()
    running = factories.EventPageFactory(
        parent=site_tree.events,
        start=now - datetime.timedelta(hours=1),
        end=now + datetime.timedelta(hours=1),
    )
    over = factories.EventPageFactory(
        parent=site_tree.events,
        start=now - datetime.timedelta(days=2),
        end=now - datetime.timedelta(days=2, hours=-2),
    )
    assert list(EventPage.objects.upcoming()) == [running]
    assert list(EventPage.objects.past()) == [over]
