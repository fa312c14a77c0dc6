"""Shared values for the syndication tests."""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

BASE_URL = "https://lavoro.example.it"
HOST = "lavoro.example.it"
ROME = ZoneInfo("Europe/Rome")


def rome(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A wall time in Rome, `days` from today: what an editor types in the admin."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=ROME)


def day(days: int) -> datetime.date:
    """A date `days` from today in Rome."""
    return timezone.localdate() + datetime.timedelta(days=days)
