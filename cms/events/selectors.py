"""Reads of events for the calendar, the home page and audience pages."""

from django.db.models import QuerySet
from django.utils import timezone

from .models import EventPage


def _live():
    # Cards show no audiences: whoever lists them (feeds, calendars) prefetches them.
    return EventPage.objects.live().public().select_related("sportello")


def upcoming_events() -> QuerySet[EventPage]:
    """Events that have not ended yet, soonest first."""
    return _live().filter(end__gte=timezone.now()).order_by("start", "title")


def past_events() -> QuerySet[EventPage]:
    """Events already over, most recent first."""
    return _live().filter(end__lt=timezone.now()).order_by("-start", "title")
