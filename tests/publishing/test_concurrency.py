"""Two publishes at once: the bakes take turns, and the site ends as a full bake would."""

import threading
import time
from pathlib import Path

import pytest

from django.db import connection
from django.test import override_settings
from django.utils import timezone

from wagtail.models import Page

from cms.guides.models import GuidePage
from cms.publishing import incremental
from cms.publishing.locking import bake_lock
from cms.publishing.services import bake_site
from cms.publishing.tasks import bake_changes_task
from tests import factories

from .conftest import site_dir
from .test_incremental import assert_same_build


def publish_guide(parent, slug: str) -> GuidePage:
    guide = factories.GuidePageFactory(parent=parent, slug=slug, title=f"Guida {slug}", live=False)
    guide.save_revision().publish()
    return GuidePage.objects.get(pk=guide.pk)


@pytest.mark.django_db(transaction=True)
def test_two_publishes_baked_at_once_take_turns_and_match_a_full_bake(bake_site_tree, tmp_path,
                                                                     monkeypatch):
    build_dir = site_dir(tmp_path / "www")
    Page.objects.filter(last_published_at__isnull=True).update(
        last_published_at=timezone.now().replace(microsecond=0))  # stable calendar stamps
    bake_site(build_dir=build_dir, progress=False)
    incremental.record_full_bake(build_dir=build_dir)
    first = publish_guide(bake_site_tree.live["guides"], "prima")
    second = publish_guide(bake_site_tree.live["guides"], "seconda")

    inside, most_inside, lock = 0, 0, threading.Lock()
    first_inside = threading.Event()
    render = incremental.render_and_apply

    def slow_render(**kwargs):
        nonlocal inside, most_inside
        with lock:
            inside += 1
            most_inside = max(most_inside, inside)
        first_inside.set()
        time.sleep(0.3)  # long enough for the other thread to arrive
        try:
            return render(**kwargs)
        finally:
            with lock:
                inside -= 1

    monkeypatch.setattr(incremental, "render_and_apply", slow_render)
    errors = []

    def bake(page):
        try:
            bake_changes_task.call(page_ids=[page.pk])
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    with override_settings(BUILD_DIR=str(build_dir.parent)):
        threads = [threading.Thread(target=bake, args=(page,)) for page in (first, second)]
        # The second publish arrives while the first is writing into the build. Not both
        # at the very same instant: the test database is SQLite's shared-cache memory
        # database, where two threads writing the bake records at once fail at once
        # ("database table is locked") instead of waiting as the settings' file database
        # (WAL, 30 s busy timeout; tests/core/test_sqlite_concurrency.py) and PostgreSQL do.
        threads[0].start()
        assert first_inside.wait(timeout=120)
        threads[1].start()
        for thread in threads:
            thread.join()

    assert errors == []
    assert most_inside == 1, "two bakes wrote into the build at the same time"
    full = tmp_path / "full" / "build"
    bake_site(build_dir=full, progress=False)
    assert_same_build(build_dir, full)
    assert (build_dir / "guide" / "prima" / "index.html").is_file()
    assert (build_dir / "guide" / "seconda" / "index.html").is_file()


def test_the_lock_excludes_another_process_and_is_reentrant(tmp_path):
    import subprocess
    import sys

    build_dir = tmp_path / "build"
    probe = ("import fcntl, os, sys; fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT);\n"
             "try:\n    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB); print('free')\n"
             "except BlockingIOError:\n    print('held')")
    lock_file = str(Path(f"{build_dir}.lock"))
    with bake_lock(build_dir=build_dir):
        with bake_lock(build_dir=build_dir):  # a task around bake_site, which locks too
            held = subprocess.run([sys.executable, "-c", probe, lock_file],
                                  capture_output=True, text=True, check=True).stdout.strip()
    free = subprocess.run([sys.executable, "-c", probe, lock_file],
                          capture_output=True, text=True, check=True).stdout.strip()
    assert (held, free) == ("held", "free")
