"""Keeping a `BakeRecord` for every bake, and starting a full bake from the admin.

Every way of baking (the `bake` command, the incremental bake after a page is
published, the scheduled task, the admin button) goes through `recording` so the
admin's "Pubblicazione" page can tell editors what went online and what did not.

Recordings nest: the outermost one owns the record. That lets the bake service
record itself (kind "full", nobody in particular) while a caller that knows more
(the scheduled task, a user in the admin) opens its own recording around it and
gets a single, better-described record.
"""

from __future__ import annotations

import importlib
import inspect
import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import timedelta
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import Page
from wagtail.permissions import page_permission_policy

from .exceptions import BakeError
from .models import BakeRecord

logger = logging.getLogger(__name__)

TASKS_MODULE = "cms.publishing.tasks"
FULL_BAKE_TASK = "bake_full_task"
TASKS_BACKEND = "bake"  # `tasks.BACKEND`, which this module cannot import

F = TypeVar("F", bound=Callable[..., Any])

# Seconds past the time limit after which a "running" bake on any machine is judged dead.
LEASE_GRACE = 60

# The id of the django-tasks result the worker is running in this thread (set by
# `tasks.py` on `task_started`), so a bake's record knows which queue row to re-run.
current_task_id: ContextVar[str] = ContextVar("rete_bake_task_id", default="")


@dataclass
class BakeRun:
    """What the code inside `recording` fills in while the bake runs.

    `interrupted` lists the bakes found dead when this one started (`close_dead_bakes`):
    what they were publishing may not be online, so the caller bakes everything.
    """

    record: BakeRecord
    pages: int = 0
    files: int = 0
    warnings: int = 0
    interrupted: list[BakeRecord] = field(default_factory=list)

    def accept(self, report: Any) -> None:
        """Take the counts from a `BakeReport`, or from the dict a bake task returns."""
        if isinstance(report, Mapping):
            self.pages = report.get("pages", self.pages)
            self.files = report.get("files", self.files)
            self.warnings = _count(report.get("warnings", self.warnings))
            return
        self.pages = report.pages
        self.files = report.files
        self.warnings = _count(getattr(report, "warnings", 0))


_active_run: ContextVar[BakeRun | None] = ContextVar("rete_active_bake_run", default=None)


@contextmanager
def recording(*, kind: str, triggered_by: Any = None, user: Any = None) -> Iterator[BakeRun]:
    """Record the bake run inside the block: running now, then succeeded or failed.

    `triggered_by` is a user, a label such as "cron" or "pubblicazione", or None; `user`
    names the editor behind a labelled bake (who published), for the record's link.
    Inside another recording this one joins it instead of creating a second record.
    The exception that ends a failed bake is stored and raised again unchanged.
    """
    outer = _active_run.get()
    if outer is not None:
        yield outer
        return
    record = BakeRecord.objects.create(kind=kind, pid=os.getpid(), host=socket.gethostname(),
                                       task_id=current_task_id.get(),
                                       **_trigger_fields(triggered_by), **_user_field(user))
    # Every caller of `recording` bakes everything when told of dead bakes (`BakeRun`),
    # so their tasks are folded into this bake rather than queued again.
    interrupted = close_dead_bakes(folded_into=record)
    _running_here.add(record.pk)
    try:
        with _tracking(record) as run:
            run.interrupted = interrupted
            yield run
    finally:
        _running_here.discard(record.pk)


def note_site(site: Any) -> None:
    """Name the site being baked on the record of the bake running here (once: a bake
    nested in another's recording names the site of the first)."""
    run = _active_run.get()
    if run is not None and site is not None and run.record.site_id is None:
        run.record.site = site
        run.record.save(update_fields=["site"])


# Records of the bakes this process is running now.
_running_here: set[int] = set()


def close_dead_bakes(*, folded_into: BakeRecord | None = None) -> list[BakeRecord]:
    """Mark failed the "In corso" records of bakes that died; return them.

    A bake is dead when its process is gone (records of this machine, by pid: `kill -9`
    of the bake or of its task worker never reaches its own `finally`), or, on any
    machine, when it started longer ago than the bake's time limit allows (`lease_expired`):
    a live bake stops itself at that limit. The task-queue row of a dead bake (left
    "running" by its dead worker) is closed too: `folded_into` names the bake that takes
    its work over (it bakes everything); without one the task is queued again, to bake
    everything, so what the dead bake was publishing reaches the site all the same.
    """
    dead = [record for record in dead_bakes() if record != folded_into]
    for record in dead:
        requeued = _close_task(record, folded_into=folded_into)
        record.status = BakeRecord.Status.FAILED
        record.finished_at = timezone.now()
        if lease_expired(record):
            cause = _("è ancora «in corso» oltre il tempo massimo di un bake, sulla macchina "
                      "%(host)s") % {"host": record.host or "?"}
        else:
            cause = _("il processo %(pid)s su %(host)s non esiste più, per esempio dopo un "
                      "riavvio") % {"pid": record.pid, "host": record.host}
        record.error_message = _(
            "Il bake si è interrotto senza finire (%(cause)s): quello che pubblicava va online "
            "con il bake successivo, che rigenera tutto il sito.") % {"cause": cause}
        if requeued:
            record.error_message += " " + _("Il bake è già stato rimesso in coda.")
        record.save(update_fields=["status", "finished_at", "error_message"])
    return dead


def dead_bakes() -> list[BakeRecord]:
    """The records still "In corso" whose bake died (see `close_dead_bakes`)."""
    return [record for record in BakeRecord.objects.filter(status=BakeRecord.Status.RUNNING)
            if not _runs(record)]


def _runs(record: BakeRecord) -> bool:
    """Whether the bake of a running record may still be alive."""
    if lease_expired(record):
        return False
    if record.host != socket.gethostname() or record.pid is None:
        return True  # Another machine's: only its lease tells.
    if record.pid == os.getpid():
        return record.pk in _running_here
    try:
        os.kill(record.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, another user's
    return True


def lease_expired(record: BakeRecord) -> bool:
    """A bake still "running" past its time limit (plus a grace minute) is dead: a live
    one would have stopped itself (`locking.bake_time_limit`). Without a limit, never."""
    limit = int(getattr(settings, "RETE_BAKE_TIME_LIMIT", 0) or 0)
    if not limit:
        return False
    return record.started_at < timezone.now() - timedelta(seconds=limit + LEASE_GRACE)


def _close_task(record: BakeRecord, *, folded_into: BakeRecord | None) -> bool:
    """Close the task-queue row a dead bake left "running"; True if it was queued again."""
    if not record.task_id:
        return False
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    task = DBTaskResult.objects.filter(pk=record.task_id,
                                       status=TaskResultStatus.RUNNING).first()
    if task is None:
        return False
    if folded_into is not None:
        task.status = TaskResultStatus.FAILED
        task.finished_at = timezone.now()
        task.exception_class_path = "cms.publishing.records.DeadBake"
        task.traceback = (f"The worker died during this bake; bake record {folded_into.pk} "
                          "re-baked everything in its place.")
        task.save(update_fields=["status", "finished_at", "exception_class_path",
                                 "traceback"])
        return False
    kwargs = dict(task.args_kwargs.get("kwargs") or {})
    if task.task_path.endswith(".bake_changes_task"):
        kwargs["everything"] = True  # its files may be half written: rebuild them all
    task.args_kwargs = {**task.args_kwargs, "kwargs": kwargs}
    task.status = TaskResultStatus.READY
    task.started_at = None
    task.save(update_fields=["status", "started_at", "args_kwargs"])
    return True


def recover_dead_bakes() -> list[BakeRecord]:
    """Close the records of dead bakes and queue their tasks again (at the worker's start,
    from cron, when an editor opens the admin's bake pages)."""
    return close_dead_bakes()


def recorded(*, kind: str) -> Callable[[F], F]:
    """Decorate a bake function returning a `BakeReport` so each call is recorded."""

    def decorate(func: F) -> F:
        @wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with recording(kind=kind) as run:
                report = func(*args, **kwargs)
                run.accept(report)
                return report

        return wrapper  # type: ignore[return-value]

    return decorate


def recent_bakes(*, limit: int = 50) -> list[BakeRecord]:
    """The latest bakes, newest first, with what the report page shows."""
    recover_dead_bakes()
    return list(BakeRecord.objects.select_related("failed_page", "triggered_by_user", "site")
                .order_by("-started_at", "-pk")[:limit])


def can_start_bake(user: Any) -> bool:
    """Who may start a full bake: whoever may publish pages, or holds `publishing.start_bake`.

    A publisher already triggers bakes by publishing, so a full bake gives them nothing new.
    """
    if not getattr(user, "is_active", False):
        return False
    return (user.has_perm("publishing.start_bake")
            or page_permission_policy.user_has_permission(user, "publish"))


def start_full_bake(*, user: Any) -> BakeRecord | None:
    """Start a full bake on behalf of `user`; return its record when this process keeps it.

    - `RETE_BAKE_IN_BACKGROUND = False` (tests): bake here and now, return the finished record.
    - `cms.publishing.tasks.bake_full_task` exists: enqueue it (the worker records the run)
      and return None.
    - otherwise: bake in a background thread of this process. A stop-gap for sites without a
      task worker: the bake dies with the web process, leaving the record "In corso".
    """
    if not getattr(settings, "RETE_BAKE_IN_BACKGROUND", True):
        return _bake_now(user=user)
    task = _full_bake_task()
    if task is not None:
        _enqueue(task, user=user)
        return None
    record = BakeRecord.objects.create(kind=BakeRecord.Kind.FULL, **_trigger_fields(user))
    thread = threading.Thread(target=_bake_in_thread, kwargs={"record_pk": record.pk},
                              name=f"bake-{record.pk}", daemon=True)
    # The thread reads the record through its own connection: only once it is committed.
    transaction.on_commit(thread.start)
    return record


def _bake_now(*, user: Any) -> BakeRecord:
    run = None
    try:
        with recording(kind=BakeRecord.Kind.FULL, triggered_by=user) as run:
            _full_bake(run)
    except BakeError:
        pass  # The record holds the message; the report page shows it.
    assert run is not None
    run.record.refresh_from_db()
    return run.record


def _bake_in_thread(*, record_pk: int) -> None:
    try:
        record = BakeRecord.objects.get(pk=record_pk)
        with _tracking(record) as run:
            _full_bake(run)
    except BakeError:
        pass  # Already on the record.
    except Exception:
        logger.exception("Background bake %s failed", record_pk)
    finally:
        connections.close_all()


def _full_bake(run: BakeRun) -> None:
    """Bake everything in this thread, through the task's own code when there is one.

    The task also takes the bake lock and rewrites the incremental bake's manifest,
    so calling it (not `bake_site`) keeps a bake started here like any other.
    """
    task = _full_bake_task()
    if task is None:  # the tasks module is part of this app: only a broken checkout lacks it
        raise BakeError(_("Manca il modulo dei bake (%(module)s): il bake non è partito.")
                        % {"module": TASKS_MODULE})
    run.accept(task.call())


def _full_bake_task() -> Any | None:
    """The django-tasks task for a full bake, if that module is installed in this checkout."""
    try:
        module = importlib.import_module(TASKS_MODULE)
    except ModuleNotFoundError as error:
        if error.name != TASKS_MODULE:
            raise  # The module exists but is broken: say so rather than bake differently.
        return None
    return getattr(module, FULL_BAKE_TASK, None)


def _enqueue(task: Any, *, user: Any) -> None:
    """Enqueue, telling the task who asked when it accepts a `triggered_by` argument."""
    func = getattr(task, "func", None)
    kwargs = {}
    if func is not None and "triggered_by" in inspect.signature(func).parameters:
        kwargs["triggered_by"] = user.get_username()
    task.enqueue(**kwargs)


@contextmanager
def _tracking(record: BakeRecord) -> Iterator[BakeRun]:
    run = BakeRun(record=record)
    token = _active_run.set(run)
    started = time.monotonic()
    try:
        yield run
    except BaseException as error:
        _finish(run, seconds=time.monotonic() - started, error=error)
        raise
    else:
        _finish(run, seconds=time.monotonic() - started)
    finally:
        _active_run.reset(token)


def _finish(run: BakeRun, *, seconds: float, error: BaseException | None = None) -> None:
    """Save the outcome; never let a failure to record hide the bake's own outcome."""
    record = run.record
    record.finished_at = timezone.now()
    record.duration = timedelta(seconds=seconds)
    record.pages, record.files, record.warnings = run.pages, run.files, run.warnings
    if error is None:
        record.status = BakeRecord.Status.SUCCEEDED
    else:
        record.status = BakeRecord.Status.FAILED
        record.error_message = _error_message(error)
        record.problems = [problem.as_dict() for problem in getattr(error, "problems", ())]
        _set_failed_page(record, error)
    try:
        record.save()
    except Exception:
        logger.exception("Could not save the outcome of bake record %s", record.pk)


def _error_message(error: BaseException) -> str:
    if isinstance(error, BakeError):
        return str(error)
    if isinstance(error, (KeyboardInterrupt, SystemExit)):
        return _("La pubblicazione è stata interrotta prima della fine.")
    return _("Errore imprevisto durante la pubblicazione: %(error)r. Il sito online non è "
             "cambiato; segnala questo messaggio a chi gestisce il sito.") % {"error": error}


def _set_failed_page(record: BakeRecord, error: BaseException) -> None:
    """Take the failing page from the error's `page` and `url` attributes, when it has them."""
    page = getattr(error, "page", None)
    url = getattr(error, "url", None)
    if isinstance(page, Page):
        record.failed_page_id = page.pk
    title = getattr(page, "title", None)
    if title:
        record.failed_page_title = str(title)[:255]
    if url:
        record.failed_page_url = str(url)[:2048]


def _trigger_fields(triggered_by: Any) -> dict[str, Any]:
    if triggered_by is None:
        return {}
    if hasattr(triggered_by, "get_username"):
        return {"triggered_by_user": triggered_by, "triggered_by": triggered_by.get_username()}
    return {"triggered_by": str(triggered_by)[:150]}


def _user_field(user: Any) -> dict[str, Any]:
    return {"triggered_by_user": user} if user is not None else {}


def _count(value: Any) -> int:
    """Warnings may come as a number or as the list of warnings themselves."""
    if isinstance(value, int):
        return value
    try:
        return len(value)
    except TypeError:
        return 0


# A bake "In corso" for longer than this is shown as stuck on the dashboard; a publish
# waiting longer than this for the worker means the worker is not running.
STUCK_AFTER = timedelta(minutes=10)
WAITING_AFTER = timedelta(minutes=2)


@dataclass(frozen=True)
class BakeAlerts:
    """What the admin dashboard warns about: failed bakes since the last good one,
    bakes running too long, publishes the worker has not picked up."""

    failed: list[BakeRecord]
    stuck: list[BakeRecord]
    waiting: int

    def __bool__(self) -> bool:
        return bool(self.failed or self.stuck or self.waiting)


def bake_alerts(*, now: Any = None) -> BakeAlerts:
    """The dashboard's warnings; closes dead bakes first, so they show as failed."""
    recover_dead_bakes()
    now = now or timezone.now()
    last_good = (BakeRecord.objects.filter(status=BakeRecord.Status.SUCCEEDED)
                 .order_by("-started_at").first())
    failed = BakeRecord.objects.filter(status=BakeRecord.Status.FAILED)
    if last_good is not None:
        failed = failed.filter(started_at__gt=last_good.started_at)
    stuck = BakeRecord.objects.filter(status=BakeRecord.Status.RUNNING,
                                      started_at__lt=now - STUCK_AFTER)
    return BakeAlerts(failed=list(failed.order_by("-started_at")[:10]),
                      stuck=list(stuck.order_by("started_at")),
                      waiting=_queued_tasks(before=now - WAITING_AFTER).count())


@dataclass(frozen=True)
class PageBakeStatus:
    """Whether a page's last publish reached the public site: "pending", "online", "failed"."""

    state: str
    record: BakeRecord | None = None


def page_bake_status(page: Page) -> PageBakeStatus | None:
    """How the page's last publish went on the site, for its edit view; None if not live."""
    published = page.last_published_at
    if not page.live or published is None:
        return None
    recover_dead_bakes()
    if _queued_tasks(since=published).exists() or BakeRecord.objects.filter(
            status=BakeRecord.Status.RUNNING, started_at__gte=published).exists():
        return PageBakeStatus(state="pending")
    record = (BakeRecord.objects.filter(started_at__gte=published)
              .exclude(status=BakeRecord.Status.RUNNING).order_by("-started_at").first())
    if record is None:
        # Published with the bake off (a test, a bulk import): nothing to say yet.
        return None
    return PageBakeStatus(state="online" if record.succeeded else "failed", record=record)


def _queued_tasks(*, since: Any = None, before: Any = None):
    """Bake tasks waiting for the worker or running, enqueued since/before a time."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    tasks = DBTaskResult.objects.filter(
        backend_name=TASKS_BACKEND,
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING])
    if since is not None:
        tasks = tasks.filter(enqueued_at__gte=since)
    if before is not None:
        tasks = tasks.filter(enqueued_at__lt=before)
    return tasks
