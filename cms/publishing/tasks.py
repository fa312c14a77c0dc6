"""Background bakes, so publishing returns at once and the site follows a moment later.

Enqueued by `signals.py` after the editor's transaction commits; run by the
django-tasks worker (`manage.py db_worker` with the database backend). Arguments
are plain JSON: page ids, and changed objects as `["app_label.model", pk]` pairs.
Each run takes the bake lock, so bakes queued together run one after the other.
"""

from __future__ import annotations

from pathlib import Path

from django_tasks import task

from django.apps import apps
from django.conf import settings

from .incremental import bake_changes, record_full_bake
from .locking import bake_lock
from .services import bake_site


@task()
def bake_changes_task(*, page_ids: list[int] = (), context_page_ids: list[int] = (),
                      objects: list[list] = (), everything: bool = False) -> dict:
    """Re-bake what the listed changes affect into the live build (`settings.BUILD_DIR`)."""
    report = bake_changes(build_dir=Path(settings.BUILD_DIR), page_ids=page_ids,
                          context_page_ids=context_page_ids, objects=load_objects(objects),
                          everything=everything)
    return {"pages": report.pages, "removed": report.removed, "full": report.full,
            "seconds": round(report.seconds, 3)}


@task()
def bake_full_task() -> dict:
    """A complete bake, swapped in atomically (after a deploy or a theme change)."""
    build_dir = Path(settings.BUILD_DIR)
    with bake_lock(build_dir=build_dir):
        report = bake_site(build_dir=build_dir, progress=False)
        record_full_bake(build_dir=build_dir)
    return {"pages": report.pages, "files": report.files, "seconds": round(report.seconds, 3)}


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
