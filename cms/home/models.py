"""The network's front page and the guides it features.

The code lives here, above the content apps whose pages it shows; the models keep
the app label `core` they were created with. So the table (`core_homepage`), the
content type, the migrations (in `cms/core/migrations/`), the page type every
content app names as its parent (`core.HomePage`), the `type:` in `site_content/`
and the type the JSON API publishes all stay what they were: moving the code
changed no row and no byte a visitor gets.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page

from cms.core.blocks import EntryPointBlock
from cms.core.models import BasePage, IdentitySettings


class HomePage(BasePage):
    """The network's front page: who we are, where to start, what is coming up."""

    template = "pages/home_page.html"
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    hero_title = models.CharField(
        _("titolo di apertura"),
        max_length=120,
        help_text=_("Il messaggio principale della rete, ad esempio «Il lavoro, vicino a te»."),
    )
    hero_text = RichTextField(
        _("testo di apertura"),
        features=["bold", "italic", "link"],
        help_text=_("Chi siamo e che cosa offriamo, in poche righe."),
    )
    entry_points = StreamField(
        [("entry_point", EntryPointBlock())],
        verbose_name=_("porte d'ingresso"),
        blank=True,
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
        APIField("hero_title"),
        APIField("hero_text"),
        APIField("entry_points"),
    ]

    class Meta:
        app_label = "core"  # see the module docstring
        verbose_name = _("pagina iniziale")

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if len(self.entry_points) > 4:
            raise ValidationError(
                {"entry_points": _("Al massimo quattro porte d'ingresso: togline qualcuna.")}
            )

    def get_context(self, request, *args, **kwargs):
        from cms.home.selectors import home_sections

        context = super().get_context(request, *args, **kwargs)
        context.update(home_sections(home=self))
        return context

    def structured_data(self, *, request=None) -> list[dict]:
        """The network as `Organization` and the portal as `WebSite` (see `jsonld`)."""
        from cms.core.icons import ICON_PATHS
        from cms.core.jsonld import absolute, organization, website

        identity = (
            IdentitySettings.for_request(request)
            if request is not None
            else IdentitySettings.for_site(self.get_site())
        )
        if not identity.network_name:
            return []
        return [
            organization(identity=identity, logo_url=absolute(ICON_PATHS["icon-512"])),
            website(identity=identity),
        ]

    def listing_signatures(self) -> dict[str, list[str]]:
        """What the home page's sections show (for incremental bakes)."""
        from cms.home.selectors import home_listing_signatures

        return home_listing_signatures(home=self)


class HomeFeaturedGuide(Orderable):
    """A guide chosen for the home page."""

    home = ParentalKey(HomePage, related_name="featured_guides", on_delete=models.CASCADE)
    guide = models.ForeignKey(
        "guides.GuidePage", verbose_name=_("guida"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("guide")]

    class Meta(Orderable.Meta):
        app_label = "core"
