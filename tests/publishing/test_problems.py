"""Editors are told: what a withdrawal touches, which pages to fix, whether a publish is online.

Real admin requests (Django's test client, logged in) on a real SQLite database.
"""

import os
from datetime import timedelta
from html import unescape

import icalendar
import pytest
from django_tasks_db.models import DBTaskResult

from django.test import override_settings
from django.utils import timezone, translation
from django.utils.translation import gettext

from wagtail.models import Page
from wagtail.rich_text import expand_db_html

from cms.publishing.exceptions import BrokenLinksError
from cms.publishing.links import BrokenLink
from cms.publishing.models import BakeRecord
from cms.publishing.problems import broken_links_error
from cms.publishing.records import recording
from cms.publishing.tasks import bake_changes_task
from cms.syndication.calendars import event_calendar
from tests import factories

DASHBOARD = "/admin/"
QUEUED_IN_DATABASE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "bake": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}


@pytest.fixture
def privacy(site_tree):
    """A guide that links to the privacy page, and the privacy page, unpublished since."""
    privacy = factories.GuidePageFactory(parent=site_tree.guides, title="Privacy",
                                         slug="privacy")
    guide = factories.GuidePageFactory(
        parent=site_tree.guides, title="Iscriversi al centro per l'impiego", slug="iscriversi",
        body=[("paragraph", f'<p>Leggi l\'<a linktype="page" id="{privacy.pk}">informativa'
                            '</a>.</p>')])
    privacy.unpublish()
    return guide, Page.objects.get(pk=privacy.pk)


def test_a_link_to_an_unpublished_page_is_plain_text(privacy):
    _guide, withdrawn = privacy
    html = f'<p><a linktype="page" id="{withdrawn.pk}">informativa</a></p>'
    assert expand_db_html(html) == "<p><a>informativa</a></p>"
    withdrawn.specific.save_revision().publish()
    assert expand_db_html(html) == f'<p><a href="{withdrawn.url}">informativa</a></p>'


def test_a_deleted_page_linked_in_rich_text_is_plain_text(site_tree):
    page = factories.GuidePageFactory(parent=site_tree.guides)
    html = f'<a linktype="page" id="{page.pk}">x</a>'
    page.delete()
    assert expand_db_html(html) == "<a>x</a>"


def test_a_broken_link_names_both_pages_with_edit_links_that_open(privacy, editor_client):
    guide, withdrawn = privacy
    error = broken_links_error([BrokenLink(page_url=guide.url, reference=withdrawn.url)])

    assert error.page.pk == guide.pk
    message = str(error)
    assert "«Iscriversi al centro per l'impiego»" in message and "«Privacy»" in message
    titles = {problem.title: problem for problem in error.problems}
    assert set(titles) == {"Iscriversi al centro per l'impiego", "Privacy"}
    assert "non è pubblicata" in titles["Iscriversi al centro per l'impiego"].detail
    for problem in error.problems:
        response = editor_client.get(problem.edit_url)
        assert response.status_code == 200, problem
        assert problem.title in unescape(response.content.decode())


def test_a_failed_bake_shows_the_pages_to_fix_on_the_report_and_the_dashboard(privacy,
                                                                              editor_client):
    guide, withdrawn = privacy
    with pytest.raises(BrokenLinksError), recording(kind=BakeRecord.Kind.INCREMENTAL):
        raise broken_links_error([BrokenLink(page_url=guide.url, reference=withdrawn.url)])
    record = BakeRecord.objects.get()
    assert record.failed and record.failed_page_id == guide.pk
    assert len(record.problems) == 2

    for url in ("/admin/pubblicazione/", DASHBOARD):
        html = editor_client.get(url).content.decode()
        assert f'href="/admin/pages/{guide.pk}/edit/"' in html, url
        assert f'href="/admin/pages/{withdrawn.pk}/edit/"' in html, url
    assert "Il sito pubblico non è aggiornato" in editor_client.get(DASHBOARD).content.decode()


def test_the_dashboard_is_quiet_once_a_bake_succeeds_again(site_tree, editor_client):
    BakeRecord.objects.create(status=BakeRecord.Status.FAILED, error_message="x",
                              started_at=timezone.now() - timedelta(minutes=5))
    assert "Il sito pubblico non è aggiornato" in editor_client.get(DASHBOARD).content.decode()
    BakeRecord.objects.create(status=BakeRecord.Status.SUCCEEDED)
    assert "Il sito pubblico non è aggiornato" not in editor_client.get(DASHBOARD).content.decode()


def test_the_dashboard_shows_a_stuck_bake_and_a_dead_one_as_failed(site_tree, editor_client):
    import socket

    stuck = BakeRecord.objects.create(pid=os.getppid(), host=socket.gethostname(),
                                      started_at=timezone.now() - timedelta(minutes=20))
    # A bake on another machine that started longer ago than the time limit: dead.
    foreign = BakeRecord.objects.create(pid=1, host="altra-macchina",
                                        started_at=timezone.now() - timedelta(hours=2))
    html = editor_client.get(DASHBOARD).content.decode()
    assert 'data-bake-status="stuck"' in html
    assert 'data-bake-status="failed"' in html
    stuck.refresh_from_db()
    foreign.refresh_from_db()
    assert stuck.is_running
    assert foreign.failed and "altra-macchina" in foreign.error_message


def test_the_edit_view_says_whether_the_last_publish_is_online(site_tree, editor_client):
    page = factories.GuidePageFactory(parent=site_tree.guides, title="Curriculum")
    edit = f"/admin/pages/{page.pk}/edit/"
    page.save_revision().publish()
    with override_settings(TASKS=QUEUED_IN_DATABASE):
        task = bake_changes_task.enqueue(page_ids=[page.pk])
    assert "«Curriculum» è in pubblicazione" in editor_client.get(edit).content.decode()

    DBTaskResult.objects.filter(pk=task.id).update(status="SUCCESSFUL")
    record = BakeRecord.objects.create(status=BakeRecord.Status.SUCCEEDED,
                                       finished_at=timezone.now())
    assert "«Curriculum» è online" in editor_client.get(edit).content.decode()

    record.status = BakeRecord.Status.FAILED
    record.problems = [{"title": "Privacy", "edit_url": "/admin/pages/1/edit/", "detail": "x"}]
    record.save()
    html = editor_client.get(edit).content.decode()
    assert "La pubblicazione di «Curriculum» non è riuscita" in html
    assert 'href="/admin/pages/1/edit/"' in html


def test_the_publish_confirmation_does_not_say_online():
    with translation.override("it"):
        message = gettext("Page '%(page_title)s' has been published.")
    assert "in pubblicazione" in message and "pubblicata" not in message


def test_unpublishing_a_page_lists_the_pages_that_use_it(site_tree, editor_client):
    privacy = factories.GuidePageFactory(parent=site_tree.guides, title="Privacy")
    guide = factories.GuidePageFactory(
        parent=site_tree.guides, title="Come candidarsi",
        body=[("paragraph", f'<p><a linktype="page" id="{privacy.pk}">privacy</a></p>')])
    guide.save_revision().publish()  # fills Wagtail's reference index

    for url in (f"/admin/pages/{privacy.pk}/unpublish/", f"/admin/pages/{privacy.pk}/delete/"):
        html = editor_client.get(url).content.decode()
        assert "Questi contenuti la usano" in html, url
        assert f'<a href="/admin/pages/{guide.pk}/edit/">Come candidarsi</a>' in html, url


def test_deleting_a_sportello_keeps_the_place_of_its_events(site_tree):
    sportello = factories.SportelloPageFactory(parent=site_tree.sportelli,
                                               title="Sportello lavoro di Varese",
                                               address="Via Sacco 5", postcode="21100",
                                               city="Varese")
    event = factories.EventPageFactory(parent=site_tree.events, sportello=sportello, address="")
    place = event.place

    Page.objects.get(pk=sportello.pk).delete()

    event.refresh_from_db()
    assert event.sportello_id is None
    assert event.address == place == "Sportello lavoro di Varese, Via Sacco 5, 21100 Varese"
    assert event.place == place
    calendar = icalendar.Calendar.from_ical(event_calendar(event=event).to_ical())
    assert [str(item["LOCATION"]) for item in calendar.walk("VEVENT")] == [place]


def test_a_real_bake_writes_a_withdrawn_page_link_as_text_and_names_a_typed_one(
        privacy, tmp_path, settings):
    """The real bake: a chosen link to the withdrawn page costs nothing; an address typed by
    hand to it fails the bake, naming both pages."""
    from cms.publishing.services import bake_site

    guide, withdrawn = privacy
    build_dir = tmp_path / "build"
    bake_site(build_dir=build_dir, progress=False)
    baked = (build_dir / guide.url.strip("/") / "index.html").read_text(encoding="utf-8")
    assert "<a>informativa</a>" in baked
    assert not (build_dir / withdrawn.url.strip("/")).exists()

    typed = factories.GuidePageFactory(
        parent=guide.get_parent(), title="Diritti del lavoratore", slug="diritti",
        body=[("paragraph", f'<p><a href="{settings.RETE_BASE_URL}{withdrawn.url}">'
                            'informativa</a></p>')])
    with pytest.raises(BrokenLinksError):
        bake_site(build_dir=build_dir, progress=False)
    record = BakeRecord.objects.filter(status=BakeRecord.Status.FAILED).get()
    assert record.failed_page_id == typed.pk
    assert {problem["title"] for problem in record.problems} == {"Diritti del lavoratore",
                                                                 "Privacy"}


def test_a_failed_publish_names_its_editor_who_sees_it_as_theirs(site_tree, editor_client,
                                                                 tmp_path, settings):
    """A real bake of the editor's publish fails (an address typed by hand leads nowhere)."""
    from django.contrib.auth import get_user_model

    me = get_user_model().objects.get(username="redazione")
    page = factories.GuidePageFactory(
        parent=site_tree.guides, title="Tirocini",
        body=[("paragraph", f'<p><a href="{settings.RETE_BASE_URL}/guide/non-esiste/">x</a></p>')])
    page.save_revision(user=me).publish()
    settings.BUILD_DIR = str(tmp_path / "www")

    with pytest.raises(BrokenLinksError):
        bake_changes_task.call(page_ids=[page.pk])

    record = BakeRecord.objects.get()
    assert record.failed and record.triggered_by_user == me
    assert record.triggered_by == "pubblicazione"
    assert "la tua pubblicazione" in editor_client.get(DASHBOARD).content.decode()
    report = editor_client.get("/admin/pubblicazione/").content.decode()
    assert "pubblicazione (redazione)" in report
    assert f'href="/admin/pages/{page.pk}/edit/">Tirocini</a>' in report
