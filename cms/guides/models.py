"""Guides: plain-language help for each audience, tagged by audience and topic.

Every audience and every topic has its own listing page under the guide index
(``/guide/per-chi/<slug>/`` and ``/guide/argomenti/<slug>/``), routed here and baked
as real files.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.http import Http404, HttpResponsePermanentRedirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from taggit.models import Tag
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.core.blocks import BodyBlock
from cms.core.models import AudienceTag, BasePage, OrderedTags
from cms.core.pagination import (
    ROUTE_SEGMENT,
    PaginatedIndexMixin,
    paginate,
    pagination_context,
    remember_order,
)
from cms.core.templatetags.rete_tags import bake_cached

from .tags import GuideAudience, GuideTopic

AUDIENCE_ROUTE = "per-chi"
TOPIC_ROUTE = "argomenti"


class GuideIndexPage(PaginatedIndexMixin, BasePage):
    """All guides, twelve to a page, plus one listing per audience and per topic.

    The audience and topic listings are numbered too (`/guide/per-chi/giovani/pagina/2/`):
    a network with hundreds of guides must not send a phone one page with all of them.
    """

    template = "pages/guide_index_page.html"
    parent_page_types = ["core.HomePage"]
    subpage_types = ["guides.GuidePage"]
    max_count_per_parent = 1

    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("elenco delle guide")

    def guides(self):
        """The live guides below this index, by title, with what their cards show."""
        return (GuidePage.objects.child_of(self).live().public().order_by("title")
                .prefetch_related(Prefetch("audiences", to_attr=GuidePage.CHIPS_ATTR)))

    def listing_items(self):
        return self.guides()

    def get_context(self, request, *args, page_number: int = 1, tag_listing: dict | None = None,
                    **kwargs):
        from .selectors import audiences_in_use, topics_in_use

        context = super().get_context(request, *args, **kwargs)
        if tag_listing is None:
            context.update(self.listing_context(number=page_number, request=request))
        else:
            context.update(tag_listing)
            guides = remember_order(tag_listing["guides"], request=request,
                                    key=("tag listing", tag_listing["url"]))
            page_obj = paginate(items=guides, number=page_number, per_page=self.per_page)
            context.update(pagination_context(index_url=tag_listing["url"], page_obj=page_obj))
            if page_number > 1:  # courses and events open the listing, on its first page
                context["courses"] = context["events"] = []
        context["guides"] = context["page_obj"].object_list
        # The same on every page of the listing: read once per bake.
        context["audiences"] = bake_cached(request, ("audiences in use",),
                                           lambda: list(audiences_in_use()))
        context["topics"] = bake_cached(request, ("topics in use",), lambda: list(topics_in_use()))
        return context

    @path(f"{AUDIENCE_ROUTE}/<slug:slug>/", name="audience")
    def audience(self, request, slug):
        return self._audience_page(request, slug=slug, number=1)

    @path(f"{AUDIENCE_ROUTE}/<slug:slug>/{ROUTE_SEGMENT}/<int:number>/", name="audience_page")
    def audience_numbered(self, request, slug, number):
        if number == 1:  # page 1 has one address: the listing's own
            return HttpResponsePermanentRedirect(
                self.url + self.reverse_subpage("audience", kwargs={"slug": slug}))
        return self._audience_page(request, slug=slug, number=number)

    @path(f"{TOPIC_ROUTE}/<slug:slug>/", name="topic")
    def topic(self, request, slug):
        return self._topic_page(request, slug=slug, number=1)

    @path(f"{TOPIC_ROUTE}/<slug:slug>/{ROUTE_SEGMENT}/<int:number>/", name="topic_page")
    def topic_numbered(self, request, slug, number):
        if number == 1:
            return HttpResponsePermanentRedirect(
                self.url + self.reverse_subpage("topic", kwargs={"slug": slug}))
        return self._topic_page(request, slug=slug, number=number)

    def _audience_page(self, request, *, slug: str, number: int):
        from .selectors import audience_listing

        tag = bake_cached(request, ("audience", slug),
                          lambda: AudienceTag.objects.filter(slug=slug).first())
        if tag is None:
            raise Http404
        return self._tag_page(request, listing=audience_listing(index=self, tag=tag),
                              url=self.audience_url(tag), number=number)

    def _topic_page(self, request, *, slug: str, number: int):
        tag = bake_cached(request, ("topic", slug), lambda: Tag.objects.filter(slug=slug).first())
        if tag is None:
            raise Http404
        listing = {"tag": tag, "tag_kind": "topic", "guides": self.guides().filter(topics=tag)}
        return self._tag_page(request, listing=listing, url=self.topic_url(tag), number=number)

    def _tag_page(self, request, *, listing: dict, url: str, number: int):
        if number < 1:
            raise Http404
        return self.render(request, template="pages/guide_tag_page.html", page_number=number,
                           tag_listing={**listing, "url": url})

    def listing_signatures(self) -> dict[str, list[str]]:
        """What this index and its audience and topic pages list (for incremental bakes)."""
        from .selectors import guide_listing_signatures

        return guide_listing_signatures(index=self)

    def get_sitemap_urls(self, request=None):
        """The index, then each audience and topic listing (first pages) for search engines."""
        from .selectors import audiences_in_use, topics_in_use

        urls = super().get_sitemap_urls(request=request)
        base = self.get_full_url(request)
        if not urls or base is None:
            return urls
        subpaths = [self.reverse_subpage("audience", kwargs={"slug": tag.slug})
                    for tag in audiences_in_use()]
        subpaths += [self.reverse_subpage("topic", kwargs={"slug": tag.slug})
                     for tag in topics_in_use()]
        return urls + [{"location": base + subpath} for subpath in subpaths]

    def audience_url(self, tag) -> str:
        return self.url + self.reverse_subpage("audience", kwargs={"slug": tag.slug})

    def topic_url(self, tag) -> str:
        return self.url + self.reverse_subpage("topic", kwargs={"slug": tag.slug})


class GuidePage(BasePage):
    """A guide: what to do, what you need, whom to ask."""

    template = "pages/guide_page.html"
    parent_page_types = ["guides.GuideIndexPage"]
    subpage_types: list[str] = []

    audiences = OrderedTags(
        through=GuideAudience, verbose_name=_("per chi"), blank=True,
        help_text=_("A chi serve questa guida."),
    )
    topics = OrderedTags(
        through=GuideTopic, verbose_name=_("argomenti"), blank=True,
        help_text=_("Parole chiave, ad esempio «curriculum», «tirocinio»."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("contenuto"))
    last_reviewed = models.DateField(
        _("ultimo aggiornamento"), default=timezone.localdate,
        help_text=_("Quando il contenuto è stato verificato l'ultima volta."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("audiences"), FieldPanel("topics")], heading=_("Classificazione")
        ),
        FieldPanel("body"),
        FieldPanel("last_reviewed"),
        InlinePanel("related_pages", label=_("Corsi ed eventi collegati")),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("body")]
    api_fields = BasePage.api_fields + [
        APIField("body"),
        APIField("last_reviewed"),
        APIField("audiences"),
        APIField("topics"),
    ]

    # Where listings put the audiences their cards show (`GuideIndexPage.guides`):
    # a plain list, which costs no queryset per guide as `.audiences.all()` would.
    CHIPS_ATTR = "_prefetched_audience_chips"

    class Meta:
        verbose_name = _("guida")
        verbose_name_plural = _("guide")

    @property
    def audience_chips(self) -> list[AudienceTag]:
        """The audiences named on the guide's card, prefetched by listings or read now."""
        prefetched = self.__dict__.get(self.CHIPS_ATTR)
        return prefetched if prefetched is not None else list(self.audiences.all())

    def clean(self):
        super().clean()
        if self.last_reviewed and self.last_reviewed > timezone.localdate() + datetime.timedelta(
            days=1
        ):
            raise ValidationError(
                {
                    "last_reviewed": _(
                        "La data dell'ultimo aggiornamento non può essere nel futuro: "
                        "indica quando hai "
                        "verificato la guida."
                    )
                }
            )

    def related(self) -> list[Page]:
        """Related courses and events on the public site (live, not behind a password),
        in the editors' order."""
        from cms.core.visibility import on_public_site

        return [
            item.page.specific
            for item in self.related_pages.select_related("page")
            if on_public_site(item.page)
        ]


class GuideRelatedPage(Orderable):
    """A course or an event shown at the end of a guide."""

    guide = ParentalKey(GuidePage, related_name="related_pages", on_delete=models.CASCADE)
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("pagina"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("page", ["courses.CoursePage", "events.EventPage"])]
