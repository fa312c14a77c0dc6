"""The network: its partners, the services offered, each comune's sportello lavoro.

A sportello is a page (citizens land on it from search and need an address they can
share); partners and services are snippets, since they are referenced, not read.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from cms.core.models import BasePage, ServicePage
from cms.core.site_settings import in_current_site
from cms.core.visibility import PublicPageManager, PublicPageQuerySet

from .databank import parse_databank_template

WEEKDAYS = [
    (0, _("lunedì")), (1, _("martedì")), (2, _("mercoledì")), (3, _("giovedì")),
    (4, _("venerdì")), (5, _("sabato")), (6, _("domenica")),
]


class Partner(index.Indexed, models.Model):
    """A body of the network: training centre, region, province, an existing service."""

    KINDS = [
        ("training", _("Centro di formazione")),
        ("region", _("Regione")),
        ("province", _("Provincia")),
        ("comune", _("Comune o unione di comuni")),
        ("service", _("Servizio per il lavoro")),
        ("other", _("Altro")),
    ]
    name = models.CharField(_("nome"), max_length=160)
    slug = models.SlugField(
        _("codice"),
        unique=True,
        help_text=_("Breve e senza spazi, usato negli indirizzi e nella banca dati."),
    )
    kind = models.CharField(_("tipo"), max_length=20, choices=KINDS, default="other")
    description = models.TextField(_("descrizione"), blank=True)
    website = models.URLField(_("sito web"), blank=True)
    databank_url = models.URLField(
        _("banca dati del partner"),
        blank=True,
        help_text=_("L'indirizzo della banca dati propria del partner, se ne ha una."),
    )
    databank_code = models.CharField(
        _("codice nella banca dati"),
        max_length=60,
        blank=True,
        help_text=_(
            "Il valore che la ricerca della banca dati usa per filtrare su questo partner."
        ),
    )
    sort_order = models.PositiveIntegerField(_("ordine"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("description"),
        FieldPanel("website"),
        FieldPanel("databank_url"),
        FieldPanel("databank_code"),
        FieldPanel("sort_order"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partner")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    """A service a sportello offers (orientamento, aiuto al curriculum, preselezione…)."""

    name = models.CharField(_("nome"), max_length=120)
    slug = models.SlugField(_("codice"), unique=True)
    description = models.CharField(_("descrizione"), max_length=255, blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta:
        verbose_name = _("servizio")
        verbose_name_plural = _("servizi")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


register_snippet(Partner)
register_snippet(Service)


class SportelloIndexPage(BasePage):
    """All sportelli of the network and its partners, on one page."""

    template = "pages/sportello_index_page.html"
    parent_page_types = ["core.HomePage"]
    subpage_types = ["network.SportelloPage"]
    max_count_per_parent = 1

    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("elenco degli sportelli")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sportelli"] = SportelloPage.objects.listed().of_site(self)
        context["partners"] = network_partners(self.get_site())
        return context


class SportelloQuerySet(PublicPageQuerySet):
    """Reads of the sportelli for the contacts page, their index and the home page.

    A method of the queryset rather than a function in a `selectors` module, which the
    pages listing the sportelli could not import without an import loop.
    """

    def listed(self) -> "SportelloQuerySet":
        """Live, public sportelli with their hours and services, in the order of the page tree."""
        return (in_current_site(self.live().public()).order_by("path")
                .prefetch_related("opening_hours", "closures", "services"))

    def of_site(self, page: Page) -> "SportelloQuerySet":
        """Only those of the site `page` is in: one CMS holds several networks."""
        site = page.get_site()
        return self.descendant_of(site.root_page) if site else self


class SportelloPage(BasePage):
    """A comune's sportello lavoro: where it is, when it is open, what it offers."""

    template = "pages/sportello_page.html"
    parent_page_types = ["network.SportelloIndexPage"]
    subpage_types: list[str] = []

    objects = PublicPageManager.from_queryset(SportelloQuerySet)()

    comune = models.CharField(
        _("comune"),
        max_length=120,
        help_text=_("Il comune o l'unione di comuni che ospita lo sportello."),
    )
    comune_url = models.URLField(_("sito del comune"), blank=True)
    address = models.CharField(_("indirizzo"), max_length=200, help_text=_("Via e numero civico."))
    postcode = models.CharField(_("CAP"), max_length=5)
    city = models.CharField(_("località"), max_length=120)
    latitude = models.DecimalField(
        _("latitudine"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitudine"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    phone = models.CharField(_("telefono"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    pec = models.EmailField(_("PEC"), blank=True)
    services = ParentalManyToManyField(Service, verbose_name=_("servizi offerti"), blank=True)
    body = RichTextField(
        _("altre informazioni"), blank=True, features=["bold", "italic", "link", "ul", "ol"]
    )

    content_panels = Page.content_panels + [
        FieldPanel("comune"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("postcode"), FieldPanel("city")]),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Dove si trova"),
        ),
        MultiFieldPanel(
            [FieldPanel("phone"), FieldPanel("email"), FieldPanel("pec"), FieldPanel("comune_url")],
            heading=_("Contatti"),
        ),
        InlinePanel("opening_hours", label=_("Orari di apertura")),
        InlinePanel("closures", label=_("Chiusure e aperture straordinarie")),
        FieldPanel("services", widget=forms.CheckboxSelectMultiple),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("comune"),
        index.SearchField("city"),
    ]
    api_fields = BasePage.api_fields + [
        APIField(name)
        for name in (
            "comune",
            "comune_url",
            "address",
            "postcode",
            "city",
            "latitude",
            "longitude",
            "phone",
            "email",
            "pec",
            "opening_hours",
            "closures",
        )
    ]

    class Meta:
        verbose_name = _("sportello lavoro")
        verbose_name_plural = _("sportelli lavoro")

    def clean(self):
        super().clean()
        errors = {}
        if self.postcode and not (len(self.postcode) == 5 and self.postcode.isdigit()):
            errors["postcode"] = _("Il CAP è fatto di 5 cifre, ad esempio 21019.")
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude" if self.longitude is None else "latitude"] = _(
                "Indica sia la latitudine sia la longitudine, oppure nessuna delle due."
            )
        if self.latitude is not None and not -90 <= self.latitude <= 90:
            errors["latitude"] = _("La latitudine va da -90 a 90 (per la Lombardia è circa 45,7).")
        if self.longitude is not None and not -180 <= self.longitude <= 180:
            errors["longitude"] = _(
                "La longitudine va da -180 a 180 (per la Lombardia è circa 8,7)."
            )
        if errors:
            raise ValidationError(errors)

    def structured_data(self, *, request=None) -> list[dict]:
        """The page as schema.org `GovernmentOffice`, for search engines (see `jsonld`)."""
        from .jsonld import office_data

        return [office_data(self)]

    def hours_by_weekday(self) -> list[tuple[str, list["OpeningHours"]]]:
        """Opening rows grouped per weekday, Monday first, for the template."""
        rows = list(self.opening_hours.all())
        return [(label, [row for row in rows if row.weekday == day]) for day, label in WEEKDAYS]

    def upcoming_closures(self, *, today: datetime.date | None = None) -> list["Closure"]:
        """Closures and exceptions that have not ended yet."""
        from django.utils import timezone

        today = today or timezone.localdate()
        return [closure for closure in self.closures.all() if closure.end_date >= today]


class ContactsPage(ServicePage):
    """Whom to contact (modello comuni): the network's office, then every sportello."""

    template = "pages/contacts_page.html"

    class Meta:
        verbose_name = _("contatti")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sportelli"] = SportelloPage.objects.listed().of_site(self)
        return context

    def listing_signatures(self) -> dict[str, list[str]]:
        """The sportelli it lists, so a new or edited sportello re-renders it."""
        from cms.core.listings import page_token, page_tokens

        ids = (SportelloPage.objects.listed().of_site(self).prefetch_related(None)
               .values_list("pk", flat=True))
        return {
            self.url: [
                page_token(group="contacts", pk=self.pk),
                *page_tokens(group="sportello", ids=ids),
            ]
        }


class OpeningHours(Orderable):
    """One opening slot on a weekday (a morning and an afternoon are two rows)."""

    page = ParentalKey(SportelloPage, related_name="opening_hours", on_delete=models.CASCADE)
    weekday = models.PositiveSmallIntegerField(_("giorno"), choices=WEEKDAYS)
    opens = models.TimeField(_("apre alle"))
    closes = models.TimeField(_("chiude alle"))
    note = models.CharField(
        _("nota"), max_length=120, blank=True, help_text=_("Ad esempio «solo su appuntamento».")
    )

    panels = [
        FieldRowPanel([FieldPanel("weekday"), FieldPanel("opens"), FieldPanel("closes")]),
        FieldPanel("note"),
    ]
    api_fields = [APIField("weekday"), APIField("opens"), APIField("closes"), APIField("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("orario")
        verbose_name_plural = _("orari")

    def clean(self):
        if self.opens and self.closes and self.closes <= self.opens:
            raise ValidationError(
                {"closes": _("L'orario di chiusura deve venire dopo quello di apertura.")}
            )


class Closure(Orderable):
    """A closure or a special opening over one or more days."""

    page = ParentalKey(SportelloPage, related_name="closures", on_delete=models.CASCADE)
    start_date = models.DateField(_("dal"))
    end_date = models.DateField(_("al"))
    reason = models.CharField(
        _("motivo"), max_length=160, help_text=_("Ad esempio «Chiuso per le festività natalizie».")
    )
    opens = models.TimeField(
        _("apre alle"), null=True, blank=True,
        help_text=_("Solo per un'apertura straordinaria: lascia vuoto se lo sportello è chiuso."))
    closes = models.TimeField(_("chiude alle"), null=True, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldPanel("reason"),
        FieldRowPanel([FieldPanel("opens"), FieldPanel("closes")]),
    ]
    api_fields = [APIField("start_date"), APIField("end_date"), APIField("reason"),
                  APIField("opens"), APIField("closes")]

    @property
    def is_special_opening(self) -> bool:
        """Open with other hours (both times given), rather than closed."""
        return self.opens is not None and self.closes is not None

    class Meta(Orderable.Meta):
        verbose_name = _("chiusura")
        verbose_name_plural = _("chiusure")

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("La data di fine non può precedere quella di inizio.")}
            )
        if (self.opens is None) != (self.closes is None):
            missing = "closes" if self.closes is None else "opens"
            raise ValidationError({missing: _(
                "Per un'apertura straordinaria servono l'orario di apertura e quello di "
                "chiusura; per una chiusura lasciali vuoti entrambi.")})
        if self.is_special_opening and self.closes <= self.opens:
            raise ValidationError(
                {"closes": _("L'orario di chiusura deve venire dopo quello di apertura.")})


@register_setting(icon="search")
class DatabankSettings(BaseSiteSetting):
    """The partners' live databank: job offers and CVs are searched there, not here."""

    search_url_template = models.CharField(
        _("indirizzo di ricerca"),
        max_length=500,
        blank=True,
        help_text=_(
            "Indirizzo https con i segnaposto {query} (il testo cercato) e, se serve, "
            "{partner} (il codice del partner), ad esempio "
            "https://banca-dati.example.it/cerca?q={query}&ente={partner}."
        ),
    )
    intro = models.CharField(
        _("testo della ricerca"),
        max_length=200,
        blank=True,
        help_text=_(
            "Una riga sopra la casella, ad esempio «Cerca offerte di lavoro nella banca dati»."
        ),
    )

    partners = models.ManyToManyField(
        Partner,
        blank=True,
        related_name="+",
        verbose_name=_("partner della rete"),
        help_text=_(
            "I partner di questa rete: quelli tra cui si sceglie nella ricerca e quelli "
            "elencati con gli sportelli. Se non ne scegli nessuno, valgono tutti i partner."
        ),
    )

    panels = [FieldPanel("search_url_template"), FieldPanel("intro"),
              FieldPanel("partners", widget=forms.CheckboxSelectMultiple)]

    class Meta:
        verbose_name = _("banca dati")

    def clean(self):
        super().clean()
        if self.search_url_template:
            try:
                parse_databank_template(self.search_url_template)
            except ValidationError as error:
                raise ValidationError({"search_url_template": error.messages}) from error

    @property
    def form(self):
        """The GET form to render, or None when no databank is configured."""
        if not self.search_url_template:
            return None
        return parse_databank_template(self.search_url_template)


def network_partners(site) -> "models.QuerySet[Partner]":
    """The partners of `site`'s network: those its databank settings chose, else all of
    them (partners are shared by the networks of one CMS; an installation with one network
    need not choose)."""
    databank = DatabankSettings.objects.filter(site=site).first() if site is not None else None
    chosen = databank.partners.all() if databank is not None else Partner.objects.none()
    return chosen if chosen.exists() else Partner.objects.all()
