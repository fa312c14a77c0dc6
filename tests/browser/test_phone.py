"""Every baked page on a 320 px phone, the folded menu, and a page on paper."""

import re

import pytest

from .conftest import baked_pages

pytestmark = pytest.mark.browser


@pytest.fixture
def narrow_phone(browser):
    """The narrowest screen WCAG 1.4.10 asks for: 320 CSS pixels."""
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="it-IT")
    yield context.new_page()
    context.close()


def test_no_page_scrolls_sideways_at_320_px(narrow_phone, demo_build, portal_url):
    paths = baked_pages(demo_build)
    assert len(paths) > 40
    assert "/sportelli/gavirate/" in paths  # its opening hours carry a note, which must wrap
    too_wide = {}
    for path in paths:
        narrow_phone.goto(portal_url + path)
        width = narrow_phone.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            too_wide[path] = width
    assert too_wide == {}


def test_menu_folds_behind_a_button_that_works_without_javascript(phone_without_js, portal_url):
    page = phone_without_js
    page.goto(portal_url + "/")
    header = page.locator("header.site-header").bounding_box()
    assert header["height"] <= 140  # brand, search and the menu button, not the whole menu
    nav = page.get_by_role("navigation", name="Menu principale")
    assert not nav.is_visible()
    page.get_by_text("Menu", exact=True).click()
    assert nav.is_visible()
    nav.get_by_role("link", name="Corsi").click()
    page.wait_for_load_state()
    assert page.url.endswith("/corsi/")


def test_on_a_wide_screen_the_menu_is_open(browser, portal_url):
    context = browser.new_context(viewport={"width": 1280, "height": 800},
                                  java_script_enabled=False)
    page = context.new_page()
    page.goto(portal_url + "/corsi/")
    nav = page.get_by_role("navigation", name="Menu principale")
    assert nav.get_by_role("link", name="Guide").is_visible()
    assert not page.locator(".site-menu summary").is_visible()
    assert nav.locator("[aria-current='page']").inner_text() == "Corsi"
    context.close()


def test_job_offer_search_is_in_the_first_screen_of_the_home_page(phone, portal_url):
    phone.goto(portal_url + "/")
    box = phone.get_by_role("heading", name="Offerte di lavoro").bounding_box()
    assert box["y"] < 780


def test_a_short_guide_prints_black_on_white_on_one_a4_page(browser, portal_url):
    context = browser.new_context(locale="it-IT")
    page = context.new_page()
    page.goto(portal_url + "/guide/primo-colloquio/")
    page.emulate_media(media="print")
    assert not page.get_by_role("navigation", name="Menu principale").is_visible()
    assert not page.locator(".breadcrumbs").is_visible()
    title = page.locator(".site-footer__title").first
    assert title.evaluate("e => getComputedStyle(e).color") == "rgb(0, 0, 0)"
    assert title.evaluate("e => getComputedStyle(e.closest('footer')).backgroundColor") in (
        "rgba(0, 0, 0, 0)", "rgb(255, 255, 255)")
    link = page.locator("main a[href^='/']").first
    href = link.get_attribute("href")
    assert href in link.evaluate("e => getComputedStyle(e, '::after').content")
    assert page.locator(".faq__answer").first.is_visible()  # answers print, though folded
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    context.close()
