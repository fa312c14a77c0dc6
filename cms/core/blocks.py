"""StreamField blocks shared by guides, news and the contest.

Each block names its template in `Meta`, so a theme can restyle one block by
overriding one file under `templates/blocks/`.
"""

from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from .choosers import (
    RememberedDocumentChooserBlock,
    RememberedImageChooserBlock,
    RememberedPageChooserBlock,
)

RICH_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class StepBlock(blocks.StructBlock):
    """One step of a numbered procedure."""

    title = blocks.CharBlock(label=_("Titolo del passo"), max_length=120)
    text = blocks.RichTextBlock(label=_("Spiegazione"), features=RICH_FEATURES, required=False)

    class Meta:
        label = _("Passo")


class StepsBlock(blocks.StructBlock):
    """A numbered list of steps ("come fare")."""

    title = blocks.CharBlock(label=_("Titolo"), default=_("Come fare"), max_length=120)
    steps = blocks.ListBlock(StepBlock(), label=_("Passi"), min_num=1)

    class Meta:
        label = _("Passi numerati")
        icon = "list-ol"
        template = "blocks/steps.html"


class ChecklistBlock(blocks.StructBlock):
    """What a citizen must bring or prepare ("cosa serve")."""

    title = blocks.CharBlock(label=_("Titolo"), default=_("Cosa serve"), max_length=120)
    items = blocks.ListBlock(
        blocks.CharBlock(label=_("Voce"), max_length=200), label=_("Voci"), min_num=1
    )

    class Meta:
        label = _("Cosa serve")
        icon = "tasks"
        template = "blocks/checklist.html"


class FaqItemBlock(blocks.StructBlock):
    """A question with its answer."""

    question = blocks.CharBlock(label=_("Domanda"), max_length=200)
    answer = blocks.RichTextBlock(label=_("Risposta"), features=RICH_FEATURES)

    class Meta:
        label = _("Domanda")


class FaqBlock(blocks.StructBlock):
    """Frequently asked questions, shown as expandable items that work without JavaScript."""

    title = blocks.CharBlock(label=_("Titolo"), default=_("Domande frequenti"), max_length=120)
    items = blocks.ListBlock(FaqItemBlock(), label=_("Domande"), min_num=1)

    class Meta:
        label = _("Domande frequenti")
        icon = "help"
        template = "blocks/faq.html"


class CalloutBlock(blocks.StructBlock):
    """A highlighted box: a tip, a warning or an important date."""

    kind = blocks.ChoiceBlock(
        label=_("Tipo"),
        choices=[
            ("info", _("Informazione")),
            ("warning", _("Attenzione")),
            ("tip", _("Consiglio")),
        ],
        default="info",
    )
    title = blocks.CharBlock(label=_("Titolo"), max_length=120, required=False)
    text = blocks.RichTextBlock(label=_("Testo"), features=RICH_FEATURES)

    class Meta:
        label = _("Riquadro in evidenza")
        icon = "warning"
        template = "blocks/callout.html"


class DocumentLinkBlock(blocks.StructBlock):
    """A downloadable document with a human title."""

    document = RememberedDocumentChooserBlock(label=_("Documento"))
    title = blocks.CharBlock(
        label=_("Titolo del collegamento"),
        max_length=160,
        required=False,
        help_text=_("Se vuoto si usa il titolo del documento."),
    )

    class Meta:
        label = _("Documento da scaricare")
        icon = "doc-full"
        template = "blocks/document_link.html"


class SportelloContactBlock(blocks.StructBlock):
    """A sportello lavoro to contact, shown with its address, hours and contacts."""

    sportello = RememberedPageChooserBlock(label=_("Sportello"), page_type="network.SportelloPage")
    text = blocks.CharBlock(
        label=_("Perché contattarlo"),
        max_length=200,
        required=False,
        help_text=_("Ad esempio: «Prenota un colloquio di orientamento»."),
    )

    class Meta:
        label = _("Sportello da contattare")
        icon = "site"
        template = "blocks/sportello_contact.html"


class ImageBlock(blocks.StructBlock):
    """An image with its alternative text and an optional caption."""

    image = RememberedImageChooserBlock(label=_("Immagine"))
    alt = blocks.CharBlock(
        label=_("Testo alternativo"),
        max_length=200,
        help_text=_("Descrivi l'immagine per chi non la vede. Obbligatorio."),
    )
    caption = blocks.CharBlock(label=_("Didascalia"), max_length=200, required=False)

    class Meta:
        label = _("Immagine")
        icon = "image"
        template = "blocks/image.html"


class BodyBlock(blocks.StreamBlock):
    """The body of guides, news and the contest page."""

    paragraph = blocks.RichTextBlock(
        label=_("Paragrafo"), features=RICH_FEATURES, template="blocks/paragraph.html"
    )
    steps = StepsBlock()
    checklist = ChecklistBlock()
    faq = FaqBlock()
    callout = CalloutBlock()
    document = DocumentLinkBlock()
    sportello = SportelloContactBlock()
    image = ImageBlock()

    class Meta:
        label = _("Contenuto")

    def render_basic(self, value, context=None):
        """Wagtail's markup, but the first block knows it opens the page when the template
        says the body starts the page (`{% include_block page.body with body_opens_page=True
        %}`): an image there is the page's largest paint, fetched at once, not lazily."""
        base = context.flatten() if hasattr(context, "flatten") else dict(context or {})
        opens = bool(base.get("body_opens_page"))
        return format_html_join("\n", '<div class="w-block-{1} block-{1}">{0}</div>', [
            (child.render(context={**base, "opens_page": opens and index == 0}),
             child.block_type)
            for index, child in enumerate(value)])


class EntryPointBlock(blocks.StructBlock):
    """One of the home page's doors for an audience (young people, unemployed, employers)."""

    title = blocks.CharBlock(label=_("Titolo"), max_length=80)
    text = blocks.TextBlock(label=_("Testo breve"), max_length=300)
    audience = SnippetChooserBlock(
        "core.AudienceTag",
        label=_("Pubblico"),
        help_text=_(
            "Il riquadro porta alla pagina che raccoglie guide, corsi ed eventi "
            "per questo pubblico."
        ),
    )

    class Meta:
        label = _("Porta d'ingresso")
        icon = "user"
        template = "blocks/entry_point.html"
