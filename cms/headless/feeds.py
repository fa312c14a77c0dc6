"""Two small JSON feeds a partner's website (a comune's site) can show without any API client.

`api/eventi-in-arrivo.json` lists the events that have not ended yet, soonest first;
`api/corsi-aperti.json` the courses still open for enrolment. Both have the envelope of
an API v2 listing (`meta.total_count`, `items`) so the same code can read either, carry
no timestamp (baking twice gives the same bytes), and link to pages on the baked site
(`settings.RETE_BASE_URL`), whoever served the file. Dates are ISO 8601: date-times in
Europe/Rome with their offset (`2025-03-14T09:30:00+01:00`), days as `2025-03-14`.
"""

from __future__ import annotations

from rest_framework import serializers

from django.utils.translation import gettext as _

from wagtail.models import Page

from cms.core.site_settings import public_base_url
from cms.courses.models import CoursePage
from cms.events.models import EventPage

EVENTS_FEED_PATH = "api/eventi-in-arrivo.json"
COURSES_FEED_PATH = "api/corsi-aperti.json"


def public_page_url(page: Page) -> str | None:
    """The absolute address of `page` on the baked site, or None if it is not routable."""
    parts = page.get_url_parts()
    if parts is None or parts[2] is None:
        return None
    return public_base_url() + parts[2]


class PublicUrlField(serializers.Field):
    """The page's own address on the baked site."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page: Page) -> str | None:
        return public_page_url(page)


class UpcomingEventSerializer(serializers.Serializer):
    """One event as a partner's site shows it."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    url = PublicUrlField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    place = serializers.CharField()
    organiser = serializers.CharField()


class OpenCourseSerializer(serializers.Serializer):
    """One course still open for enrolment."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    url = PublicUrlField()
    provider = serializers.CharField(source="provider.name")
    place = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    enrolment_deadline = serializers.DateField()
    status = serializers.CharField()
    is_free = serializers.BooleanField()
    cost = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)


def _feed(*, title: str, path: str, items: list) -> dict:
    return {
        "meta": {"total_count": len(items), "title": title,
                 "feed_url": f"{public_base_url()}/{path}"},
        "items": items,
    }


def upcoming_events_feed() -> dict:
    """The events feed's payload: every live public event that has not ended yet."""
    events = list(EventPage.objects.upcoming())
    return _feed(title=_("Eventi in arrivo"), path=EVENTS_FEED_PATH,
                 items=UpcomingEventSerializer(events, many=True).data)


def open_courses_feed() -> dict:
    """The courses feed's payload: every live public course a citizen can still enrol in."""
    courses = list(CoursePage.objects.open_for_enrolment())
    return _feed(title=_("Corsi con iscrizioni aperte"), path=COURSES_FEED_PATH,
                 items=OpenCourseSerializer(courses, many=True).data)
