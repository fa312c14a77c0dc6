"""Content-Security-Policy in a real Chromium: nothing the admin or the baked site needs is blocked.

Every violation is recorded in the page (the `securitypolicyviolation` event) and the
browser's console is read too; both must stay empty while the pages do their work.
"""

import shutil

import pytest

from django.urls import reverse

from tests import factories
from tests.browser.admin import PASSWORD, log_in

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__csp.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture(autouse=True, scope="module")
def _orm_beside_playwright():
    """Playwright's sync API keeps an event loop in this thread; the test database's set-up
    and the ORM calls of the test set-up are plain synchronous code all the same."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


def watched_page(browser):
    context = browser.new_context(locale="it-IT", viewport={"width": 1280, "height": 900})
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text)
            if message.type == "error" else None)
    return context, page, console


def violations(page, console) -> list[str]:
    recorded = page.evaluate("window.__csp")
    return recorded + [text for text in console if "Content Security Policy" in text]


def test_baked_pages_and_search_work_under_their_policy(browser, portal_url):
    context, page, console = watched_page(browser)
    try:
        for path in ("/", "/sportelli/ispra/", "/guide/scrivere-il-curriculum/",
                     "/osservatorio-lavoro/"):  # its chart: an SVG of pygal's, inline
            page.goto(portal_url + path)
            policy = page.locator('meta[http-equiv="Content-Security-Policy"]')
            assert "script-src 'self'" in policy.get_attribute("content")
        page.goto(portal_url + "/cerca/?q=curriculum")
        page.wait_for_selector(".pagefind-ui__result", timeout=15000)
        assert page.locator(".pagefind-ui__result").count() > 0
        assert violations(page, console) == []
    finally:
        context.close()


def test_an_injected_inline_script_does_not_run_on_the_baked_site(browser, portal_url,
                                                                  demo_build):
    """The policy is not decorative: an inline script in a baked page is refused."""
    injected = demo_build / "iniettata"
    injected.mkdir(exist_ok=True)
    home = (demo_build / "index.html").read_text(encoding="utf-8")
    (injected / "index.html").write_text(
        home.replace("</main>", "<script>document.title = 'eseguito';</script></main>"),
        encoding="utf-8")
    context, page, console = watched_page(browser)
    try:
        page.goto(portal_url + "/iniettata/")
        assert page.title() != "eseguito"
        assert any("script-src" in violation for violation in violations(page, console))
    finally:
        context.close()
        shutil.rmtree(injected)  # the bake is shared with the other tests of the session


@pytest.mark.django_db(transaction=True)
def test_admin_login_and_page_editor_load_without_violations(django_db_setup, live_server,
                                                             site_tree, django_user_model,
                                                             browser):
    """The test database is set up before the browser starts (first argument)."""
    # A sportello: its opening hours are an InlinePanel, which runs Wagtail's inline scripts.
    sportello = factories.SportelloPageFactory(parent=site_tree.sportelli, title="Sportello")
    django_user_model.objects.create_superuser("admin", "admin@example.it", PASSWORD)

    context, page, console = watched_page(browser)
    try:
        response = log_in(page, live_server.url)
        assert "default-src 'self'" in response.headers["content-security-policy"]

        page.goto(live_server.url + reverse("wagtailadmin_pages:edit", args=(sportello.pk,)))
        page.wait_for_selector("#page-edit-form")
        page.wait_for_selector(".Draftail-Editor", timeout=15000)  # the rich text editor ran
        page.get_by_role("button", name="Anteprima").first.click()
        preview = page.frame_locator("iframe#w-preview-iframe")
        preview.locator("main#contenuto").wait_for(timeout=15000)  # the page, with the theme
        assert violations(page, console) == []
    finally:
        context.close()
