"""The contest's milestones as items for feeds and calendars.

`ContestPage.timeline()` gives labels and dates for people; feeds and calendars also
need a key per milestone that never changes (for GUIDs and UIDs), which is added here.
"""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from cms.contest.models import ContestPage
from cms.core.site_settings import in_current_site

# Keys of the milestones, in the order of `ContestPage.timeline()`; part of every GUID/UID.
MILESTONE_KEYS = ("apertura", "scadenza", "valutazione", "premiazione")


@dataclass(frozen=True)
class Milestone:
    """One dated step of a contest."""

    contest: ContestPage
    key: str
    label: str
    at: datetime.datetime


def live_contests() -> QuerySet[ContestPage]:
    """Published contests, the most recent first."""
    return in_current_site(ContestPage.objects.live().public()).order_by("-opens_at", "-id")


def contest_milestones(*, contest: ContestPage) -> list[Milestone]:
    """The four milestones of a contest, in order."""
    return [Milestone(contest=contest, key=key, label=str(label), at=at)
            for key, (label, at) in zip(MILESTONE_KEYS, contest.timeline(), strict=True)]
