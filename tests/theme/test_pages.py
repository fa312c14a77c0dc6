"""What citizens rely on in each kind of page: hours, map link, status, dates, prices."""

import datetime
import io

import pytest
from PIL import Image as PILImage

from django.core.files.images import ImageFile
from django.utils import timezone

from wagtail.images.models import Image

from cms.contest.models import ContestEntry
from cms.network.models import Closure, OpeningHours
from tests import factories

pytestmark = pytest.mark.django_db


def _image(title: str) -> Image:
    data = io.BytesIO()
    PILImage.new("RGB", (40, 40), "#3366aa").save(data, "PNG")
    return Image.objects.create(title=title, file=ImageFile(data, name=f"{title}.png"))


def test_sportello_shows_hours_per_weekday_closures_and_contacts(site_tree, render):
    sportello = factories.SportelloPageFactory(
        parent=site_tree.sportelli, slug="somma", latitude="45.68170", longitude="8.70690",
        phone="0331 989 011", pec="protocollo@pec.example.it",
    )
    OpeningHours.objects.create(page=sportello, weekday=0, opens=datetime.time(9),
                                closes=datetime.time(12, 30))
    OpeningHours.objects.create(page=sportello, weekday=0, opens=datetime.time(14),
                                closes=datetime.time(16), note="su appuntamento")
    today = timezone.localdate()
    Closure.objects.create(page=sportello, start_date=today + datetime.timedelta(days=2),
                           end_date=today + datetime.timedelta(days=4), reason="Chiuso per ferie")
    Closure.objects.create(page=sportello, start_date=today - datetime.timedelta(days=9),
                           end_date=today - datetime.timedelta(days=8), reason="Chiusura passata")
    soup = render("/sportelli/somma/")
    rows = {tr.th.get_text(): tr.td.get_text(" ", strip=True)
            for tr in soup.select("table.hours tbody tr")}
    assert list(rows) == [
        "Lunedì", "Martedì", "Mercoledì", "Giovedì", "Venerdì", "Sabato", "Domenica"]
    assert rows["Lunedì"] == "09:00–12:30 14:00–16:00 (su appuntamento)"
    assert rows["Martedì"] == "Chiuso"
    text = soup.find("main").get_text(" ", strip=True)
    assert "Chiuso per ferie" in text and "Chiusura passata" not in text
    osm = soup.find("a", string="Vedi sulla mappa (OpenStreetMap)")["href"]
    assert osm.startswith("https://www.openstreetmap.org/?mlat=45.68170&mlon=8.70690")
    assert soup.find("main").find("a", href="tel:0331989011") is not None
    assert soup.find("a", href="mailto:protocollo@pec.example.it") is not None


def test_course_shows_status_dates_and_price(site_tree, render):
    factories.CoursePageFactory(parent=site_tree.courses, slug="gratis", title="Magazziniere")
    factories.CoursePageFactory(parent=site_tree.courses, slug="a-pagamento", is_free=False,
                                cost="150.00", title="Excel")
    soup = render("/corsi/gratis/")
    assert soup.select_one("main .badge").get_text() == "Iscrizioni aperte"
    assert "Gratuito" in soup.find("main").get_text()
    text = render("/corsi/a-pagamento/").find("main").get_text(" ", strip=True)
    assert "150,00 €" in text and "Gratuito" not in text
    listing = render("/corsi/").find("main").get_text(" ", strip=True)
    assert "Magazziniere" in listing and "Excel" in listing


def test_event_time_is_given_in_rome_time(site_tree, render):
    start = datetime.datetime(2030, 4, 29, 10, 0, tzinfo=datetime.UTC)  # 12:00 in Rome (CEST)
    factories.EventPageFactory(parent=site_tree.events, slug="job-day", start=start,
                               end=start + datetime.timedelta(hours=3))
    soup = render("/eventi/job-day/")
    time = soup.find("main").find("time")
    assert time["datetime"] == "2030-04-29T12:00:00+02:00"
    assert time.get_text() == "Lunedì 29 aprile 2030"
    assert "dalle 12:00 alle 15:00" in soup.find("main").get_text()


def test_contest_shows_deadline_and_only_judged_entries(site_tree, render):
    now = timezone.now()
    contest = factories.ContestPageFactory(parent=site_tree.home)
    ContestEntry.objects.create(page=contest, title="Mani che si stringono", school="Scuola Maggi",
                                class_name="3ª B", image=_image("uno"), is_winner=True)
    ContestEntry.objects.create(page=contest, title="Il ponte", school="Liceo Varese",
                                class_name="4ª A", image=_image("due"))
    soup = render("/concorso/")
    assert "Aperto" in soup.select_one("main .badge").get_text()
    assert soup.select_one(".deadline time")["datetime"].startswith(
        timezone.localtime(contest.deadline).strftime("%Y-%m-%dT%H:%M"))
    assert soup.select(".timeline li") and len(soup.select(".timeline li")) == 4
    assert soup.select(".gallery") == []  # entries stay private while the contest is open

    days_ago = lambda n: now - datetime.timedelta(days=n)  # noqa: E731
    contest.opens_at, contest.deadline, contest.jury_at, contest.award_at = (
        days_ago(30), days_ago(20), days_ago(10), days_ago(1))
    contest.save_revision().publish()
    soup = render("/concorso/")
    items = soup.select(".gallery li")
    assert len(items) == 2
    winner = soup.select_one(".gallery__item--winner")
    assert "Mani che si stringono" in winner.get_text() and "Scuola Maggi" in winner.get_text()
    assert "3ª B" in winner.get_text()
    assert winner.find("img")["alt"] == "Mani che si stringono"


def test_audience_listing_is_reached_from_the_home_and_lists_its_guides(site_tree, render):
    tag = factories.AudienceTagFactory(name="Giovani", slug="giovani")
    guide = factories.GuidePageFactory(parent=site_tree.guides, title="Il primo lavoro",
                                       slug="primo")
    guide.audiences.add(tag)
    guide.topics.add("curriculum")
    guide.save_revision().publish()
    door_block = {"title": "Sono giovane", "text": "Per te.", "audience": tag}
    site_tree.home.entry_points = [("entry_point", door_block)]
    site_tree.home.save_revision().publish()

    door = render("/").select_one(".entry-point a")
    assert door["href"] == "/guide/per-chi/giovani/"
    soup = render(door["href"])
    assert soup.find("h1").get_text() == "Giovani"
    assert soup.find("main").find("a", href="/guide/primo/") is not None
    guide_page = render("/guide/primo/")
    assert guide_page.find("a", href="/guide/per-chi/giovani/") is not None
    assert guide_page.find("a", href="/guide/argomenti/curriculum/") is not None
    assert "Ultimo aggiornamento" in guide_page.find("main").get_text()
    index = render("/guide/")
    assert index.find("a", href="/guide/argomenti/curriculum/") is not None
