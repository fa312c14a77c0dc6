"""Events: open days, job days, workshops at the sportelli.

Times are stored in UTC and shown in Europe/Rome; an event is upcoming until it ends.
"""

from rest_framework.fields import Field

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms.core.blocks import RICH_FEATURES
from cms.core.models import AudienceTag, BasePage, OrderedTags
from cms.core.pagination import ChainedListing, PaginatedIndexMixin, split_page
from cms.core.site_settings import in_current_site
from cms.core.visibility import PublicPageManager, PublicPageQuerySet


def keep_sportello_place(collector, field, sub_objs, using) -> None:
    """`on_delete` of an event's sportello: the event keeps where it happens as text.

    Deleting a sportello page would otherwise leave its events with no place, on the
    page and in the calendar (`.ics`): before the link is cleared (as `SET_NULL`), the
    sportello's name and address are written into the event's "altro indirizzo".
    """
    events = list(sub_objs)
    if not events:
        return
    address = events[0]._meta.get_field("address")
    by_sportello: dict[int, list] = {}
    for event in events:
        by_sportello.setdefault(event.sportello_id, []).append(event)
    for same_place in by_sportello.values():
        place = same_place[0].place[:address.max_length]
        collector.add_field_update(address, place, same_place)
    collector.add_field_update(field, None, list(events))


class EventAudience(TaggedItemBase):
    """Link between an event and an audience."""

    tag = models.ForeignKey(AudienceTag, related_name="event_items", on_delete=models.CASCADE)
    content_object = ParentalKey("events.EventPage", related_name="audience_items",
                                 on_delete=models.CASCADE)


class PublicPageField(Field):
    """A chosen page, nested as Wagtail's API nests it (id, type, detail_url, title), or null.

    Reads its `source` (a property that gives None for a page off the public site):
    Wagtail's own nested field would also show an unpublished or private page, whose
    `detail_url` is a 404 in the live API and a broken link in the baked one.
    """

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        # The serializer Wagtail built for this relation (it honours `?fields=sportello(…)`).
        serializer_class = self.parent.child_serializer_classes[self.field_name]
        return serializer_class(context=self.context).to_representation(value)


class EventIndexPage(PaginatedIndexMixin, BasePage):
    """The calendar: upcoming events first, past ones below, twelve to a page."""

    template = "pages/event_index_page.html"
    parent_page_types = ["core.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1

    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("calendario degli eventi")

    def listing_items(self) -> ChainedListing:
        return ChainedListing(EventPage.objects.upcoming().child_of(self),
                              EventPage.objects.past().child_of(self))

    def get_context(self, request, *args, page_number: int = 1, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        items = self.listing_items()
        context.update(self.listing_context(number=page_number, items=items, request=request))
        context["events"], context["past_events"] = split_page(
            page_obj=context["page_obj"], first_group_size=items.sizes[0])
        return context


class EventQuerySet(PublicPageQuerySet):
    """Reads of events for the calendar, the home page, audience pages and feeds.

    Methods of the queryset, not functions in a `selectors` module: the calendar page
    reads them, and selectors that import the models cannot also be imported by them
    without an import loop. Cards show no audiences: whoever lists them (feeds,
    calendars) prefetches them.
    """

    def listed(self) -> "EventQuerySet":
        """Live, public events with what a card shows of their sportello."""
        return in_current_site(self.live().public()).select_related("sportello")

    def upcoming(self) -> "EventQuerySet":
        """Events that have not ended yet, soonest first."""
        return self.listed().filter(end__gte=timezone.now()).order_by("start", "title")

    def past(self) -> "EventQuerySet":
        """Events already over, most recent first."""
        return self.listed().filter(end__lt=timezone.now()).order_by("-start", "title")


class EventPage(BasePage):
    """One event, at a sportello or at another address."""

    template = "pages/event_page.html"
    parent_page_types = ["events.EventIndexPage"]
    subpage_types: list[str] = []

    objects = PublicPageManager.from_queryset(EventQuerySet)()

    start = models.DateTimeField(_("inizio"))
    end = models.DateTimeField(_("fine"))
    sportello = models.ForeignKey(
        "network.SportelloPage", verbose_name=_("presso lo sportello"), null=True, blank=True,
        on_delete=keep_sportello_place, related_name="events",
        help_text=_("Se l'evento si tiene in uno sportello della rete. Se lo sportello viene "
                    "eliminato, il suo nome e indirizzo restano come «altro indirizzo»."),
    )
    address = models.CharField(_("altro indirizzo"), max_length=200, blank=True,
                               help_text=_("Se l'evento non si tiene in uno sportello."))
    organiser = models.CharField(_("organizzato da"), max_length=160)
    audiences = OrderedTags(through=EventAudience, verbose_name=_("per chi"), blank=True)
    cost = models.CharField(_("costo"), max_length=120, default=_("Ingresso libero"),
                            help_text=_("Ad esempio «Ingresso libero» o «10 euro»."))
    how_to_register = RichTextField(_("come partecipare"), features=RICH_FEATURES, blank=True)
    body = RichTextField(_("descrizione"), features=RICH_FEATURES, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel([FieldRowPanel([FieldPanel("start"), FieldPanel("end")])],
                        heading=_("Quando")),
        MultiFieldPanel([PageChooserPanel("sportello"), FieldPanel("address")], heading=_("Dove")),
        FieldPanel("organiser"),
        FieldPanel("audiences"),
        FieldPanel("cost"),
        FieldPanel("how_to_register"),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("body"),
        index.SearchField("address"),
    ]
    api_fields = BasePage.api_fields + [
        APIField("start"),
        APIField("end"),
        APIField("sportello", serializer=PublicPageField(source="public_sportello")),
        *(
            APIField(name)
            for name in ("address", "organiser", "audiences", "cost", "how_to_register", "body")
        ),
    ]

    class Meta:
        verbose_name = _("evento")
        verbose_name_plural = _("eventi")

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("L'evento deve finire dopo l'inizio: controlla data e ora di fine.")
        if not self.sportello_id and not self.address.strip():
            errors["address"] = _(
                "Indica dove si tiene: scegli uno sportello o scrivi un indirizzo."
            )
        if errors:
            raise ValidationError(errors)

    def structured_data(self, *, request=None) -> list[dict]:
        """The page as schema.org `Event`, for search engines (see `jsonld`)."""
        from .jsonld import event_data

        return [event_data(self)]

    @property
    def public_sportello(self) -> Page | None:
        """The sportello to link to, or None when its page is not on the public site.

        A withdrawn sportello, or one behind a password, keeps its events online; they
        still name it, but a link would lead to a page the static site does not have.
        """
        from cms.core.visibility import on_public_site

        return self.sportello if on_public_site(self.sportello) else None

    @property
    def place(self) -> str:
        """Where it happens, in one line."""
        if self.sportello_id:
            s = self.sportello
            return f"{s.title}, {s.address}, {s.postcode} {s.city}"
        return self.address

    @property
    def is_past(self) -> bool:
        return self.end < timezone.now()
