"""The observatory in a real Chromium: the editor's CSV upload refused with line and column
and the form as typed, and the baked page on a 320 px phone without JavaScript (chart drawn,
tables scrolling inside their own region, no sideways scroll), with no axe violation."""

import functools
import http.server
import threading

import pytest

from django.urls import reverse

from cms.observatory.models import ObservatoryPage
from cms.publishing.services import bake_site
from tests import factories
from tests.browser import test_gates
from tests.browser.admin import PASSWORD, log_in
from tests.browser.conftest import QuietHandler

pytestmark = pytest.mark.browser
BAD_CSV = ("mese,comune,settore,assunzioni,cessazioni\n"
           "2024-01,Ispra,Servizi,12,9\n"
           "2024-02,Ispra,Servizi,12,nove\n")


@pytest.fixture(autouse=True, scope="module")
def _orm_beside_playwright():
    """As in tests/browser/test_csp.py: Playwright's loop in this thread, the ORM beside it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.mark.django_db(transaction=True)
def test_an_editor_uploading_a_broken_csv_reads_line_and_column(django_db_setup, live_server,
                                                                site_tree, django_user_model,
                                                                browser, tmp_path):
    django_user_model.objects.create_superuser("admin", "admin@example.it", PASSWORD)
    broken = tmp_path / "assunzioni.csv"
    broken.write_text(BAD_CSV, encoding="utf-8")
    context = browser.new_context(locale="it-IT", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        log_in(page, live_server.url)
        page.goto(live_server.url + reverse(
            "wagtailadmin_pages:add", args=("observatory", "observatorypage", site_tree.home.pk)))
        page.fill("#id_title", "Assunzioni a Ispra")
        page.fill("#id_source", "Fonte digitata dalla redazione")
        page.set_input_files("#id_data_file", str(broken))
        page.get_by_role("button", name="Salva bozza").click()
        page.wait_for_load_state()
        error = page.locator("[data-field-input] ~ .error-message, .error-message, "
                             "[id$='data_file-errors']").filter(has_text="Riga 3")
        assert "Riga 3, colonna 5 («cessazioni»): «nove» non è un numero intero" in (
            error.first.inner_text())
        assert page.input_value("#id_title") == "Assunzioni a Ispra"
        assert page.input_value("#id_source") == "Fonte digitata dalla redazione"
        assert not ObservatoryPage.objects.exists()
    finally:
        context.close()


@pytest.fixture
def baked_url(site_tree, tmp_path):
    """A bake with one observatory page (more comuni and sectors than a phone is wide),
    served by a plain static file server."""
    rows = ["mese,comune,settore,assunzioni,cessazioni"] + [
        f"2024-{month:02d},Sesto Calende,Attività manifatturiere e costruzioni,{100 + month},"
        f"{90 + month}" for month in range(1, 13)]
    factories.ObservatoryPageFactory(parent=site_tree.home, data="\n".join(rows) + "\n",
                                     is_example=True)
    build = tmp_path / "build"
    bake_site(build_dir=build, progress=False)
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(build)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/osservatorio/"
    server.shutdown()


@pytest.mark.django_db
def test_the_baked_page_on_a_narrow_phone_without_javascript(browser, baked_url, node_modules):
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="it-IT",
                                  java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(baked_url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        chart = page.get_by_role("img", name="Assunzioni e cessazioni per mese, gennaio 2024 – "
                                              "dicembre 2024")
        box = chart.bounding_box()
        assert box["width"] >= 500 and box["height"] > 250  # drawn, without a script, and
        chart_region = page.get_by_role("region", name="Assunzioni e cessazioni per mese, da")
        assert chart_region.evaluate("e => e.scrollWidth > e.clientWidth")  # enough to read
        assert page.locator(".chart__svg .color-0 .rect").count() == 12
        for name in ("Assunzioni", "Cessazioni"):  # the legend, on screen without scrolling
            key = page.locator(".chart__legend li", has_text=name).bounding_box()
            assert key and 0 <= key["x"] and key["x"] + key["width"] <= 320
        colours = page.locator(".chart__legend .chart__key").evaluate_all(
            "keys => keys.map(k => getComputedStyle(k).backgroundColor)")
        bars = [page.locator(f".chart__svg .color-{n} .rect").first.evaluate(
            "e => getComputedStyle(e).fill") for n in (0, 1)]
        assert colours == bars and colours[0] != colours[1]  # each key is its series' colour
        bar = page.locator(".chart__svg .color-0 .rect").first
        assert bar.evaluate("e => getComputedStyle(e).fill") != "rgb(0, 0, 0)"  # the theme's
        region = page.get_by_role("region", name="Assunzioni e cessazioni per mese, comune e "
                                                 "settore")
        assert region.evaluate("e => e.scrollWidth > e.clientWidth")  # scrolls by itself
        region.focus()
        assert region.evaluate("e => e === document.activeElement")  # and by keyboard
    finally:
        context.close()
    # axe is injected as a script of the test's own, which the site's CSP would refuse.
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="it-IT",
                                  bypass_csp=True)
    page = context.new_page()
    try:
        page.goto(baked_url)
        assert test_gates.run_axe(page, node_modules / "axe-core" / "axe.min.js") == []
    finally:
        context.close()
