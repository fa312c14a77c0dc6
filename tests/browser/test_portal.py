"""What a citizen does on the baked portal, in a real browser on a phone-sized screen."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.browser


def test_keyboard_user_can_skip_to_the_content(phone, portal_url):
    phone.goto(portal_url + "/")
    phone.keyboard.press("Tab")
    focused = phone.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Vai al contenuto"
    phone.keyboard.press("Enter")
    assert phone.url.endswith("#contenuto")
    assert phone.locator("main#contenuto").count() == 1


def test_home_fits_a_phone_and_leads_each_audience_to_its_page(phone, portal_url):
    phone.goto(portal_url + "/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    doors = phone.locator("a[href*='/guide/per-chi/']")
    assert doors.count() >= 3
    doors.first.click()
    phone.wait_for_load_state()
    assert "/guide/per-chi/" in phone.url
    assert phone.locator("main h1").count() == 1
    assert phone.locator("main a[href^='/guide/']").count() >= 1


def test_pages_load_nothing_from_other_hosts(phone, portal_url):
    requested: list[str] = []
    phone.on("request", lambda request: requested.append(request.url))
    for path in (
        "/",
        "/guide/",
        "/corsi/",
        "/eventi/",
        "/notizie/",
        "/concorso-una-rete-un-marchio/",
        "/sportelli/",
    ):
        response = phone.goto(portal_url + path)
        assert response.status == 200, path
    foreign = [url for url in requested if not url.startswith(portal_url)]
    assert foreign == []
    assert any(url.endswith(".css") for url in requested)


def test_databank_search_works_without_javascript(phone_without_js, portal_url):
    page = phone_without_js
    page.goto(portal_url + "/")
    form = page.locator("form[role='search'], form.databank-search").first
    form.locator("input[type='search'], input[type='text']").first.fill("magazziniere")
    # The databank is a partner's live site, unreachable here: the browser's request to it is
    # what we check, then we stop it.
    page.route(re.compile(r"^https://(?!127\.0\.0\.1).*"), lambda route: route.abort())
    with page.expect_request(
        lambda request: not request.url.startswith(portal_url)
    ) as request_info:
        form.locator("button[type='submit'], input[type='submit']").first.click()
    target = urlsplit(request_info.value.url)
    assert target.scheme == "https"
    assert "magazziniere" in [v for values in parse_qs(target.query).values() for v in values]


def test_faq_opens_without_javascript(phone_without_js, portal_url):
    page = phone_without_js
    page.goto(portal_url + "/concorso-una-rete-un-marchio/")
    details = page.locator("main details").first
    assert details.get_attribute("open") is None
    details.locator("summary").click()
    assert details.get_attribute("open") is not None


def test_contest_shows_its_deadline_for_schools(phone, portal_url):
    phone.goto(portal_url + "/concorso-una-rete-un-marchio/")
    text = phone.locator("main").inner_text()
    assert "29 aprile" in text
    assert "12:00" in text
    assert "Ufficio protocollo" in text


def test_school_can_put_the_contest_deadline_in_its_calendar(phone, portal_url):
    import icalendar

    phone.goto(portal_url + "/concorso-una-rete-un-marchio/")
    with phone.expect_download() as download_info:
        phone.get_by_role("link", name="Aggiungi le date al calendario (.ics)").click()
    calendar = icalendar.Calendar.from_ical(download_info.value.path().read_bytes())
    deadlines = [event for event in calendar.walk("VEVENT") if "Scadenza" in str(event["SUMMARY"])]
    assert deadlines, "no deadline event in the contest calendar"
    start = deadlines[0].decoded("DTSTART")
    assert (start.month, start.day, start.hour, start.minute) == (4, 29, 12, 0)
    assert str(start.tzinfo) == "Europe/Rome"


def test_the_news_about_the_varese_hours_agrees_with_its_sportello_page(phone, portal_url):
    phone.goto(portal_url + "/sportelli/varese/")
    open_rows = [
        row
        for row in phone.locator("table.hours tbody tr").all_inner_texts()
        if "Chiuso" not in row
    ]
    times = {time for row in open_rows for time in re.findall(r"\d{2}:\d{2}", row)}
    phone.goto(portal_url + "/notizie/sportello-varese-orari/")
    news = phone.locator("main").inner_text()
    written = {
        f"{int(hour):02d}:{minute}" for hour, minute in re.findall(r"(\d{1,2}):(\d{2})", news)
    }
    assert written == times
    assert "tutte le mattine" not in news
