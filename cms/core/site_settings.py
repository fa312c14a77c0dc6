"""Where a site is published and how it looks: its public address and its theme.

One CMS can hold several networks, each a Wagtail `Site`; what used to be only environment
variables (`RETE_BASE_URL`, `RETE_THEME`) is chosen per site here. Empty fields keep the
environment's value, so an installation with one site and no settings saved bakes exactly
what it baked before.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from .themes import available_themes, theme_choices


def validate_theme(value: str) -> None:
    """A theme is the name of a folder under `themes/`."""
    if value and value not in available_themes():
        raise ValidationError(
            _("Il tema «%(theme)s» non esiste: scegli tra %(themes)s."),
            params={"theme": value, "themes": ", ".join(available_themes())},
        )


def validate_base_url(value: str) -> None:
    """An address like `https://www.rete.example.it`: scheme and host, nothing after."""
    if not value:
        return
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(_("Scrivi un indirizzo completo, ad esempio "
                                "https://www.rete.example.it."))
    if parts.path.strip("/") or parts.query or parts.fragment:
        raise ValidationError(_("Solo l'indirizzo del sito, senza percorso né parametri: "
                                "ad esempio https://www.rete.example.it."))


@register_setting(icon="globe")
class PortalSettings(BaseSiteSetting):
    """The public address and the theme of one site's baked portal."""

    base_url = models.CharField(
        _("indirizzo pubblico del sito"),
        max_length=200,
        blank=True,
        validators=[validate_base_url],
        help_text=_(
            "L'indirizzo a cui i cittadini trovano il portale pubblicato, ad esempio "
            "https://www.rete.example.it: serve per i link canonici, la mappa del sito e i "
            "feed. Lascia vuoto per usare quello dell'installazione (RETE_BASE_URL)."
        ),
    )
    theme = models.CharField(
        _("tema grafico"),
        max_length=60,
        blank=True,
        choices=theme_choices,
        validators=[validate_theme],
        help_text=_(
            "L'aspetto del portale: colori, logo, caratteri e impaginazione della pagina "
            "iniziale. Lascia vuoto per usare il tema dell'installazione (RETE_THEME). "
            "Dopo un cambio di tema avvia una pubblicazione completa."
        ),
    )

    panels = [FieldPanel("base_url"), FieldPanel("theme")]

    class Meta:
        verbose_name = _("indirizzo e tema del portale")

    def clean(self):
        super().clean()
        self.base_url = self.base_url.strip().rstrip("/")


def public_base_url(*, site) -> str:
    """The address `site` is published at, without a trailing slash."""
    if site is not None:
        chosen = PortalSettings.for_site(site).base_url
        if chosen:
            return chosen.rstrip("/")
    return settings.RETE_BASE_URL
