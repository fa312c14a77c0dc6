"""Factories for every page type and snippet, with the fields each one requires.

Dates default to "alive" values relative to now, so a page made here renders like
the demo content does on any day.
"""

import datetime

import factory
import wagtail_factories

from django.utils import timezone

from cms.contest.models import ContestPage
from cms.core.models import (
    AccessibilityStatementPage,
    AudienceTag,
    SiteMapPage,
    StandardPage,
)
from cms.courses.models import CourseIndexPage, CoursePage
from cms.events.models import EventIndexPage, EventPage
from cms.guides.models import GuideIndexPage, GuidePage
from cms.home.models import HomePage
from cms.network.models import (
    ContactsPage,
    Partner,
    Service,
    SportelloIndexPage,
    SportelloPage,
)
from cms.news.models import NewsIndexPage, NewsPage


def _today() -> datetime.date:
    return timezone.localdate()


def _now() -> datetime.datetime:
    return timezone.now().replace(microsecond=0)


class AudienceTagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AudienceTag
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Pubblico {n}")
    slug = factory.Sequence(lambda n: f"pubblico-{n}")


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Centro di formazione {n}")
    slug = factory.Sequence(lambda n: f"partner-{n}")
    kind = "training"


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Servizio {n}")
    slug = factory.Sequence(lambda n: f"servizio-{n}")


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "Le città del lavoro"
    hero_title = "Il lavoro, vicino a te"
    hero_text = "<p>Una rete di sportelli lavoro.</p>"


class StandardPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = StandardPage

    title = factory.Sequence(lambda n: f"Pagina {n}")


class SiteMapPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = SiteMapPage

    title = "Mappa del sito"
    slug = "mappa-del-sito"


class AccessibilityStatementPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = AccessibilityStatementPage

    title = "Dichiarazione di accessibilità"
    slug = "accessibilita"


class ContactsPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ContactsPage

    title = "Contatti"
    slug = "contatti"


class GuideIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = GuideIndexPage

    title = "Guide"
    slug = "guide"


class GuidePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = GuidePage

    title = factory.Sequence(lambda n: f"Guida {n}")
    intro = "Che cosa fare, passo per passo."
    body = factory.LazyFunction(lambda: [("paragraph", "<p>Testo della guida.</p>")])


class CourseIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CourseIndexPage

    title = "Corsi"
    slug = "corsi"


class CoursePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CoursePage

    title = factory.Sequence(lambda n: f"Corso {n}")
    provider = factory.SubFactory(PartnerFactory)
    place = "Via Roma 1, 21019 Somma Lombardo"
    start_date = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=30))
    end_date = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=60))
    enrolment_deadline = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=20))
    schedule = "lunedì e mercoledì, 18:00–21:00"
    hours = 40
    is_free = True
    how_to_enrol = "<p>Scrivi allo sportello.</p>"


class EventIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = EventIndexPage

    title = "Eventi"
    slug = "eventi"


class EventPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = EventPage

    title = factory.Sequence(lambda n: f"Evento {n}")
    start = factory.LazyFunction(lambda: _now() + datetime.timedelta(days=10))
    end = factory.LazyFunction(lambda: _now() + datetime.timedelta(days=10, hours=2))
    address = "Piazza Vittorio Veneto 2, 21019 Somma Lombardo"
    organiser = "Sportello lavoro di Somma Lombardo"


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsIndexPage

    title = "Notizie"
    slug = "notizie"


class NewsPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsPage

    title = factory.Sequence(lambda n: f"Notizia {n}")
    body = factory.LazyFunction(lambda: [("paragraph", "<p>Testo della notizia.</p>")])


class ContestPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ContestPage

    title = "Una rete, un marchio"
    slug = "concorso"
    eligibility = "<p>Studenti delle scuole secondarie.</p>"
    rules = "<p>Un logo per la rete.</p>"
    how_to_enter = "<p>Consegna l'elaborato in busta chiusa.</p>"
    delivery_office = "Ufficio protocollo del Comune di Somma Lombardo"
    delivery_address = "Piazza Vittorio Veneto 2, 21019 Somma Lombardo"
    delivery_hours = "lunedì–venerdì 9:00–12:30"
    opens_at = factory.LazyFunction(lambda: _now() - datetime.timedelta(days=10))
    deadline = factory.LazyFunction(lambda: _now() + datetime.timedelta(days=30))
    jury_at = factory.LazyFunction(lambda: _now() + datetime.timedelta(days=40))
    award_at = factory.LazyFunction(lambda: _now() + datetime.timedelta(days=50))


class SportelloIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = SportelloIndexPage

    title = "Sportelli"
    slug = "sportelli"


class SportelloPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = SportelloPage

    title = factory.Sequence(lambda n: f"Sportello lavoro {n}")
    comune = "Somma Lombardo"
    address = "Piazza Vittorio Veneto 2"
    postcode = "21019"
    city = "Somma Lombardo"
