"""The network's announcements."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.search import index

from cms.core.blocks import BodyBlock
from cms.core.models import BasePage
from cms.core.pagination import PaginatedIndexMixin
from cms.core.serializers import PublicMediaField


class NewsIndexPage(PaginatedIndexMixin, BasePage):
    """All news, newest first, twelve to a page (`/notizie/pagina/2/`…)."""

    template = "pages/news_index_page.html"
    parent_page_types = ["core.HomePage"]
    subpage_types = ["news.NewsPage"]
    max_count_per_parent = 1

    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("elenco delle notizie")

    def listing_items(self):
        # Each card's picture asks for six renditions of its image: read with the image
        # (two queries per listing page) rather than looked up card by card.
        images = get_image_model().objects.prefetch_renditions()
        return (NewsPage.objects.child_of(self).live().public()
                .prefetch_related(Prefetch("image", queryset=images)).order_by("-date", "-id"))

    def get_context(self, request, *args, page_number: int = 1, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.listing_context(number=page_number, request=request))
        context["news"] = context["page_obj"].object_list
        return context


class NewsPage(BasePage):
    """One announcement."""

    template = "pages/news_page.html"
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types: list[str] = []

    date = models.DateField(_("data"), default=timezone.localdate)
    author = models.CharField(_("a cura di"), max_length=120, blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("immagine"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    image_alt = models.CharField(_("testo alternativo dell'immagine"), max_length=200, blank=True,
                                 help_text=_("Descrivi l'immagine per chi non la vede."))
    body = StreamField(BodyBlock(), verbose_name=_("contenuto"))

    content_panels = Page.content_panels + [
        FieldPanel("date"), FieldPanel("author"), FieldPanel("intro"),
        FieldPanel("image"), FieldPanel("image_alt"), FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("body")]
    api_fields = BasePage.api_fields + [
        APIField("date"), APIField("author"), APIField("image", serializer=PublicMediaField()),
        APIField("image_alt"), APIField("body")]

    class Meta:
        verbose_name = _("notizia")
        verbose_name_plural = _("notizie")

    def clean(self):
        super().clean()
        if self.image_id and not self.image_alt.strip():
            raise ValidationError(
                {
                    "image_alt": _(
                        "Scrivi un testo alternativo per l'immagine: "
                        "serve a chi usa un lettore di schermo."
                    )
                }
            )

    def preview_image(self):
        """The image link previews show (OpenGraph), with its alternative text, or None
        (also when the image sits in a private collection: it must not leave the CMS)."""
        from cms.core.media_privacy import public_media

        image = public_media(self.image) if self.image_id else None
        return (image, self.image_alt) if image is not None else None
