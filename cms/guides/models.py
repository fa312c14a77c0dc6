"""Guides: plain-language help for each audience, tagged by audience and topic.

Every audience and every topic has its own listing page under the guide index
(``/guide/per-chi/<slug>/`` and ``/guide/argomenti/<slug>/``), routed here and baked
as real files.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.core.blocks import BodyBlock
from cms.core.models import AudienceTag, BasePage

AUDIENCE_ROUTE = "per-chi"
TOPIC_ROUTE = "argomenti"


class GuideAudience(TaggedItemBase):
    """Link between a guide and an audience."""

    tag = models.ForeignKey(AudienceTag, related_name="guide_items", on_delete=models.CASCADE)
    content_object = ParentalKey("guides.GuidePage", related_name="audience_items",
                                 on_delete=models.CASCADE)


class GuideTopic(TaggedItemBase):
    """Link between a guide and a free topic tag."""

    content_object = ParentalKey("guides.GuidePage", related_name="topic_items",
                                 on_delete=models.CASCADE)


class GuideIndexPage(RoutablePageMixin, BasePage):
    """All guides, plus one listing page per audience and per topic."""

    template = "pages/guide_index_page.html"
    parent_page_types = ["core.HomePage"]
    subpage_types = ["guides.GuidePage"]
    max_count_per_parent = 1

    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("elenco delle guide")

    def guides(self):
        return (GuidePage.objects.child_of(self).live().public().order_by("title")
                .prefetch_related("audiences", "topics"))

    def get_context(self, request, *args, **kwargs):
        from .selectors import audiences_in_use, topics_in_use

        context = super().get_context(request, *args, **kwargs)
        context.setdefault("guides", self.guides())
        context["audiences"] = audiences_in_use()
        context["topics"] = topics_in_use()
        return context

    @path("")
    def index(self, request):
        return self.render(request)

    @path(f"{AUDIENCE_ROUTE}/<slug:slug>/", name="audience")
    def audience(self, request, slug):
        from .selectors import audience_listing

        tag = AudienceTag.objects.filter(slug=slug).first()
        if tag is None:
            raise Http404
        return self.render(request, template="pages/guide_tag_page.html",
                           context_overrides=audience_listing(index=self, tag=tag))

    @path(f"{TOPIC_ROUTE}/<slug:slug>/", name="topic")
    def topic(self, request, slug):
        tag = Tag.objects.filter(slug=slug).first()
        if tag is None:
            raise Http404
        guides = self.guides().filter(topics=tag)
        return self.render(request, template="pages/guide_tag_page.html",
                           context_overrides={"tag": tag, "tag_kind": "topic", "guides": guides})

    def audience_url(self, tag) -> str:
        return self.url + self.reverse_subpage("audience", kwargs={"slug": tag.slug})

    def topic_url(self, tag) -> str:
        return self.url + self.reverse_subpage("topic", kwargs={"slug": tag.slug})


class GuidePage(BasePage):
    """A guide: what to do, what you need, whom to ask."""

    template = "pages/guide_page.html"
    parent_page_types = ["guides.GuideIndexPage"]
    subpage_types: list[str] = []

    audiences = ClusterTaggableManager(
        through=GuideAudience, verbose_name=_("per chi"), blank=True,
        help_text=_("A chi serve questa guida."),
    )
    topics = ClusterTaggableManager(
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
        MultiFieldPanel([FieldPanel("audiences"), FieldPanel("topics")], heading=_("Classificazione")),
        FieldPanel("body"),
        FieldPanel("last_reviewed"),
        InlinePanel("related_pages", label=_("Corsi ed eventi collegati")),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("body")]
    api_fields = BasePage.api_fields + [
        APIField("body"), APIField("last_reviewed"), APIField("audiences"), APIField("topics"),
    ]

    class Meta:
        verbose_name = _("guida")
        verbose_name_plural = _("guide")

    def clean(self):
        super().clean()
        if self.last_reviewed and self.last_reviewed > timezone.localdate() + datetime.timedelta(days=1):
            raise ValidationError({"last_reviewed": _(
                "La data dell'ultimo aggiornamento non può essere nel futuro: indica quando hai "
                "verificato la guida.")})

    def related(self) -> list[Page]:
        """Related courses and events that are live, in the editors' order."""
        return [item.page.specific for item in self.related_pages.select_related("page")
                if item.page.live]


class GuideRelatedPage(Orderable):
    """A course or an event shown at the end of a guide."""

    guide = ParentalKey(GuidePage, related_name="related_pages", on_delete=models.CASCADE)
    page = models.ForeignKey("wagtailcore.Page", verbose_name=_("pagina"), on_delete=models.CASCADE,
                             related_name="+")

    panels = [PageChooserPanel("page", ["courses.CoursePage", "events.EventPage"])]
