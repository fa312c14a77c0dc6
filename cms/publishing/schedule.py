"""Date-driven content: what the clock alone changed on the public site.

Nobody edits anything when an event ends or a course's enrolment closes, yet the
baked pages must change (the event moves to «passati», the home page stops showing
it, the contest page turns to «in valutazione»). `bake_scheduled_changes` runs from
cron via `manage.py bake_scheduled`: it publishes and expires scheduled pages, then
re-bakes the pages whose date-derived state differs between the last run (kept in
`<build>.state.json`) and now, through `bake_changes` like any edit.
"""

from __future__ import annotations

import datetime
import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.core.management import call_command
from django.db.models import Q
from django.utils import timezone

from wagtail.models import Page, Revision, Site

from .incremental import IncrementalReport, bake_changes
from .locking import bake_lock
from .models import BakeRecord
from .records import dead_bakes, recording
from .sites import default_site, pages_in_site
from .suspension import suspended


@dataclass(frozen=True)
class ScheduledReport:
    """What one scheduled run found and baked."""

    since: datetime.datetime | None
    now: datetime.datetime
    page_ids: frozenset[int]
    bake: IncrementalReport | None


def state_path(build_dir: Path) -> Path:
    """Beside the build, which a full bake replaces."""
    build_dir = Path(build_dir).absolute()
    return build_dir.with_name(f"{build_dir.name}.state.json")


def last_run(*, build_dir: Path) -> datetime.datetime | None:
    """When the previous scheduled run finished, or None if there was none."""
    try:
        value = json.loads(state_path(build_dir).read_text())["last_run"]
    except (OSError, ValueError, KeyError):
        return None
    return datetime.datetime.fromisoformat(value)


def pages_changed_by_clock(*, since: datetime.datetime, now: datetime.datetime) -> set[int]:
    """Live pages whose shown state (past or upcoming, status, closures) differs since then."""
    from cms.contest.models import ContestPage
    from cms.courses.models import CoursePage
    from cms.events.models import EventPage
    from cms.network.models import Closure

    ids: set[int] = set(EventPage.objects.live().filter(end__gte=since, end__lt=now)
                        .values_list("pk", flat=True))
    # Course states change at midnight; a day either side covers the "<=" and ">" edges.
    first = timezone.localdate(since) - datetime.timedelta(days=1)
    last = timezone.localdate(now) + datetime.timedelta(days=1)
    around = (Q(enrolment_deadline__range=(first, last)) | Q(start_date__range=(first, last))
              | Q(end_date__range=(first, last)))
    ids |= set(CoursePage.objects.live().filter(around).values_list("pk", flat=True))
    ids |= {contest.pk for contest in ContestPage.objects.live()
            if contest.get_status(now=since) is not contest.get_status(now=now)}
    ids |= set(Closure.objects.filter(end_date__range=(first, last), page__live=True)
               .values_list("page_id", flat=True))
    return ids


def pages_due_for_schedule(*, now: datetime.datetime) -> set[int]:
    """Pages `publish_scheduled` is about to publish or expire."""
    going_live = Revision.page_revisions.filter(approved_go_live_at__lte=now)
    ids = {int(pk) for pk in going_live.values_list("object_id", flat=True)}
    ids |= set(Page.objects.filter(live=True, expire_at__lt=now).values_list("pk", flat=True))
    return ids


def bake_scheduled_sites(*, builds: list[tuple[Site | None, Path]],
                         now: datetime.datetime | None = None,
                         dry_run: bool = False) -> list[tuple[Path, ScheduledReport]]:
    """`bake_scheduled_changes` for each site and its build folder, after one publish of
    what is due (the pages due are told apart by site before they are published)."""
    now = now or timezone.now()
    due = pages_due_for_schedule(now=now)
    if not dry_run:
        with suspended():
            call_command("publish_scheduled", verbosity=0)
    return [(Path(build_dir), bake_scheduled_changes(build_dir=build_dir, site=site, now=now,
                                                     dry_run=dry_run, due=due))
            for site, build_dir in builds]


def bake_scheduled_changes(*, build_dir: Path, site: Site | None = None,
                           now: datetime.datetime | None = None, dry_run: bool = False,
                           due: set[int] | None = None) -> ScheduledReport:
    """Publish what is due, then re-bake what the clock changed since the last run.

    `site` (the default site if None) is the site whose build is `build_dir`; `due`, the
    pages a caller already published (`bake_scheduled_sites`), else those due now are
    published here. The first run (no state yet) re-bakes every page, since nobody knows
    how old the build is. With `dry_run` nothing is published, baked or recorded.
    """
    build_dir = Path(build_dir).absolute()
    now = now or timezone.now()
    site = site if site is not None else default_site()
    with bake_lock(build_dir=build_dir):
        since = last_run(build_dir=build_dir)
        publish_here = due is None
        due = pages_due_for_schedule(now=now) if publish_here else due
        ids = due | (pages_changed_by_clock(since=since, now=now) if since else set())
        if site is not None:
            ids = set(pages_in_site(ids, site=site))
        if dry_run:
            return ScheduledReport(since=since, now=now, page_ids=frozenset(ids), bake=None)
        if publish_here:
            with suspended():
                call_command("publish_scheduled", verbosity=0)
        report = None
        # A bake that died (its worker killed) may have left a publish half done: its
        # task is folded into this run, which then bakes everything.
        if ids or since is None or dead_bakes():
            with recording(kind=BakeRecord.Kind.SCHEDULED, triggered_by="cron") as run:
                report = bake_changes(build_dir=build_dir, site=site, page_ids=sorted(ids),
                                      everything=since is None or bool(run.interrupted))
                run.accept({"pages": report.pages, "files": report.pages})
        _record(build_dir=build_dir, now=now)
    return ScheduledReport(since=since, now=now, page_ids=frozenset(ids), bake=report)


def _record(*, build_dir: Path, now: datetime.datetime) -> None:
    path = state_path(build_dir)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(json.dumps({"last_run": now.isoformat()}))
    os.replace(temporary, path)
