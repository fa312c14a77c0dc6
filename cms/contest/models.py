"""The schools' contest (e.g. a logo contest such as "Una rete, un marchio").

Its status (aperto, chiuso, in valutazione, concluso) comes from the four milestone
dates, so it changes on its own as time passes.
"""

import datetime
from enum import Enum

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.blocks import StreamBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.core.blocks import RICH_FEATURES, DocumentLinkBlock, FaqBlock
from cms.core.models import BasePage


class ContestStatus(Enum):
    """Where the contest stands."""

    UPCOMING = ("upcoming", _("Chiuso: non ancora aperto"))
    OPEN = ("open", _("Aperto"))
    CLOSED = ("closed", _("Chiuso"))
    JUDGING = ("judging", _("In valutazione"))
    FINISHED = ("finished", _("Concluso"))

    @property
    def code(self) -> str:
        return self.value[0]

    @property
    def label(self) -> str:
        return str(self.value[1])


def contest_status(*, opens_at: datetime.datetime, deadline: datetime.datetime,
                   jury_at: datetime.datetime, award_at: datetime.datetime,
                   now: datetime.datetime) -> ContestStatus:
    """The status at `now`: open until the deadline, judged from the jury date, over at the
    award."""
    if now >= award_at:
        return ContestStatus.FINISHED
    if now >= jury_at:
        return ContestStatus.JUDGING
    if now >= deadline:
        return ContestStatus.CLOSED
    if now >= opens_at:
        return ContestStatus.OPEN
    return ContestStatus.UPCOMING


class ContestDocumentsBlock(StreamBlock):
    document = DocumentLinkBlock()


class ContestFaqBlock(StreamBlock):
    faq = FaqBlock()


class ContestPage(BasePage):
    """The contest: who may enter, the rules, where to deliver, the dates, and the results."""

    template = "pages/contest_page.html"
    parent_page_types = ["core.HomePage"]
    subpage_types: list[str] = []

    eligibility = RichTextField(_("chi può partecipare"), features=RICH_FEATURES)
    rules = RichTextField(_("regolamento"), features=RICH_FEATURES)
    how_to_enter = RichTextField(_("come partecipare"), features=RICH_FEATURES)
    delivery_office = models.CharField(
        _("ufficio di consegna"),
        max_length=160,
        help_text=_("Ad esempio «Ufficio protocollo del Comune di Somma Lombardo»."),
    )
    delivery_address = models.CharField(_("indirizzo di consegna"), max_length=200)
    delivery_hours = models.TextField(
        _("orari dell'ufficio"), help_text=_("Un giorno per riga, ad esempio «lunedì 9:00–12:30».")
    )
    opens_at = models.DateTimeField(_("apertura del concorso"))
    deadline = models.DateTimeField(
        _("scadenza per la consegna"), help_text=_("Data e ora entro cui consegnare gli elaborati.")
    )
    jury_at = models.DateTimeField(_("inizio della valutazione"))
    award_at = models.DateTimeField(_("premiazione"))
    documents = StreamField(
        ContestDocumentsBlock(),
        verbose_name=_("documenti"),
        blank=True,
        help_text=_("Il bando, il modulo di partecipazione e gli altri allegati."),
    )
    faq = StreamField(ContestFaqBlock(), verbose_name=_("domande frequenti"), blank=True)
    results = RichTextField(
        _("esito"),
        features=RICH_FEATURES,
        blank=True,
        help_text=_("Il verdetto della giuria, da pubblicare a valutazione conclusa."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("opens_at"),
                FieldPanel("deadline"),
                FieldPanel("jury_at"),
                FieldPanel("award_at"),
            ],
            heading=_("Date"),
        ),
        FieldPanel("eligibility"),
        FieldPanel("rules"),
        FieldPanel("how_to_enter"),
        MultiFieldPanel(
            [
                FieldPanel("delivery_office"),
                FieldPanel("delivery_address"),
                FieldPanel("delivery_hours"),
            ],
            heading=_("Dove consegnare"),
        ),
        FieldPanel("documents"),
        FieldPanel("faq"),
        FieldPanel("results"),
        InlinePanel("entries", label=_("Elaborati in gara")),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("rules"),
        index.SearchField("eligibility"),
    ]
    api_fields = BasePage.api_fields + [
        APIField(name)
        for name in (
            "eligibility",
            "rules",
            "how_to_enter",
            "delivery_office",
            "delivery_address",
            "delivery_hours",
            "opens_at",
            "deadline",
            "jury_at",
            "award_at",
            "documents",
            "faq",
            "results",
            "status",
        )
    ]

    class Meta:
        verbose_name = _("concorso")
        verbose_name_plural = _("concorsi")

    def clean(self):
        super().clean()
        order = [
            ("opens_at", _("l'apertura")),
            ("deadline", _("la scadenza")),
            ("jury_at", _("la valutazione")),
            ("award_at", _("la premiazione")),
        ]
        for (earlier, earlier_label), (later, later_label) in zip(order, order[1:], strict=False):
            a, b = getattr(self, earlier), getattr(self, later)
            if a and b and b <= a:
                raise ValidationError(
                    {
                        later: _("Le date vanno in ordine: %(later)s deve venire dopo %(earlier)s.")
                        % {"later": later_label, "earlier": earlier_label}
                    }
                )

    def get_status(self, *, now: datetime.datetime | None = None) -> ContestStatus:
        return contest_status(
            opens_at=self.opens_at,
            deadline=self.deadline,
            jury_at=self.jury_at,
            award_at=self.award_at,
            now=now or timezone.now(),
        )

    @property
    def status(self) -> str:
        return self.get_status().label

    def timeline(self) -> list[tuple[str, datetime.datetime]]:
        """The milestones in order, for the timeline and the calendar."""
        return [
            (_("Apertura del concorso"), self.opens_at),
            (_("Scadenza per la consegna"), self.deadline),
            (_("Valutazione della giuria"), self.jury_at),
            (_("Premiazione"), self.award_at),
        ]

    def winners(self) -> list["ContestEntry"]:
        return [entry for entry in self.entries.all() if entry.is_winner]


class ContestEntry(Orderable):
    """An entry in the gallery, shown once the contest is judged."""

    page = ParentalKey(ContestPage, related_name="entries", on_delete=models.CASCADE)
    title = models.CharField(_("titolo dell'elaborato"), max_length=160)
    school = models.CharField(_("scuola"), max_length=200)
    class_name = models.CharField(_("classe"), max_length=40, help_text=_("Ad esempio «3ª B»."))
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("immagine"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_winner = models.BooleanField(_("vincitore"), default=False)

    panels = [
        FieldPanel("title"),
        FieldPanel("school"),
        FieldPanel("class_name"),
        FieldPanel("image"),
        FieldPanel("is_winner"),
    ]
    api_fields = [
        APIField("title"),
        APIField("school"),
        APIField("class_name"),
        APIField("image"),
        APIField("is_winner"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("elaborato")
        verbose_name_plural = _("elaborati")
