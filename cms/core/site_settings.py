"""Where a site is published and how it looks: its public address and its theme.

One CMS can hold several networks, each a Wagtail `Site`; what used to be only environment
variables (`RETE_BASE_URL`, `RETE_THEME`) is chosen per site here. Empty fields keep the
environment's value, so an installation with one site and no settings saved bakes exactly
what it baked before.
"""

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site

from .themes import theme_choices, use_theme

# How to read the portal settings of the site being worked for (`use_site`,
# `use_request_site`): read when first needed, then kept for the block.
_active_portal: ContextVar[Callable[[], "PortalSettings | None"] | None] = ContextVar(
    "rete_active_portal", default=None)
# How to read the site itself being worked for (the bake of one site, a request's site).
_active_site: ContextVar[Callable[[], Site | None] | None] = ContextVar(
    "rete_active_site", default=None)


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
        help_text=_(
            "L'aspetto del portale: colori, logo, caratteri e impaginazione della pagina "
            "iniziale. Lascia vuoto per usare il tema dell'installazione (RETE_THEME). "
            "Al salvataggio il portale viene rigenerato per intero, nel nuovo tema."
        ),
    )

    folder = models.SlugField(
        _("cartella del sito generato"),
        max_length=60,
        blank=True,
        help_text=_(
            "Il nome della cartella in cui il portale viene generato (build/<cartella>/) e "
            "da cui viene pubblicato, ad esempio citta-del-lavoro: solo lettere minuscole, "
            "cifre e trattini. Lascia vuoto per usare il nome del dominio del sito."
        ),
    )

    panels = [FieldPanel("base_url"), FieldPanel("theme"), FieldPanel("folder")]

    class Meta:
        verbose_name = _("indirizzo e tema del portale")

    def clean(self):
        super().clean()
        self.base_url = self.base_url.strip().rstrip("/")
        others = PortalSettings.objects.exclude(site_id=self.site_id)
        if self.folder and others.filter(folder=self.folder).exists():
            raise ValidationError({"folder": _(
                "Un altro sito usa già la cartella «%(folder)s»: scegline un'altra, "
                "altrimenti i due portali si sovrascriverebbero.") % {"folder": self.folder}})


def portal_of(site) -> PortalSettings | None:
    """The portal settings `site` saved, if any (read without creating them, so a bake
    writes nothing to the database)."""
    if site is None:
        return None
    return PortalSettings.objects.filter(site=site).first()


def site_folder(site) -> str:
    """The folder under `build/` that `site` is baked into and deployed from.

    The one place mapping a site to its folder: the one it chose, else its hostname
    (with the port when it is not the default one), made safe for a file name.
    """
    portal = portal_of(site)
    if portal and portal.folder:
        return portal.folder
    port = "" if site.port in (80, 443) else f"-{site.port}"
    return slugify(f"{site.hostname}{port}".replace(".", "-")) or f"sito-{site.pk}"


def site_theme(*, site) -> str:
    """The theme `site` has chosen, or the installation's (`RETE_THEME`)."""
    portal = portal_of(site)
    return (portal.theme if portal else "") or settings.THEME


def working_site() -> Site | None:
    """The site being worked for (`use_site`, `use_request_site`), None outside both."""
    read = _active_site.get()
    return read() if read is not None else None


def default_site() -> Site | None:
    """The default site: what a bake or a command given no site works for."""
    return Site.objects.filter(is_default_site=True).select_related("root_page").first()


def current_site() -> Site | None:
    """The site being worked for, else the default site: the one a bake publishes."""
    return working_site() or default_site()


def in_current_site(pages):
    """Only those of `pages` (a page queryset) in the tree of the site being worked for:
    each network's feeds, calendars, API and listings show its own pages."""
    site = current_site()
    return pages if site is None else pages.descendant_of(site.root_page, inclusive=True)


def public_base_url(*, site=None) -> str:
    """The address a site is published at, without a trailing slash.

    Without `site`: the site being worked for (a request's, or the one named with
    `use_site`), else the default site; a site that chose none has `RETE_BASE_URL`.
    """
    if site is not None:
        portal = portal_of(site)
    elif (read_active := _active_portal.get()) is not None:
        portal = read_active()
    else:
        portal = PortalSettings.objects.filter(site__is_default_site=True).first()
    return (portal.base_url.rstrip("/") if portal else "") or settings.RETE_BASE_URL


@contextmanager
def _working_for(read_portal: Callable[[], PortalSettings | None],
                 read_site: Callable[[], Site | None]) -> Iterator[None]:
    """Work in the theme and for the address of one site's portal settings, read the first
    time either is needed."""
    read_once = functools.cache(read_portal)
    token = _active_portal.set(read_once)
    site_token = _active_site.set(functools.cache(read_site))
    try:
        with use_theme(lambda: getattr(read_once(), "theme", "") or settings.THEME):
            yield
    finally:
        _active_site.reset(site_token)
        _active_portal.reset(token)


@contextmanager
def use_site(site) -> Iterator[None]:
    """Work for `site`: its theme, its public address, its pages' local URLs (a bake of
    one site wraps itself in this)."""
    with _working_for(lambda: portal_of(site), lambda: site):
        yield


@contextmanager
def use_request_site(request) -> Iterator[None]:
    """Work for the site a request is for."""
    with _working_for(lambda: request_portal(request), lambda: Site.find_for_request(request)):
        yield


_NOT_READ = object()


def request_portal(request) -> PortalSettings | None:
    """The portal settings of the site a request is for, read once per request (the bake
    hands them to its requests ready, under the name Wagtail's `for_request` keeps them)."""
    portal = getattr(request, PortalSettings.get_cache_attr_name(), _NOT_READ)
    if portal is _NOT_READ:
        portal = getattr(request, "_rete_portal", _NOT_READ)
    if portal is _NOT_READ:
        portal = request._rete_portal = portal_of(Site.find_for_request(request))
    return portal
