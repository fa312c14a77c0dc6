"""How much database work one event's or course's calendar costs.

The bake requests the .ics of every live event and course, hundreds on a real network,
after every publish: each one must stay a fixed handful of queries, whatever it shows
(a sportello for the place, the audiences, the network's name in PRODID).
"""

import pytest
from icalendar import Calendar

from wagtail.models import Site

from cms.core.models import IdentitySettings
from tests import factories

pytestmark = pytest.mark.django_db

# The page (with the row its text names), its view restrictions, its audiences, the
# network's name. The sites' root paths, needed for the page's address, are cached
# after the first request: each test asks twice and counts the second time.
# Two of them read the requested site and its portal settings (its public address), once per
# request: cms/core/site_settings.py.
MAX_QUERIES_PER_CALENDAR = 6


def calendar_on_second_request(client, url, assert_max_num_queries) -> Calendar:
    """The calendar at `url`, counting the queries of the second request only."""
    client.get(url)
    with assert_max_num_queries(MAX_QUERIES_PER_CALENDAR):
        response = client.get(url)
    return Calendar.from_ical(response.content)


@pytest.fixture
def identity(site_tree):
    return IdentitySettings.objects.create(site=Site.objects.get(is_default_site=True),
                                           network_name="Le città del lavoro")


def test_event_calendar_at_a_sportello_takes_a_fixed_number_of_queries(
        client, site_tree, identity, django_assert_max_num_queries):
    sportello = factories.SportelloPageFactory(
        parent=site_tree.sportelli, title="Sportello di Gallarate", address="Via Verdi 4",
        postcode="21013", city="Gallarate")
    event = factories.EventPageFactory(parent=site_tree.events, sportello=sportello, address="")
    event.audiences.add(factories.AudienceTagFactory(name="Giovani"),
                        factories.AudienceTagFactory(name="Imprese"))
    event.save()

    calendar = calendar_on_second_request(client, f"/calendario/eventi/{event.slug}.ics",
                                          django_assert_max_num_queries)

    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["LOCATION"]) == "Sportello di Gallarate, Via Verdi 4, 21013 Gallarate"
    assert [str(name) for name in vevent["CATEGORIES"].cats] == ["Giovani", "Imprese"]
    assert "Le città del lavoro" in str(calendar["PRODID"])


def test_course_calendar_takes_a_fixed_number_of_queries(
        client, site_tree, identity, django_assert_max_num_queries):
    provider = factories.PartnerFactory(name="Centro di formazione di Varese")
    course = factories.CoursePageFactory(parent=site_tree.courses, provider=provider)
    course.audiences.add(factories.AudienceTagFactory(name="Disoccupati"))
    course.save()

    calendar = calendar_on_second_request(client, f"/calendario/corsi/{course.slug}.ics",
                                          django_assert_max_num_queries)

    span = next(event for event in calendar.walk("VEVENT") if "CATEGORIES" in event)
    assert "a cura di Centro di formazione di Varese" in str(span["DESCRIPTION"])
    assert [str(name) for name in span["CATEGORIES"].cats] == ["Disoccupati"]
    assert "Le città del lavoro" in str(calendar["PRODID"])


def test_a_bake_writes_a_batch_of_calendars_in_queries_that_do_not_grow_with_it(
        site_tree, identity, tmp_path):
    """The bake asks for hundreds of calendars at a time: their pages and audiences come
    in a few queries per batch and the network's name once, whatever the batch holds."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cms.publishing.artefacts import ExtraFileWriter, extra_files
    from cms.publishing.render import bake_caches
    from cms.publishing.sites import baking

    giovani = factories.AudienceTagFactory(name="Giovani")
    for number in range(6):
        event = factories.EventPageFactory(parent=site_tree.events, slug=f"evento-{number}")
        event.audiences.add(giovani)
        event.save()
    with baking(None), bake_caches():
        calendars = [extra for extra in extra_files()
                     if extra.file.startswith("calendario/eventi/")]
        assert len(calendars) == 6
        writer = ExtraFileWriter()
        writer.write_batch(calendars[:1], build_dir=tmp_path)  # the site's root paths, once
        counted = []
        for batch in (calendars[:2], calendars):
            with CaptureQueriesContext(connection) as queries:
                writer.write_batch(batch, build_dir=tmp_path)
            counted.append(len(queries))

    assert counted[0] == counted[1]
    for extra in calendars:
        calendar = Calendar.from_ical((tmp_path / extra.file).read_bytes())
        [vevent] = calendar.walk("VEVENT")
        assert [str(name) for name in vevent["CATEGORIES"].cats] == ["Giovani"]
        assert "Le città del lavoro" in str(calendar["PRODID"])
