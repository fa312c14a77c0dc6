"""Training courses, mostly from the network's training centre.

The status a citizen sees (iscrizioni aperte, chiuse, in corso, concluso) is derived
from the dates every time it is shown, never typed by hand, so it cannot go stale.
"""

import datetime
from enum import Enum

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms.core.blocks import RICH_FEATURES
from cms.core.models import AudienceTag, BasePage, OrderedTags
from cms.core.pagination import ChainedListing, PaginatedIndexMixin, split_page
from cms.core.site_settings import in_current_site
from cms.core.visibility import PublicPageManager, PublicPageQuerySet
from cms.network.api import PartnerSerializer


class CourseStatus(Enum):
    """Where a course stands today."""

    OPEN = ("open", _("Iscrizioni aperte"))
    CLOSED = ("closed", _("Iscrizioni chiuse"))
    RUNNING = ("running", _("In corso"))
    FINISHED = ("finished", _("Concluso"))

    @property
    def code(self) -> str:
        return self.value[0]

    @property
    def label(self) -> str:
        return str(self.value[1])


def course_status(*, enrolment_deadline: datetime.date, start_date: datetime.date,
                  end_date: datetime.date, today: datetime.date) -> CourseStatus:
    """The status for these dates on `today` (enrolment closes at the end of the deadline day)."""
    if today > end_date:
        return CourseStatus.FINISHED
    if today >= start_date:
        return CourseStatus.RUNNING
    if today <= enrolment_deadline:
        return CourseStatus.OPEN
    return CourseStatus.CLOSED


class CourseAudience(TaggedItemBase):
    """Link between a course and an audience."""

    tag = models.ForeignKey(AudienceTag, related_name="course_items", on_delete=models.CASCADE)
    content_object = ParentalKey("courses.CoursePage", related_name="audience_items",
                                 on_delete=models.CASCADE)


class CourseIndexPage(PaginatedIndexMixin, BasePage):
    """The training offer: courses still to start or running first, concluded ones after.

    Twelve to a page; a page that straddles the two groups shows both headings.
    """

    template = "pages/course_index_page.html"
    parent_page_types = ["core.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count_per_parent = 1

    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("elenco dei corsi")

    def listing_items(self) -> ChainedListing:
        return ChainedListing(CoursePage.objects.upcoming().child_of(self),
                              CoursePage.objects.finished().child_of(self))

    def get_context(self, request, *args, page_number: int = 1, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        items = self.listing_items()
        context.update(self.listing_context(number=page_number, items=items, request=request))
        context["courses"], context["past_courses"] = split_page(
            page_obj=context["page_obj"], first_group_size=items.sizes[0])
        return context


class CourseQuerySet(PublicPageQuerySet):
    """Reads of courses for the listings, the home page, audience pages and feeds.

    Methods of the queryset, not functions in a `selectors` module: the course index
    page reads them, and selectors that import the models cannot also be imported by
    them without an import loop. Cards show no audiences: whoever lists them (feeds,
    calendars) prefetches them.
    """

    def listed(self) -> "CourseQuerySet":
        """Live, public courses with what a card shows of their provider."""
        return in_current_site(self.live().public()).select_related("provider")

    def upcoming(self) -> "CourseQuerySet":
        """Courses not yet concluded, soonest first."""
        return self.listed().filter(end_date__gte=timezone.localdate()).order_by("start_date",
                                                                                 "title")

    def finished(self) -> "CourseQuerySet":
        """Concluded courses, most recent first."""
        return self.listed().filter(end_date__lt=timezone.localdate()).order_by("-end_date",
                                                                                "title")

    def open_for_enrolment(self) -> "CourseQuerySet":
        """Courses a citizen can still enrol in."""
        today = timezone.localdate()
        return (self.listed().filter(enrolment_deadline__gte=today, start_date__gt=today)
                .order_by("start_date"))


class CoursePage(BasePage):
    """A course: who runs it, where, when, for whom, how to enrol."""

    template = "pages/course_page.html"
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types: list[str] = []

    objects = PublicPageManager.from_queryset(CourseQuerySet)()

    provider = models.ForeignKey(
        "network.Partner", verbose_name=_("ente che lo organizza"), on_delete=models.PROTECT,
        related_name="courses",
    )
    place = models.CharField(
        _("sede"),
        max_length=200,
        help_text=_("Indirizzo completo, ad esempio «Via Roma 1, 21019 Somma Lombardo»."),
    )
    start_date = models.DateField(_("data di inizio"))
    end_date = models.DateField(_("data di fine"))
    schedule = models.CharField(
        _("orario"), max_length=200, help_text=_("Ad esempio «lunedì e mercoledì, 18:00–21:00».")
    )
    hours = models.PositiveIntegerField(_("ore totali"))
    is_free = models.BooleanField(_("gratuito"), default=True)
    cost = models.DecimalField(
        _("costo in euro"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Solo se il corso non è gratuito."),
    )
    seats = models.PositiveIntegerField(_("posti disponibili"), null=True, blank=True)
    audiences = OrderedTags(through=CourseAudience, verbose_name=_("per chi"), blank=True)
    requirements = RichTextField(_("requisiti"), features=RICH_FEATURES, blank=True)
    enrolment_deadline = models.DateField(_("scadenza delle iscrizioni"))
    how_to_enrol = RichTextField(_("come iscriversi"), features=RICH_FEATURES)
    certificate = models.CharField(
        _("attestato"),
        max_length=200,
        blank=True,
        help_text=_("Ad esempio «Attestato di competenze regionale»."),
    )
    body = RichTextField(_("descrizione"), features=RICH_FEATURES, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("provider"),
        FieldPanel("audiences"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldPanel("schedule"),
                FieldPanel("hours"),
                FieldPanel("place"),
            ],
            heading=_("Quando e dove"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("is_free"), FieldPanel("cost")]),
                FieldPanel("seats"),
                FieldPanel("enrolment_deadline"),
                FieldPanel("requirements"),
                FieldPanel("how_to_enrol"),
            ],
            heading=_("Iscrizione"),
        ),
        FieldPanel("certificate"),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("body"), index.SearchField("place")]
    api_fields = (
        BasePage.api_fields
        + [
            APIField("provider", serializer=PartnerSerializer()),
        ]
        + [
            APIField(name)
            for name in (
                "place",
                "start_date",
                "end_date",
                "schedule",
                "hours",
                "is_free",
                "cost",
                "seats",
                "audiences",
                "requirements",
                "enrolment_deadline",
                "how_to_enrol",
                "certificate",
                "body",
                "status",
            )
        ]
    )

    class Meta:
        verbose_name = _("corso")
        verbose_name_plural = _("corsi")

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("Il corso non può finire prima di iniziare: controlla le date.")
        if (
            self.enrolment_deadline
            and self.start_date
            and self.enrolment_deadline > self.start_date
        ):
            errors["enrolment_deadline"] = _(
                "Le iscrizioni devono chiudersi entro il primo giorno del corso."
            )
        if not self.is_free and not self.cost:
            errors["cost"] = _("Indica il costo, oppure segna il corso come gratuito.")
        if self.is_free and self.cost:
            errors["cost"] = _(
                "Un corso gratuito non ha costo: togli l'importo o il segno «gratuito»."
            )
        if self.seats == 0:
            errors["seats"] = _("Indica almeno un posto, o lascia vuoto se non c'è un limite.")
        if errors:
            raise ValidationError(errors)

    def structured_data(self, *, request=None) -> list[dict]:
        """The page as schema.org `Course`, for search engines (see `jsonld`)."""
        from .jsonld import course_data

        return [course_data(self)]

    def get_status(self, *, today: datetime.date | None = None) -> CourseStatus:
        return course_status(
            enrolment_deadline=self.enrolment_deadline,
            start_date=self.start_date,
            end_date=self.end_date,
            today=today or timezone.localdate(),
        )

    @property
    def status(self) -> str:
        return self.get_status().label
