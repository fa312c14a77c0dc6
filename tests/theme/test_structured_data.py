"""JSON-LD and link previews as search engines and chat apps read them from a page."""

import datetime
import json

import pytest

from django.conf import settings
from django.utils import timezone

from cms.core.models import IdentitySettings
from cms.network.models import Closure, OpeningHours
from tests import factories

pytestmark = pytest.mark.django_db
BASE = settings.RETE_BASE_URL


def json_ld(soup) -> dict[str, dict]:
    """Every JSON-LD block of the page, parsed, by its @type."""
    blocks = [json.loads(script.string)
              for script in soup.find_all("script", type="application/ld+json")]
    assert all(block["@context"] == "https://schema.org" for block in blocks)
    return {block["@type"]: block for block in blocks}


def test_event_says_when_where_how_and_who(site_tree, render):
    sportello = factories.SportelloPageFactory(parent=site_tree.sportelli, slug="ispra",
                                               title="Sportello di Ispra", address="Via Milite 1",
                                               postcode="21027", city="Ispra")
    start = timezone.make_aware(datetime.datetime(2031, 3, 4, 9, 30))
    event = factories.EventPageFactory(parent=site_tree.events, slug="job-day", title="Job day",
                                       sportello=sportello, organiser="Comune di Ispra",
                                       start=start, end=start + datetime.timedelta(hours=3))

    data = json_ld(render(event.url))

    assert set(data) == {"Event", "BreadcrumbList"}
    expected = {
        "name": "Job day", "url": f"{BASE}/eventi/job-day/",
        "startDate": "2031-03-04T09:30:00+01:00", "endDate": "2031-03-04T12:30:00+01:00",
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "organizer": {"@type": "Organization", "name": "Comune di Ispra"},
    }
    assert {key: data["Event"].get(key) for key in expected} == expected
    assert data["Event"]["location"] == {
        "@type": "Place", "name": "Sportello di Ispra", "url": f"{BASE}/sportelli/ispra/",
        "address": {"@type": "PostalAddress", "streetAddress": "Via Milite 1",
                    "postalCode": "21027", "addressLocality": "Ispra", "addressCountry": "IT"}}
    crumbs = data["BreadcrumbList"]["itemListElement"]
    assert [(item["position"], item["name"], item["item"]) for item in crumbs] == [
        (1, site_tree.home.title, f"{BASE}/"), (2, "Eventi", f"{BASE}/eventi/"),
        (3, "Job day", f"{BASE}/eventi/job-day/")]


def test_course_names_its_provider_and_its_edition(site_tree, render):
    partner = factories.PartnerFactory(name="CFP Somma", website="https://cfp.example.it/")
    course = factories.CoursePageFactory(parent=site_tree.courses, provider=partner,
                                         slug="magazzino", title="Operatore di magazzino")

    data = json_ld(render(course.url))["Course"]

    assert data["name"] == "Operatore di magazzino"
    assert data["description"]
    assert data["provider"] == {"@type": "Organization", "name": "CFP Somma",
                                "sameAs": "https://cfp.example.it/"}
    [instance] = data["hasCourseInstance"]
    assert instance["@type"] == "CourseInstance"
    assert instance["courseMode"] == "onsite"
    assert instance["startDate"] == course.start_date.isoformat()
    assert instance["courseWorkload"] == f"PT{course.hours}H"
    assert data["offers"][0]["priceCurrency"] == "EUR"


def test_sportello_is_a_government_office_with_hours_and_coming_closures(site_tree, render):
    sportello = factories.SportelloPageFactory(parent=site_tree.sportelli, slug="somma",
                                               latitude="45.68170", longitude="8.70690")
    OpeningHours.objects.create(page=sportello, weekday=2, opens=datetime.time(14),
                                closes=datetime.time(17, 30))
    today = timezone.localdate()
    Closure.objects.create(page=sportello, start_date=today + datetime.timedelta(days=2),
                           end_date=today + datetime.timedelta(days=4), reason="Chiuso per ferie")
    Closure.objects.create(page=sportello, start_date=today - datetime.timedelta(days=9),
                           end_date=today - datetime.timedelta(days=8), reason="Passata")
    saturday = today + datetime.timedelta(days=6)
    Closure.objects.create(page=sportello, start_date=saturday, end_date=saturday,
                           reason="Apertura straordinaria per il Job Day",
                           opens=datetime.time(9), closes=datetime.time(12, 30))

    page = render(sportello.url)
    data = json_ld(page)["GovernmentOffice"]

    assert data["address"]["postalCode"] == sportello.postcode
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 45.6817, "longitude": 8.7069}
    assert data["openingHoursSpecification"] == [{
        "@type": "OpeningHoursSpecification", "dayOfWeek": "https://schema.org/Wednesday",
        "opens": "14:00", "closes": "17:30"}]
    assert data["specialOpeningHoursSpecification"] == [{
        "@type": "OpeningHoursSpecification", "name": "Chiuso per ferie",
        "validFrom": (today + datetime.timedelta(days=2)).isoformat(),
        "validThrough": (today + datetime.timedelta(days=4)).isoformat(),
        "opens": "00:00", "closes": "00:00"}, {
        "@type": "OpeningHoursSpecification", "name": "Apertura straordinaria per il Job Day",
        "validFrom": saturday.isoformat(), "validThrough": saturday.isoformat(),
        "opens": "09:00", "closes": "12:30"}]
    # The page says the same to the citizen.
    assert "Apertura straordinaria per il Job Day (aperto dalle 09:00 alle 12:30)" in " ".join(
        page.get_text().split())


def test_home_page_describes_the_network_and_the_site(site_tree, render):
    IdentitySettings.objects.create(site=site_tree.home.get_site(), network_name="Le città",
                                    fiscal_code="00000000000", vat_number="00000000000",
                                    responsible_body="Comune di Somma Lombardo")
    data = json_ld(render("/"))

    assert set(data) == {"Organization", "WebSite"}  # no breadcrumb on the home page
    assert data["Organization"]["name"] == "Le città"
    assert data["Organization"]["taxID"] == "00000000000"
    assert data["Organization"]["parentOrganization"]["name"] == "Comune di Somma Lombardo"
    assert data["Organization"]["logo"] == f"{BASE}/icons/icon-512.png"
    assert data["WebSite"]["url"] == f"{BASE}/"
    assert data["WebSite"]["publisher"] == {"@id": data["Organization"]["@id"]}


def test_text_typed_by_editors_cannot_close_the_script(site_tree, client):
    event = factories.EventPageFactory(parent=site_tree.events, slug="x",
                                       organiser="</script><script>alert(1)</script>")
    html = client.get(event.url, HTTP_HOST="localhost").content.decode()
    assert "</script><script>alert(1)" not in html
    assert "\\u003C/script\\u003E" in html


def test_previews_show_the_page_title_description_and_an_image(site_tree, render):
    guide = factories.GuidePageFactory(parent=site_tree.guides, slug="cv", title="Il curriculum",
                                       intro="Come scriverlo.")
    soup = render(guide.url)

    def meta(key):
        tag = soup.find("meta", property=key) or soup.find("meta", attrs={"name": key})
        return tag["content"]

    assert meta("og:title") == "Il curriculum"
    assert meta("og:description") == "Come scriverlo."
    assert meta("og:url") == f"{BASE}/guide/cv/"
    assert meta("og:image") == f"{BASE}/icons/anteprima.png"  # the default
    assert (meta("og:image:width"), meta("og:image:height")) == ("1200", "630")
    assert meta("twitter:card") == "summary_large_image"
    assert meta("og:locale") == "it_IT"
