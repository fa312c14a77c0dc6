"""The editor is told, in a real Chromium on the real admin: what a withdrawal touches, that a
publish is on its way rather than online, and which pages to fix when a bake failed."""

import pytest

from django.urls import reverse

from cms.publishing.exceptions import BrokenLinksError
from cms.publishing.links import BrokenLink
from cms.publishing.models import BakeRecord
from cms.publishing.problems import broken_links_error
from cms.publishing.records import recording
from tests import factories
from tests.browser.admin import PASSWORD, log_in

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True, scope="module")
def _orm_beside_playwright():
    """Playwright's sync API keeps an event loop in this thread; the ORM calls of the set-up
    are plain synchronous code all the same (as in test_csp.py)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.mark.django_db(transaction=True)
def test_an_editor_sees_what_uses_a_page_and_where_a_failed_bake_needs_fixing(
        django_db_setup, live_server, site_tree, django_user_model, browser):
    privacy = factories.GuidePageFactory(parent=site_tree.guides, title="Privacy",
                                         slug="privacy")
    guide = factories.GuidePageFactory(
        parent=site_tree.guides, title="Come candidarsi", slug="candidarsi",
        body=[("paragraph", f'<p><a linktype="page" id="{privacy.pk}">informativa</a></p>')])
    guide.save_revision().publish()  # Wagtail's reference index now knows the link
    django_user_model.objects.create_superuser("admin", "admin@example.it", PASSWORD)

    context = browser.new_context(locale="it-IT", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        log_in(page, live_server.url)

        # Unpublishing the privacy page: the confirmation names the guide that links to it.
        page.goto(live_server.url + reverse("wagtailadmin_pages:unpublish", args=[privacy.pk]))
        referrers = page.locator("[data-referrers]")
        assert "Questi contenuti la usano" in referrers.inner_text()
        referrers.get_by_role("link", name="Come candidarsi").click()
        page.wait_for_url(f"**/admin/pages/{guide.pk}/edit/")

        # Publishing the guide: "in pubblicazione", not "pubblicata".
        page.locator("[data-w-dropdown-target='toggle']").last.click()
        page.locator("button[name='action-publish']").click()
        message = page.locator(".messages").inner_text()
        assert "Come candidarsi» in pubblicazione" in message, message

        # A bake that failed on a link to the withdrawn page: the dashboard names both
        # pages, and their links open the editor.
        privacy.unpublish()
        with pytest.raises(BrokenLinksError), recording(kind=BakeRecord.Kind.INCREMENTAL):
            raise broken_links_error([BrokenLink(page_url=guide.url, reference=privacy.url)])
        page.goto(live_server.url + reverse("wagtailadmin_home"))
        panel = page.locator("[data-bake-alerts]")
        assert "Il sito pubblico non è aggiornato" in panel.inner_text()
        panel.get_by_role("link", name="Privacy").click()
        page.wait_for_url(f"**/admin/pages/{privacy.pk}/edit/")
        assert page.locator("#page-edit-form").count() == 1

        # The guide's own edit view says its publish did not go online.
        page.goto(live_server.url + reverse("wagtailadmin_pages:edit", args=[guide.pk]))
        message = page.locator(".messages").inner_text()
        assert "La pubblicazione di «Come candidarsi» non è riuscita" in message, message
    finally:
        context.close()
