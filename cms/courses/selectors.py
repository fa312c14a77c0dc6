"""Reads of courses for listings, the home page and audience pages."""

from django.db.models import QuerySet
from django.utils import timezone

from .models import CoursePage


def _live():
    # Cards show no audiences: whoever lists them (feeds, calendars) prefetches them.
    return CoursePage.objects.live().public().select_related("provider")


def upcoming_courses() -> QuerySet[CoursePage]:
    """Courses not yet concluded, soonest first."""
    return _live().filter(end_date__gte=timezone.localdate()).order_by("start_date", "title")


def finished_courses() -> QuerySet[CoursePage]:
    """Concluded courses, most recent first."""
    return _live().filter(end_date__lt=timezone.localdate()).order_by("-end_date", "title")


def open_courses() -> QuerySet[CoursePage]:
    """Courses a citizen can still enrol in."""
    today = timezone.localdate()
    return (
        _live().filter(enrolment_deadline__gte=today, start_date__gt=today).order_by("start_date")
    )
