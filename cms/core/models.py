"""The home page, plain pages, audiences and the network's identity.

These are the pieces every network has whatever its content: nothing here names
a particular network.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TagBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .blocks import RICH_FEATURES, BodyBlock, EntryPointBlock
from .visibility import PublicPageManager

# The order every tag list of a page is read in (`OrderedTags`).
# Without it taggit's prefetch sends no ORDER BY and SQLite and PostgreSQL return the
# tags in different orders, so the same content baked different bytes. Names compare
# by the database's collation: the bake is byte-identical across databases whose
# collation sorts the names alike (SQLite's and PostgreSQL's "C"; see README).
TAG_ORDERING = ["name", "pk"]


class OrderedTags(ClusterTaggableManager):
    """A page's tags, always read by name (prefetched or not).

    modelcluster's manager drops taggit's `ordering` argument (checked against
    modelcluster 6.4), so this passes it on. Migrations see the plain
    `ClusterTaggableManager`: the order is no part of the schema.
    """

    def __get__(self, instance, model):
        manager = super().__get__(instance, model)
        manager.ordering = TAG_ORDERING
        return manager

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "modelcluster.contrib.taggit.ClusterTaggableManager", args, kwargs


class AudienceTag(TagBase):
    """Who a guide, course or event is for (e.g. giovani, disoccupati, imprese).

    A closed list kept by the communications staff, so editors pick rather than type.
    """

    free_tagging = False
    description = models.CharField(
        _("descrizione"), max_length=255, blank=True,
        help_text=_("Una frase che spiega a chi si rivolge, mostrata sulla sua pagina."),
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta:
        verbose_name = _("pubblico")
        verbose_name_plural = _("pubblici")
        ordering = ["name"]


class BasePage(Page):
    """Fields and behaviour every content page of the portal shares."""

    intro = models.TextField(
        _("introduzione"), blank=True, max_length=400,
        help_text=_("Due o tre frasi in linguaggio semplice: compaiono negli elenchi e nei risultati."),
    )

    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro")]

    objects = PublicPageManager()  # `public()` reads the view restrictions once per bake

    class Meta:
        abstract = True


class HomePage(BasePage):
    """The network's front page: who we are, where to start, what is coming up."""

    template = "pages/home_page.html"
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    hero_title = models.CharField(
        _("titolo di apertura"), max_length=120,
        help_text=_("Il messaggio principale della rete, ad esempio «Il lavoro, vicino a te»."),
    )
    hero_text = RichTextField(
        _("testo di apertura"), features=["bold", "italic", "link"],
        help_text=_("Chi siamo e che cosa offriamo, in poche righe."),
    )
    entry_points = StreamField(
        [("entry_point", EntryPointBlock())], verbose_name=_("porte d'ingresso"), blank=True,
        help_text=_("I riquadri per i pubblici della rete (di solito tre)."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("hero_title"),
        FieldPanel("hero_text"),
        FieldPanel("intro"),
        FieldPanel("entry_points"),
        InlinePanel("featured_guides", label=_("Guide in evidenza"), max_num=6),
    ]
    api_fields = BasePage.api_fields + [
        APIField("hero_title"), APIField("hero_text"), APIField("entry_points"),
    ]

    class Meta:
        verbose_name = _("pagina iniziale")

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if len(self.entry_points) > 4:
            raise ValidationError(
                {"entry_points": _("Al massimo quattro porte d'ingresso: togline qualcuna.")}
            )

    def get_context(self, request, *args, **kwargs):
        from .selectors import home_sections

        context = super().get_context(request, *args, **kwargs)
        context.update(home_sections(home=self))
        return context

    def listing_signatures(self) -> dict[str, list[str]]:
        """What the home page's sections show (for incremental bakes)."""
        from .selectors import home_listing_signatures

        return home_listing_signatures(home=self)


class HomeFeaturedGuide(Orderable):
    """A guide chosen for the home page."""

    home = ParentalKey(HomePage, related_name="featured_guides", on_delete=models.CASCADE)
    guide = models.ForeignKey(
        "guides.GuidePage", verbose_name=_("guida"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("guide")]


class StandardPage(BasePage):
    """A plain page: privacy, note legali, dichiarazione di accessibilità, chi siamo."""

    template = "pages/standard_page.html"

    body = StreamField(BodyBlock(), verbose_name=_("contenuto"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]
    api_fields = BasePage.api_fields + [APIField("body")]

    class Meta:
        verbose_name = _("pagina semplice")


@register_setting(icon="site")
class IdentitySettings(BaseSiteSetting):
    """Who publishes the portal: name, logo, footer contacts and legal links."""

    network_name = models.CharField(
        _("nome della rete"), max_length=120, help_text=_("Compare nell'intestazione e nei titoli.")
    )
    tagline = models.CharField(_("motto"), max_length=200, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("logo"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    address = models.TextField(_("indirizzo della sede"), blank=True)
    phone = models.CharField(_("telefono"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    pec = models.EmailField(_("PEC"), blank=True)
    privacy_page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("pagina privacy"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    legal_page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("pagina note legali"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("dichiarazione di accessibilità"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    panels = [
        MultiFieldPanel([FieldPanel("network_name"), FieldPanel("tagline"), FieldPanel("logo")],
                        heading=_("Identità")),
        MultiFieldPanel([FieldPanel("address"), FieldPanel("phone"), FieldPanel("email"),
                         FieldPanel("pec")], heading=_("Contatti nel piè di pagina")),
        MultiFieldPanel([FieldPanel("privacy_page"), FieldPanel("legal_page"),
                         FieldPanel("accessibility_page")], heading=_("Pagine legali")),
    ]

    class Meta:
        verbose_name = _("identità della rete")


__all__ = ["AudienceTag", "HomePage", "HomeFeaturedGuide", "StandardPage", "IdentitySettings",
           "RICH_FEATURES"]
