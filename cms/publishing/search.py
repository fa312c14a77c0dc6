"""Site search on a static host: a Pagefind index of the baked pages and the `/cerca/` page.

A static host cannot run queries, so the search is done in the citizen's browser by
Pagefind (`pagefind[bin]` on PyPI): it reads the finished build, indexes only what
is inside `<main data-pagefind-body>` (no menus or footers in the results), and writes
a small bundle under `/pagefind/` that fetches only the parts of the index a query
needs. The search page is a plain theme template, rendered by the bake; it says in
a `<noscript>` what to do without JavaScript instead of showing a dead form.

What is indexed is decided by the theme's templates: only content pages mark their `<main>`
as the body (listings, which repeat every title they list, stay out, so they cannot bury the
pages), titles weigh most, and `data-pagefind-filter` gives the filters by type, comune and
audience whose names `search_ui_options` opens in the UI.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from wagtail.models import Page

from cms.core.site_settings import current_site

from .exceptions import BakeError
from .postprocess import render_theme_page

SEARCH_URL = "/cerca/"
SEARCH_TEMPLATE = "pages/search_page.html"
# Pagefind's bundle folder, relative to the build; the search page loads its UI from here.
PAGEFIND_DIR = "pagefind"
PAGEFIND_TIMEOUT_SECONDS = 600


def build_search_page(*, build_dir: Path) -> Path:
    """Write `/cerca/index.html`; refuse if the site already has a page at that address.

    Running it again over the same build simply rewrites the search page.
    """
    destination = build_dir / SEARCH_URL.strip("/") / "index.html"
    if _page_at_search_url():
        raise BakeError(_("Il sito ha già una pagina all'indirizzo %(url)s, riservato alla "
                          "ricerca: cambia lo slug di quella pagina e rifai il bake.")
                        % {"url": SEARCH_URL})
    destination.parent.mkdir(parents=True, exist_ok=True)
    html = render_theme_page(template_name=SEARCH_TEMPLATE, url=SEARCH_URL,
                             context=search_page_context())
    destination.write_text(html, encoding="utf-8")
    return destination


def _page_at_search_url() -> bool:
    """Whether an editor has created a page whose address is the search page's."""
    site = current_site()
    if site is None:
        return False
    url_path = site.root_page.url_path + SEARCH_URL.lstrip("/")
    return Page.objects.filter(url_path=url_path).exists()


def pagefind_ui_strings() -> dict[str, str]:
    """Every text of Pagefind's default UI, in the site's language (its `translations` option).

    Pagefind ships its own Italian, but some of it is wrong for a search box (the clear
    button reads «Cancella la cronologia»), and its texts bypass Django's translations.
    """
    return {
        "placeholder": _("Per esempio: curriculum, corso, Varese"),
        "clear_search": _("Svuota la ricerca"),
        "load_more": _("Mostra altri risultati"),
        "search_label": _("Cerca nel sito"),
        "filters_label": _("Filtra i risultati"),
        "zero_results": _("Nessun risultato per «[SEARCH_TERM]»"),
        "many_results": _("[COUNT] risultati per «[SEARCH_TERM]»"),
        "one_result": _("[COUNT] risultato per «[SEARCH_TERM]»"),
        "total_zero_results": _("Nessun risultato"),
        "total_one_result": _("[COUNT] risultato"),
        "total_many_results": _("[COUNT] risultati"),
        "alt_search": _("Nessun risultato per «[SEARCH_TERM]». Ecco i risultati per "
                        "«[DIFFERENT_TERM]»."),
        "search_suggestion": _("Nessun risultato per «[SEARCH_TERM]». Prova una di queste "
                               "ricerche:"),
        "searching": _("Ricerca di «[SEARCH_TERM]» in corso…"),
        "results_label": _("Risultati della ricerca"),
        "keyboard_navigate": _("per spostarti"),
        "keyboard_select": _("per scegliere"),
        "keyboard_clear": _("per svuotare"),
        "keyboard_close": _("per chiudere"),
        "keyboard_search": _("per cercare"),
        "error_search": _("La ricerca non ha funzionato: riprova tra poco."),
        "filter_selected_one": _("[COUNT] scelto"),
        "filter_selected_many": _("[COUNT] scelti"),
        "input_hint": _("I risultati compaiono mentre scrivi"),
        "loading": _("Caricamento…"),
    }


def search_ui_options() -> dict[str, object]:
    """What the search page's script passes to Pagefind's UI, and the label it gives the input.

    The filter names are the ones the theme's templates write in `data-pagefind-filter`.
    """
    return {"translations": pagefind_ui_strings(), "label": _("Che cosa cerchi?"),
            "open_filters": [_("Tipo")]}


def search_page_context() -> dict[str, object]:
    """The UI's texts, and where to send a citizen who cannot use the search."""
    from cms.guides.models import GuideIndexPage
    from cms.network.models import SportelloIndexPage

    site = current_site()
    context: dict[str, object] = {"pagefind_url": f"/{PAGEFIND_DIR}/", "guides_url": "",
                                  "sportelli_url": "", "ui": search_ui_options()}
    if site is None:
        return context
    for key, model in (("guides_url", GuideIndexPage), ("sportelli_url", SportelloIndexPage)):
        index = (model.objects.live().public().descendant_of(site.root_page)
                 .order_by("path").first())
        if index is not None and index.url:
            context[key] = index.url
    return context


def build_search_index(*, build_dir: Path) -> Path:
    """Run Pagefind over the build; return the bundle folder (`<build>/pagefind/`).

    The language is forced to the site's own, so pages without a `lang` (the
    redirect pages) cannot split the index in two.
    """
    language = settings.LANGUAGE_CODE.split("-")[0]
    command = [sys.executable, "-m", "pagefind", "--site", str(build_dir),
               "--output-subdir", PAGEFIND_DIR, "--force-language", language, "--silent"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False,
                                timeout=PAGEFIND_TIMEOUT_SECONDS)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise BakeError(_("L'indice di ricerca (Pagefind) non si genera: %(error)s. "
                          "Controlla che il pacchetto «pagefind[bin]» sia installato.")
                        % {"error": error}) from error
    bundle = build_dir / PAGEFIND_DIR
    if result.returncode != 0 or not (bundle / "pagefind-entry.json").is_file():
        detail = (result.stderr or result.stdout).strip()[-2000:]
        raise BakeError(_("L'indice di ricerca (Pagefind) non si genera (codice %(code)s): "
                          "%(detail)s") % {"code": result.returncode, "detail": detail})
    return bundle
