"""Background bakes, so publishing returns at once and the site follows a moment later.

Enqueued by `signals.py` after the editor's transaction commits (and by the admin's
"full bake" button); stored by django-tasks-db in the database and run by its worker,
`manage.py db_worker --backend bake` (started by `scripts/serve`; a service of its own
in production). Arguments are plain JSON: page ids, and changed objects as
`["app_label.model", pk]` pairs. Each run takes the bake lock, so bakes queued
together run one after the other, and leaves a `BakeRecord`, so a bake that fails in
the worker shows up on the admin's "Pubblicazione" page instead of only in a log.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django_tasks import task
from django_tasks.signals import task_finished, task_started

from django.apps import apps
from django.contrib.auth import get_user_model

from wagtail.models import Site

from .incremental import bake_changes
from .models import BakeRecord
from .records import current_task_id, recording
from .services import bake_site
from .sites import all_sites, default_site, site_build_dir
from .suspension import suspended

# The bakes have a task backend of their own (`TASKS["bake"]`, the database queue)
# rather than "default": Wagtail's own tasks (reference index, search index) stay on
# "default", inline as before, because the bake reads the reference index and
# `scripts/bake` bakes without any worker.
BACKEND = "bake"
# How an automatic bake is signed in its record (see `BakeRecord.triggered_by`).
PUBLISH_TRIGGER = "pubblicazione"


@task(backend=BACKEND)
def bake_changes_task(*, page_ids: list[int] = (), context_page_ids: list[int] = (),
                      objects: list[list] = (), everything: bool = False,
                      site_id: int | None = None) -> dict:
    """Re-bake what the listed changes affect into the live build of one site
    (`site_id`, the default site if None): `BUILD_DIR/<folder>`.

    Saves made while baking (Wagtail filling in a document's size, say) queue no
    further bake: what they change is already in the files this bake writes.
    """
    site = _site(site_id)
    if site is None:  # deleted since the task was queued, or no site at all
        return {"pages": 0, "files": 0, "removed": 0, "full": False, "seconds": 0}
    with suspended(), recording(kind=BakeRecord.Kind.INCREMENTAL, triggered_by=PUBLISH_TRIGGER,
                                user=publisher(page_ids)) as run:
        # A bake that died before this one may have left a publish half done: bake it all.
        report = bake_changes(build_dir=_build_dir(site), site=site, page_ids=page_ids,
                              context_page_ids=context_page_ids,
                              objects=load_objects(objects),
                              everything=everything or bool(run.interrupted))
        result = {"pages": report.pages,
                  "files": report.pages + report.extra_files + report.media_copied,
                  "removed": report.removed, "full": report.full,
                  "seconds": round(report.seconds, 3)}
        run.accept(result)
    return result


@task(backend=BACKEND)
def bake_full_task(*, triggered_by: str = "", site_id: int | None = None) -> dict:
    """A complete bake, swapped in atomically (after a deploy or a theme change): of the
    site `site_id`, or of every site, each with its own record, when None.

    `triggered_by` is the username of whoever asked from the admin (`records._enqueue`
    passes it), so the record names them although the worker bakes on its own.
    """
    sites = [_site(site_id)] if site_id is not None else all_sites()
    result = {"pages": 0, "files": 0, "seconds": 0.0}
    for site in sites:
        if site is None:
            break  # deleted since the task was queued
        with suspended(), recording(kind=BakeRecord.Kind.FULL,
                                    triggered_by=_user_or_name(triggered_by)) as run:
            report = bake_site(build_dir=_build_dir(site), site=site,
                               progress=False)  # locks, records its manifest
            run.accept({"pages": report.pages, "files": report.files,
                        "seconds": round(report.seconds, 3)})
        result = {"pages": result["pages"] + report.pages,
                  "files": result["files"] + report.files,
                  "seconds": round(result["seconds"] + report.seconds, 3)}
    return result


def _site(site_id: int | None) -> Site | None:
    """The site a task bakes: by id, else the default one."""
    if site_id is None:
        return default_site()
    return Site.objects.select_related("root_page").filter(pk=site_id).first()


def _build_dir(site: Site) -> Path:
    """The live build of `site`: `BUILD_DIR/<folder>`."""
    return site_build_dir(site)


def _note_task_started(sender, task_result, **kwargs) -> None:
    """Tell the bake's record which queue row it runs for (see `records.close_dead_bakes`)."""
    if task_result.backend == BACKEND:
        current_task_id.set(str(task_result.id))


def _forget_task(sender, task_result, **kwargs) -> None:
    current_task_id.set("")


task_started.connect(_note_task_started, dispatch_uid="rete-bake-task-started")
task_finished.connect(_forget_task, dispatch_uid="rete-bake-task-finished")


def publisher(page_ids) -> Any:
    """Who published the pages (the author of their newest revision), so the bake's record
    names the editor to tell if it fails; None when nobody is known."""
    from wagtail.models import Revision

    revision = (Revision.page_revisions.filter(object_id__in=[str(pk) for pk in page_ids],
                                               user__isnull=False)
                .select_related("user").order_by("-created_at").first())
    return revision.user if revision is not None else None


def object_key(obj) -> list:
    """How a changed object travels in a task's arguments."""
    return [obj._meta.label_lower, obj.pk]


def load_objects(keys) -> list:
    """The objects behind `object_key`s; those deleted meanwhile are skipped."""
    objects = []
    for label, pk in keys:
        model = apps.get_model(label)
        obj = model._default_manager.filter(pk=pk).first()
        if obj is not None:
            objects.append(obj)
    return objects


def _user_or_name(username: str) -> Any:
    """The user behind a username, for the record's link; the bare name if they are gone."""
    if not username:
        return None
    user_model = get_user_model()
    user = user_model._default_manager.filter(**{user_model.USERNAME_FIELD: username}).first()
    return user or username
