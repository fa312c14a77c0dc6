"""The bake report: every bake leaves a record, and the admin shows editors what went online."""

from dataclasses import dataclass
from datetime import timedelta

import pytest

from django.contrib.auth.models import Group, Permission
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from cms.publishing.exceptions import BakeError, PageRenderError
from cms.publishing.models import BakeRecord
from cms.publishing.records import recorded, recording

from .conftest import site_dir

REPORT_URL = "/admin/pubblicazione/"
START_URL = "/admin/pubblicazione/avvia/"


@dataclass(frozen=True)
class FakeReport:
    pages: int
    files: int


@pytest.fixture
def admin_only_user(django_user_model):
    """An editor who may enter the admin but publish nothing (e.g. a proof-reader)."""
    user = django_user_model.objects.create_user("correttore", "c@example.it", "x-pass-123")
    group = Group.objects.create(name="Solo accesso")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    return user


def test_the_admin_urls_are_the_ones_the_tests_use():
    assert reverse("publishing_admin:report") == REPORT_URL
    assert reverse("publishing_admin:start") == START_URL


@pytest.mark.django_db
def test_recording_marks_a_success_with_counts_and_duration():
    with recording(kind=BakeRecord.Kind.SCHEDULED, triggered_by="cron") as run:
        assert BakeRecord.objects.get().status == BakeRecord.Status.RUNNING
        run.accept(FakeReport(pages=12, files=40))

    record = BakeRecord.objects.get()
    assert record.status == BakeRecord.Status.SUCCEEDED
    assert record.kind == BakeRecord.Kind.SCHEDULED
    assert (record.pages, record.files) == (12, 40)
    assert record.triggered_by == "cron"
    assert record.duration is not None and record.finished_at >= record.started_at
    assert record.error_message == ""


def test_recording_marks_a_failure_with_the_message_and_the_failing_page(site_tree,
                                                                          django_user_model):
    user = django_user_model.objects.create_user("giulia", "g@example.it", "x")
    error = PageRenderError("La pagina «Guide» non si genera (errore 500).")
    # Structured attributes, not parsed from the message.
    error.page = site_tree.guides
    error.url = "/guide/"

    with pytest.raises(PageRenderError) as raised:
        with recording(kind=BakeRecord.Kind.INCREMENTAL, triggered_by=user):
            raise error
    assert raised.value is error  # re-raised unchanged

    record = BakeRecord.objects.get()
    assert record.status == BakeRecord.Status.FAILED
    assert record.error_message == "La pagina «Guide» non si genera (errore 500)."
    assert record.failed_page_id == site_tree.guides.pk
    assert record.failed_page_title == site_tree.guides.title
    assert record.failed_page_url == "/guide/"
    assert record.triggered_by_user == user and record.triggered_by == "giulia"
    assert record.duration is not None


@pytest.mark.django_db
def test_an_unexpected_error_is_recorded_in_italian_and_re_raised():
    with pytest.raises(KeyError):
        with recording(kind=BakeRecord.Kind.FULL):
            {}["pagina"]
    record = BakeRecord.objects.get()
    assert record.status == BakeRecord.Status.FAILED
    assert "Errore imprevisto" in record.error_message
    assert "KeyError" in record.error_message


@pytest.mark.django_db
def test_a_recorded_bake_inside_a_recording_makes_one_record_described_by_the_caller():
    @recorded(kind=BakeRecord.Kind.FULL)
    def fake_bake():
        return FakeReport(pages=3, files=9)

    with recording(kind=BakeRecord.Kind.SCHEDULED, triggered_by="cron"):
        assert fake_bake() == FakeReport(pages=3, files=9)

    record = BakeRecord.objects.get()
    assert (record.kind, record.triggered_by) == (BakeRecord.Kind.SCHEDULED, "cron")
    assert (record.status, record.pages, record.files) == (BakeRecord.Status.SUCCEEDED, 3, 9)

    fake_bake()  # alone, it records itself
    assert BakeRecord.objects.count() == 2


def test_the_report_lists_a_failure_with_its_page_and_error_and_a_success_with_its_duration(
        site_tree, editor_client):
    now = timezone.now()
    BakeRecord.objects.create(
        kind=BakeRecord.Kind.FULL, status=BakeRecord.Status.SUCCEEDED,
        started_at=now - timedelta(hours=2), finished_at=now - timedelta(hours=2),
        duration=timedelta(seconds=12.3), pages=57, files=311, triggered_by="cron",
    )
    BakeRecord.objects.create(
        kind=BakeRecord.Kind.INCREMENTAL, status=BakeRecord.Status.FAILED,
        started_at=now - timedelta(minutes=5), finished_at=now - timedelta(minutes=5),
        duration=timedelta(seconds=2), triggered_by="pubblicazione",
        error_message="La pagina «Guide» non si genera: MARCATORE-ERRORE-4d1c",
        failed_page=site_tree.guides, failed_page_title="Guide", failed_page_url="/guide/",
    )

    response = editor_client.get(REPORT_URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "MARCATORE-ERRORE-4d1c" in html
    assert "Non riuscita" in html and "Riuscita" in html
    edit_url = reverse("wagtailadmin_pages:edit", args=[site_tree.guides.pk])
    assert f'href="{edit_url}"' in html
    assert "/guide/" in html
    assert "12,3 s" in html and "311" in html
    # Newest first: the failure of five minutes ago before the success of two hours ago.
    assert html.index("MARCATORE-ERRORE-4d1c") < html.index("12,3 s")


@pytest.mark.django_db
def test_the_menu_leads_to_the_report(editor_client):
    response = editor_client.get(reverse("wagtailadmin_home"))
    assert REPORT_URL in response.content.decode()


@pytest.mark.django_db
def test_the_report_shows_at_most_the_last_fifty_bakes(editor_client):
    BakeRecord.objects.bulk_create(
        BakeRecord(status=BakeRecord.Status.SUCCEEDED, triggered_by=f"utente-{n:03d}",
                   started_at=timezone.now() - timedelta(minutes=n))
        for n in range(55)
    )
    html = editor_client.get(REPORT_URL).content.decode()
    assert "utente-049" in html and "utente-050" not in html


@pytest.mark.django_db
def test_someone_who_cannot_publish_sees_no_button_and_cannot_start_a_bake(admin_only_user):
    client = Client()
    client.force_login(admin_only_user)

    report = client.get(REPORT_URL)
    assert report.status_code == 200
    assert START_URL not in report.content.decode()

    with override_settings(RETE_BAKE_IN_BACKGROUND=False):
        response = client.post(START_URL)
    # Wagtail's admin answers a PermissionDenied by sending the user to the dashboard.
    assert response.status_code == 403 or (
        response.status_code == 302 and response.url == reverse("wagtailadmin_home"))
    assert not BakeRecord.objects.exists()


@pytest.mark.django_db
def test_the_start_button_needs_a_post_with_the_csrf_token(django_user_model):
    user = django_user_model.objects.create_superuser("capo", "capo@example.it", "x")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.get(START_URL).status_code == 405
    assert client.post(START_URL).status_code == 403
    assert not BakeRecord.objects.exists()


def test_a_publisher_starts_a_full_bake_and_sees_it_in_the_report(site_tree, editor_client,
                                                                  tmp_path):
    html = editor_client.get(REPORT_URL).content.decode()
    assert "Avvia una pubblicazione completa" in html and START_URL in html

    with override_settings(RETE_BAKE_IN_BACKGROUND=False, BUILD_DIR=str(tmp_path / "www")):
        response = editor_client.post(START_URL, follow=True)

    assert response.redirect_chain == [(REPORT_URL, 302)]
    assert "Pubblicazione avviata" in response.content.decode()
    record = BakeRecord.objects.get()
    assert record.kind == BakeRecord.Kind.FULL
    assert record.status == BakeRecord.Status.SUCCEEDED, record.error_message
    assert record.triggered_by == "redazione"
    assert record.pages > 0 and record.files > 0
    assert (site_dir(tmp_path / "www") / "index.html").exists()


def test_a_holder_of_the_start_bake_permission_may_start_one(site_tree, admin_only_user,
                                                             tmp_path):
    admin_only_user.groups.first().permissions.add(Permission.objects.get(codename="start_bake"))
    client = Client()
    client.force_login(admin_only_user)

    with override_settings(RETE_BAKE_IN_BACKGROUND=False, BUILD_DIR=str(tmp_path / "www")):
        response = client.post(START_URL)

    assert response.status_code == 302
    assert BakeRecord.objects.get().triggered_by == "correttore"


def test_a_bake_that_fails_from_the_admin_is_recorded_with_its_reason(site_tree, editor_client,
                                                                      tmp_path):
    foreign = site_dir(tmp_path / "www")  # the site's folder holds something else
    foreign.mkdir(parents=True)
    (foreign / "appunti.txt").write_text("da non perdere")

    with override_settings(RETE_BAKE_IN_BACKGROUND=False, BUILD_DIR=str(foreign.parent)):
        response = editor_client.post(START_URL, follow=True)

    record = BakeRecord.objects.get()
    assert record.status == BakeRecord.Status.FAILED
    assert "non contiene un sito generato" in record.error_message
    html = response.content.decode()
    assert "Pubblicazione non riuscita" in html
    assert "non contiene un sito generato" in html
    assert (foreign / "appunti.txt").exists()


def test_bake_errors_stay_bake_errors():
    # The admin relies on this: a BakeError is an editor's problem, anything else a bug.
    assert issubclass(PageRenderError, BakeError)
