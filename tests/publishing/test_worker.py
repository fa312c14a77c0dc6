"""Publishing on change through the real queue: the editor's request only queues the bake,
and the django-tasks-db worker (`manage.py db_worker --backend bake`) bakes it afterwards.

These tests switch the "bake" task backend to the database (tests otherwise bake inline)
and run the worker in batch mode, the command `scripts/serve` starts minus the polling: it
takes what is queued, runs it and exits. They run inside the test's transaction, with the
on-commit callbacks captured and run as a commit would (as test_incremental.py does): a
second `transaction=True` test in the suite would find Wagtail's initial data (root page,
locale, site) flushed by test_concurrency.py, and `serialized_rollback` clashes with the
content types that flush recreates.
"""

import logging
import signal
from io import StringIO
from pathlib import Path

import pytest
from django_tasks_db.models import DBTaskResult

from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from cms.courses.models import CoursePage
from cms.guides.models import GuidePage
from cms.network.models import Partner
from cms.publishing import incremental, signals
from cms.publishing.exceptions import PageRenderError
from cms.publishing.models import BakeRecord
from cms.publishing.services import bake_site
from tests import factories

from .conftest import site_dir

QUEUED_IN_DATABASE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "bake": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
BAKE_TASK = "cms.publishing.tasks.bake_changes_task"
OLD_TITLE = "Prepararsi al colloquio"
NEW_TITLE = "Prepararsi al colloquio di lavoro in presenza"


@pytest.fixture
def run_worker_once(monkeypatch):
    """Run `db_worker` until the bake queue is empty, then put back what it changes globally.

    The command installs its own SIGINT/SIGTERM handlers and sets its loggers' levels, which
    must not outlive it inside the test process; and between tasks it closes connections
    it finds inside a transaction, which here would be the test's own.
    """
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run() -> None:
        handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM,
                                                           signal.SIGQUIT)}
        levels = {name: logging.getLogger(name).level for name in ("django_tasks",
                                                                   "django_tasks_db")}
        try:
            call_command("db_worker", "--backend", "bake", "--batch", "--no-startup-delay",
                         "--no-reload", verbosity=0, stdout=StringIO())
        finally:
            for sig, handler in handlers.items():
                signal.signal(sig, handler)
            for name, level in levels.items():
                logging.getLogger(name).setLevel(level)

    return run


@pytest.fixture(autouse=True)
def _nothing_pending():
    """A rolled-back edit stays noted for the next bake (by design); not across tests."""
    signals._state.pending = None
    yield
    signals._state.pending = None


def page_html(build_dir: Path, page) -> str:
    return (build_dir / page.url.lstrip("/") / "index.html").read_text(encoding="utf-8")


@pytest.fixture
def live_build(site_tree, tmp_path):
    """A published guide and a live build of the site, with publishing on change turned on
    and the bakes queued in the database."""
    guide = factories.GuidePageFactory(parent=site_tree.guides, title=OLD_TITLE,
                                       slug="colloquio", live=False)
    guide.save_revision().publish()
    build_dir = site_dir(tmp_path / "www")
    bake_site(build_dir=build_dir, progress=False)
    with override_settings(TASKS=QUEUED_IN_DATABASE, RETE_AUTO_BAKE=True,
                           BUILD_DIR=str(build_dir.parent)):
        yield build_dir, GuidePage.objects.get(pk=guide.pk)


@pytest.mark.django_db
def test_a_publish_queues_one_bake_and_the_worker_puts_the_page_online(
        live_build, site_tree, django_capture_on_commit_callbacks, run_worker_once):
    build_dir, guide = live_build
    before = page_html(build_dir, guide)
    assert OLD_TITLE in before

    guide.title = NEW_TITLE
    with django_capture_on_commit_callbacks(execute=True):  # leaving it = the commit
        guide.save_revision().publish()
        assert not DBTaskResult.objects.exists(), "queued before the publish was committed"

    task = DBTaskResult.objects.get()  # exactly one
    assert task.task_path == BAKE_TASK
    assert task.backend_name == "bake"
    assert guide.pk in task.args_kwargs["kwargs"]["page_ids"]
    # Not baked inside the editor's request: the live site is still the old one.
    assert page_html(build_dir, guide) == before
    assert not BakeRecord.objects.filter(kind=BakeRecord.Kind.INCREMENTAL).exists()

    run_worker_once()

    assert NEW_TITLE in page_html(build_dir, guide)
    assert NEW_TITLE in page_html(build_dir, site_tree.guides)  # and in the guides' listing
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    record = BakeRecord.objects.get(kind=BakeRecord.Kind.INCREMENTAL)
    assert record.status == BakeRecord.Status.SUCCEEDED
    assert record.triggered_by == "pubblicazione" and record.pages > 0


@pytest.mark.django_db
def test_a_rolled_back_publish_queues_nothing(live_build, django_capture_on_commit_callbacks,
                                              run_worker_once):
    build_dir, guide = live_build
    guide.title = NEW_TITLE
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            guide.save_revision().publish()
            transaction.set_rollback(True)

    assert not DBTaskResult.objects.exists()
    run_worker_once()
    assert OLD_TITLE in page_html(build_dir, guide)
    assert NEW_TITLE not in page_html(build_dir, guide)


@pytest.mark.django_db
def test_a_snippet_saved_outside_a_transaction_queues_its_own_change(site_tree, tmp_path,
                                                                     monkeypatch,
                                                                     run_worker_once):
    partner = factories.PartnerFactory(name="Centro Formazione Ispra")
    course = factories.CoursePageFactory(parent=site_tree.courses, provider=partner,
                                         slug="magazzino", live=False)
    course.save_revision().publish()
    course = CoursePage.objects.get(pk=course.pk)
    build_dir = site_dir(tmp_path / "www")
    bake_site(build_dir=build_dir, progress=False)
    assert "Centro Formazione Ispra" in page_html(build_dir, course)

    with override_settings(TASKS=QUEUED_IN_DATABASE, RETE_AUTO_BAKE=True,
                           BUILD_DIR=str(build_dir.parent)):
        partner = Partner.objects.get(pk=partner.pk)
        partner.name = "Centro Formazione Varese"
        with monkeypatch.context() as patch:
            # What Django does outside any atomic block (autocommit: a view that opens no
            # transaction): the callback runs at once, inside the save. The change must
            # travel with the task, or the pages showing the partner keep the old name.
            patch.setattr(transaction, "on_commit", lambda func, *args, **kwargs: func())
            partner.save()
        task = DBTaskResult.objects.get()
        assert task.args_kwargs["kwargs"]["objects"] == [["network.partner", partner.pk]]
        run_worker_once()

    html = page_html(build_dir, course)
    assert "Centro Formazione Varese" in html and "Centro Formazione Ispra" not in html


@pytest.mark.django_db
def test_a_bake_that_fails_in_the_worker_is_shown_to_editors_and_leaves_the_site_alone(
        live_build, editor_client, monkeypatch, django_capture_on_commit_callbacks,
        run_worker_once):
    build_dir, guide = live_build
    before = page_html(build_dir, guide)

    def failing_render(**kwargs):
        raise PageRenderError("La pagina «Prepararsi al colloquio» non si genera "
                              "(MARCATORE-ERRORE-WORKER).", page=guide, url=guide.url)

    monkeypatch.setattr(incremental, "render_and_apply", failing_render)
    guide.title = NEW_TITLE
    with django_capture_on_commit_callbacks(execute=True):
        guide.save_revision().publish()
    run_worker_once()

    assert page_html(build_dir, guide) == before
    task = DBTaskResult.objects.get()
    assert task.status == "FAILED"
    assert task.exception_class_path.endswith("PageRenderError")
    record = BakeRecord.objects.get(kind=BakeRecord.Kind.INCREMENTAL)
    assert record.status == BakeRecord.Status.FAILED
    assert record.failed_page_id == guide.pk
    # What the editor reads on the admin's "Pubblicazione" page.
    html = editor_client.get("/admin/pubblicazione/").content.decode()
    assert "MARCATORE-ERRORE-WORKER" in html and "Non riuscita" in html


@pytest.mark.django_db
def test_the_admin_button_queues_a_full_bake_that_the_worker_signs_with_the_editor(
        site_tree, editor_client, tmp_path, run_worker_once):
    build_dir = site_dir(tmp_path / "www")
    with override_settings(TASKS=QUEUED_IN_DATABASE, BUILD_DIR=str(build_dir.parent)):
        response = editor_client.post("/admin/pubblicazione/avvia/", follow=True)
        assert "Pubblicazione avviata" in response.content.decode()
        assert DBTaskResult.objects.get().task_path == "cms.publishing.tasks.bake_full_task"
        assert not (build_dir / "index.html").exists()

        run_worker_once()

    assert (build_dir / "index.html").is_file()
    record = BakeRecord.objects.get()
    assert (record.kind, record.status) == (BakeRecord.Kind.FULL, BakeRecord.Status.SUCCEEDED)
    assert record.triggered_by == "redazione"
    assert record.triggered_by_user.username == "redazione"


@pytest.mark.django_db
def test_choosing_another_theme_bakes_the_whole_site_with_its_files(
        live_build, site_tree, django_capture_on_commit_callbacks, run_worker_once):
    """A publish re-renders pages only; a new theme also brings its own static files, so
    saving the portal settings queues a full bake, which the worker swaps in."""
    from cms.core.site_settings import PortalSettings

    build_dir, guide = live_build
    assert not list((build_dir / "static").rglob("modena.*.css"))
    portal = PortalSettings.for_site(site_tree.home.get_site())
    portal.theme = "modena"
    with django_capture_on_commit_callbacks(execute=True):
        portal.save()

    assert DBTaskResult.objects.get().task_path == "cms.publishing.tasks.bake_full_task"
    run_worker_once()

    stylesheets = list((build_dir / "static").rglob("modena.*.css"))
    assert stylesheets, "the new theme's stylesheet was not copied"
    assert stylesheets[0].name in page_html(build_dir, guide)
    theirs = BakeRecord.objects.filter(kind=BakeRecord.Kind.FULL).order_by("-pk").first()
    assert theirs.status == BakeRecord.Status.SUCCEEDED
