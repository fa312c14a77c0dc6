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

F = TypeVar("F", bound=Callable[..., Any])


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
def recording(*, kind: str, triggered_by: Any = None) -> Iterator[BakeRun]:
    """Record the bake run inside the block: running now, then succeeded or failed.

    `triggered_by` is a user, a label such as "cron" or "pubblicazione", or None.
    Inside another recording this one joins it instead of creating a second record.
    The exception that ends a failed bake is stored and raised again unchanged.
    """
    outer = _active_run.get()
    if outer is not None:
        yield outer
        return
    interrupted = close_dead_bakes()
    record = BakeRecord.objects.create(kind=kind, pid=os.getpid(), host=socket.gethostname(),
                                       **_trigger_fields(triggered_by))
    _running_here.add(record.pk)
    try:
        with _tracking(record) as run:
            run.interrupted = interrupted
            yield run
    finally:
        _running_here.discard(record.pk)


# Records of the bakes this process is running now.
_running_here: set[int] = set()


def close_dead_bakes() -> list[BakeRecord]:
    """Mark failed the "In corso" records of bakes whose process is gone; return them.

    Only records of this machine can be judged (by their pid); a bake killed with
    `kill -9`, or whose worker was, never reaches its own `finally`.
    """
    dead = [record for record in BakeRecord.objects.filter(status=BakeRecord.Status.RUNNING,
                                                          host=socket.gethostname())
            if record.pid is not None and not _runs(record)]
    for record in dead:
        record.status = BakeRecord.Status.FAILED
        record.finished_at = timezone.now()
        record.error_message = _(
            "Il bake si è interrotto senza finire (il processo %(pid)d non esiste più, per "
            "esempio dopo un riavvio): quello che pubblicava va online con il bake successivo, "
            "che rigenera tutto il sito.") % {"pid": record.pid}
        record.save(update_fields=["status", "finished_at", "error_message"])
    return dead


def _runs(record: BakeRecord) -> bool:
    if record.pid == os.getpid():
        return record.pk in _running_here
    try:
        os.kill(record.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, another user's
    return True


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
    close_dead_bakes()
    return list(BakeRecord.objects.select_related("failed_page", "triggered_by_user")
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


def _count(value: Any) -> int:
    """Warnings may come as a number or as the list of warnings themselves."""
    if isinstance(value, int):
        return value
    try:
        return len(value)
    except TypeError:
        return 0
