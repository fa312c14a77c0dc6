"""Plain pages, service pages, audiences and the network's identity.

These are the pieces every network has whatever its content: nothing here names
a particular network.
"""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from taggit.models import TagBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import RICH_FEATURES, BodyBlock
from .forms import RetePageForm
from .site_settings import (
    PortalSettings,  # noqa: F401 - a model of this app, kept in its own module
)
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
        _("introduzione"),
        blank=True,
        max_length=400,
        help_text=_(
            "Due o tre frasi in linguaggio semplice: compaiono negli elenchi e nei risultati."
        ),
    )

    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro")]

    objects = PublicPageManager()  # `public()` reads the view restrictions once per bake
    base_form_class = RetePageForm  # script links and unreadable slugs refused in Italian

    class Meta:
        abstract = True


class ServicePage(BasePage):
    """A page whose content is built from the settings and the page tree, plus optional text."""

    body = StreamField(BodyBlock(), verbose_name=_("testo aggiuntivo"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]
    api_fields = BasePage.api_fields + [APIField("body")]
    parent_page_types = ["core.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        abstract = True


class SiteMapPage(ServicePage):
    """The human-readable site map: every section and the pages in it (modello comuni)."""

    template = "pages/site_map_page.html"

    class Meta:
        verbose_name = _("mappa del sito")

    def get_context(self, request, *args, **kwargs):
        from .selectors import site_map

        context = super().get_context(request, *args, **kwargs)
        context["sections"] = site_map(home=self.get_parent())
        return context

    def listing_signatures(self) -> dict[str, list[str]]:
        """The pages the map shows, so a new or renamed page re-renders it (incremental bakes)."""
        from .selectors import site_map_signatures

        return site_map_signatures(page=self)


class AccessibilityStatementPage(ServicePage):
    """The accessibility statement, in AgID's structure, from the accessibility settings."""

    template = "pages/accessibility_statement_page.html"

    class Meta:
        verbose_name = _("dichiarazione di accessibilità")


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
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    responsible_body = models.CharField(
        _("ente responsabile"),
        max_length=200,
        blank=True,
        help_text=_(
            "L'ente titolare del sito, ad esempio «Comune di Somma Lombardo, comune capofila»."
        ),
    )
    fiscal_code = models.CharField(
        _("codice fiscale"),
        max_length=16,
        blank=True,
        validators=[
            RegexValidator(
                r"^(\d{11}|[A-Z0-9]{16})$",
                _(
                    "Il codice fiscale di un ente è fatto di 11 cifre "
                    "(16 caratteri maiuscoli per una "
                    "persona)."
                ),
            )
        ],
    )
    vat_number = models.CharField(
        _("partita IVA"),
        max_length=11,
        blank=True,
        validators=[RegexValidator(r"^\d{11}$", _("La partita IVA è fatta di 11 cifre."))],
    )
    address = models.TextField(_("indirizzo della sede"), blank=True)
    phone = models.CharField(_("telefono"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    pec = models.EmailField(_("PEC"), blank=True)
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("pagina privacy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    legal_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("pagina note legali"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("dichiarazione di accessibilità"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contacts_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("pagina dei contatti"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    site_map_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("mappa del sito"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("network_name"), FieldPanel("tagline"), FieldPanel("logo")],
            heading=_("Identità"),
        ),
        MultiFieldPanel(
            [FieldPanel("responsible_body"), FieldPanel("fiscal_code"), FieldPanel("vat_number")],
            heading=_("Ente responsabile"),
        ),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("phone"), FieldPanel("email"), FieldPanel("pec")],
            heading=_("Contatti nel piè di pagina"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("privacy_page"),
                FieldPanel("legal_page"),
                FieldPanel("accessibility_page"),
                FieldPanel("contacts_page"),
                FieldPanel("site_map_page"),
            ],
            heading=_("Pagine legali e di servizio"),
        ),
    ]

    class Meta:
        verbose_name = _("identità della rete")


class DocumentFacts(models.Model):
    """What a document's file says about itself, read once when it is saved (see `documents`).

    Kept beside Wagtail's document rather than in a custom document model: swapping the
    document model of a running site is a migration of every reference to it.
    """

    document = models.OneToOneField(
        "wagtaildocs.Document", on_delete=models.CASCADE, primary_key=True, related_name="facts"
    )
    file_name = models.CharField(max_length=255)  # the file these facts were read from
    page_count = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("dati del documento")

    def __str__(self) -> str:
        return self.file_name


class ConformityStatus(models.TextChoices):
    """The three conformity statuses of AgID's model statement."""

    COMPLIANT = "compliant", _("conforme")
    PARTIAL = "partial", _("parzialmente conforme")
    NON_COMPLIANT = "non_compliant", _("non conforme")


class AssessmentMethod(models.TextChoices):
    """How the statement was prepared (AgID's model statement)."""

    SELF = "self", _("un'autovalutazione effettuata direttamente dall'ente")
    THIRD_PARTY = "third_party", _("una valutazione effettuata da terzi")


@register_setting(icon="view")
class AccessibilitySettings(BaseSiteSetting):
    """What the accessibility statement says, field by field as in AgID's model."""

    AGID_FORM_URL = "https://form.agid.gov.it/"

    status = models.CharField(
        _("stato di conformità"),
        max_length=20,
        choices=ConformityStatus.choices,
        default=ConformityStatus.PARTIAL,
    )
    non_accessible_content = models.TextField(
        _("contenuti non accessibili"),
        blank=True,
        help_text=_("Che cosa non è ancora accessibile e perché, una voce per riga."),
    )
    statement_date = models.DateField(_("data di redazione"), null=True, blank=True)
    reviewed_date = models.DateField(_("data dell'ultimo riesame"), null=True, blank=True)
    method = models.CharField(
        _("metodo"), max_length=20, choices=AssessmentMethod.choices, default=AssessmentMethod.SELF
    )
    feedback_email = models.EmailField(
        _("email per le segnalazioni"),
        blank=True,
        help_text=_("Dove i cittadini segnalano un problema di accessibilità."),
    )

    panels = [
        FieldPanel("status"),
        FieldPanel("non_accessible_content"),
        FieldPanel("statement_date"),
        FieldPanel("reviewed_date"),
        FieldPanel("method"),
        FieldPanel("feedback_email"),
    ]

    class Meta:
        verbose_name = _("accessibilità")

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.statement_date and self.reviewed_date and self.reviewed_date < self.statement_date:
            raise ValidationError(
                {
                    "reviewed_date": _(
                        "Il riesame non può precedere la redazione: controlla le date."
                    )
                }
            )

    @property
    def non_accessible_items(self) -> list[str]:
        return [line.strip() for line in self.non_accessible_content.splitlines() if line.strip()]


__all__ = [
    "AudienceTag",
    "StandardPage",
    "IdentitySettings",
    "SiteMapPage",
    "AccessibilityStatementPage",
    "AccessibilitySettings",
    "RICH_FEATURES",
]
