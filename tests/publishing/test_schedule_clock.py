"""`bake_scheduled` with the clock pinned: what the passing of time alone changes online.

Nobody edits anything when an event ends or a scheduled page's hour comes, yet the
baked site must change. Two clocks are at work: the `now` passed to
`bake_scheduled_changes` picks the pages to re-bake, while the pages themselves
(upcoming or past events, `publish_scheduled`) read `timezone.now()`. In production
both are the real clock; here `time-machine` moves the real clock to the same
instants, so the test never depends on the day it runs.
"""

import datetime
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from bs4 import BeautifulSoup

from django.core.management import call_command

from wagtail.models import Page

from cms.publishing.schedule import bake_scheduled_changes
from cms.publishing.services import bake_site
from tests import factories

ROME = ZoneInfo("Europe/Rome")
T0 = datetime.datetime(2030, 3, 4, 9, 0, tzinfo=ROME)  # a Monday morning
T1 = T0 + datetime.timedelta(hours=1)                  # first run: the job day is ahead
T2 = T0 + datetime.timedelta(days=2)                   # second run: it ended yesterday
MINUTES = datetime.timedelta(minutes=1)


@pytest.fixture
def clock():
    """The real clock, moved to T0 and ticking from there (`clock.move_to(...)` to jump)."""
    with time_machine.travel(T0, tick=True) as traveller:
        yield traveller


@pytest.fixture
def events(site_tree, clock):
    """A job day ending between T1 and T2, and an open day long after both."""
    job_day = factories.EventPageFactory(
        parent=site_tree.events, title="Job day a Varese", slug="job-day-varese",
        start=T0 + datetime.timedelta(days=1), end=T0 + datetime.timedelta(days=1, hours=4))
    open_day = factories.EventPageFactory(
        parent=site_tree.events, title="Open day a Ispra", slug="open-day-ispra",
        start=T0 + datetime.timedelta(days=30), end=T0 + datetime.timedelta(days=30, hours=3))
    return job_day, open_day


def baked(build_dir: Path, page) -> BeautifulSoup:
    path = build_dir / page.url.strip("/") / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def cards_under(soup: BeautifulSoup, heading: str) -> list[str]:
    """The card titles of the section a citizen sees under `heading` ([] if no such section)."""
    for section in soup.select("section"):
        title = section.find("h2")
        if title is not None and title.get_text(strip=True) == heading:
            return [card.get_text(strip=True) for card in section.select(".card__title")]
    return []


def test_an_event_that_ends_between_two_runs_moves_to_the_past_events(
        site_tree, events, clock, tmp_path):
    job_day, open_day = events
    # Published at a known time: a page with none is stamped with the clock in calendars
    # and feeds, and no two bakes would agree.
    Page.objects.filter(last_published_at__isnull=True).update(last_published_at=T0)
    build_dir = tmp_path / "build"
    clock.move_to(T1)
    bake_site(build_dir=build_dir, progress=False)

    first = bake_scheduled_changes(build_dir=build_dir, now=T1)

    assert first.since is None and first.bake is not None  # no record yet: everything
    index = baked(build_dir, site_tree.events)
    assert cards_under(index, "Prossimi eventi") == ["Job day a Varese", "Open day a Ispra"]
    assert cards_under(index, "Eventi passati") == []
    assert "Job day a Varese" in cards_under(baked(build_dir, site_tree.home), "Prossimi eventi")

    clock.move_to(T2)
    second = bake_scheduled_changes(build_dir=build_dir, now=T2)

    assert second.since == T1
    assert job_day.pk in second.page_ids and open_day.pk not in second.page_ids
    index = baked(build_dir, site_tree.events)
    assert cards_under(index, "Prossimi eventi") == ["Open day a Ispra"]
    assert cards_under(index, "Eventi passati") == ["Job day a Varese"]
    assert cards_under(baked(build_dir, site_tree.home), "Prossimi eventi") == ["Open day a Ispra"]
    assert "Evento concluso" in baked(build_dir, job_day).get_text()
    upcoming = json.loads((build_dir / "api" / "eventi-in-arrivo.json").read_text())
    assert [item["title"] for item in upcoming["items"]] == ["Open day a Ispra"]
    # The full calendar and the events' feed follow the clock too, as a full bake now would.
    calendar = (build_dir / "calendario.ics").read_text()
    assert "Open day a Ispra" in calendar and "Job day a Varese" not in calendar
    full = tmp_path / "full"
    bake_site(build_dir=full, progress=False)
    for name in ("calendario.ics", "feed/eventi.xml", "feed/eventi.atom",
                 "api/v2/pages/type/events.EventPage.json"):
        assert (build_dir / name).read_bytes() == (full / name).read_bytes(), name

    clock.move_to(T2 + 15 * MINUTES)
    third = bake_scheduled_changes(build_dir=build_dir, now=T2 + 15 * MINUTES)

    assert third.since == T2
    assert third.page_ids == frozenset() and third.bake is None


def test_a_scheduled_page_goes_live_when_its_time_comes(site_tree, events, clock, tmp_path):
    build_dir = tmp_path / "build"
    go_live = T2 + datetime.timedelta(hours=1)
    news = factories.NewsPageFactory(parent=site_tree.news, title="Nuovo bando per le imprese",
                                     slug="nuovo-bando", live=False)
    news.go_live_at = go_live
    news.save_revision(approved_go_live_at=go_live)
    page_file = build_dir / "notizie" / "nuovo-bando" / "index.html"
    clock.move_to(T2)
    bake_site(build_dir=build_dir, progress=False)
    bake_scheduled_changes(build_dir=build_dir, now=T2)

    early = T2 + 30 * MINUTES
    clock.move_to(early)
    before = bake_scheduled_changes(build_dir=build_dir, now=early)

    assert before.page_ids == frozenset() and before.bake is None
    assert not page_file.exists()

    later = go_live + 5 * MINUTES
    clock.move_to(later)
    after = bake_scheduled_changes(build_dir=build_dir, now=later)

    assert news.pk in after.page_ids
    assert Page.objects.get(pk=news.pk).live
    assert "Nuovo bando per le imprese" in page_file.read_text(encoding="utf-8")
    news_index = baked(build_dir, site_tree.news)
    assert "Nuovo bando per le imprese" in [a.get_text(strip=True)
                                            for a in news_index.select(".card__title a")]


def test_the_command_says_what_it_did(site_tree, events, clock, tmp_path, capsys):
    build_dir = tmp_path / "build"
    clock.move_to(T1)
    bake_site(build_dir=build_dir, progress=False)

    call_command("bake_scheduled", build_dir=str(build_dir))
    assert capsys.readouterr().out.startswith("Rigenerate ")  # first run: every page

    clock.move_to(T1 + 15 * MINUTES)
    call_command("bake_scheduled", build_dir=str(build_dir))
    assert capsys.readouterr().out == "Nessuna pagina cambiata dall'ultimo passaggio.\n"

    clock.move_to(T2)
    call_command("bake_scheduled", build_dir=str(build_dir), dry_run=True)
    assert capsys.readouterr().out == ("Pagine cambiate dall'ultimo passaggio: 1 "
                                       "(nulla è stato modificato).\n")
    assert "Prossimi eventi" in baked(build_dir, site_tree.events).get_text()
    assert cards_under(baked(build_dir, site_tree.events), "Eventi passati") == []  # dry run

    call_command("bake_scheduled", build_dir=str(build_dir))
    out = capsys.readouterr().out
    assert out.startswith("Rigenerate ") and "rimossi 0 file" in out
    assert cards_under(baked(build_dir, site_tree.events), "Eventi passati") == ["Job day a Varese"]


def test_a_scheduled_run_folds_in_a_publish_whose_worker_died(site_tree, events, clock,
                                                              tmp_path):
    """The worker was killed mid-bake (its process is gone, its task still "running"): the
    next cron run finds it, re-bakes every page in its place and closes its task."""
    import socket
    import subprocess

    from django_tasks_db.models import DBTaskResult

    from django.test import override_settings

    from cms.publishing.models import BakeRecord
    from cms.publishing.tasks import bake_changes_task

    build_dir = tmp_path / "build"
    clock.move_to(T1)
    bake_site(build_dir=build_dir, progress=False)
    bake_scheduled_changes(build_dir=build_dir)
    with override_settings(TASKS={
            "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
            "bake": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        task = bake_changes_task.enqueue(page_ids=[events[1].pk])
    DBTaskResult.objects.filter(pk=task.id).update(status="RUNNING")
    finished = subprocess.Popen(["true"])  # a process that no longer exists
    finished.wait()
    dead = BakeRecord.objects.create(kind=BakeRecord.Kind.INCREMENTAL, pid=finished.pid,
                                     host=socket.gethostname(), task_id=str(task.id))

    clock.move_to(T1 + 15 * MINUTES)  # nothing changed by the clock
    report = bake_scheduled_changes(build_dir=build_dir)

    assert report.bake is not None and report.bake.pages >= 7  # every page, not none
    dead.refresh_from_db()
    assert dead.failed
    row = DBTaskResult.objects.get(pk=task.id)
    assert row.status == "FAILED" and "re-baked everything" in row.traceback
    scheduled = BakeRecord.objects.filter(kind=BakeRecord.Kind.SCHEDULED).latest("pk")
    assert scheduled.succeeded and scheduled.triggered_by == "cron"
