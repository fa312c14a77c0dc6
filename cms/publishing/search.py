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

On a large site one index is one big Pagefind run: 360 MB and 4.5 s at 6,000 pages, at
every publish. So a top-level folder holding at least `RETE_SEARCH_SECTION_PAGES` pages
(the guides, the news…) gets a bundle of its own, `/pagefind-<folder>/`, and the rest of
the site stays in `/pagefind/`; the search page merges them in the browser (Pagefind's
`mergeIndex`). A publish re-indexes only the bundles whose pages it changed, and a full
bake indexes one bundle at a time, so its memory is that of the largest section
(`pagefind.py` runs Pagefind; this module decides the bundles and writes the page).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
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
# What marks a page as a search result (the theme's `<main data-pagefind-body>`).
BODY_MARKER = b"data-pagefind-body"
# Top-level folders of the build that are never pages (their HTML, if any, is not content).
NOT_PAGES = ("static", "media", "api")


@dataclass(frozen=True)
class SearchBundle:
    """One Pagefind bundle: the pages of a large top-level folder, or of the rest of the site.

    `files` are the HTML files it indexes, relative to the build; None for the whole build
    (a site with no large folder has just this one bundle, as Pagefind makes it by default).
    """

    folder: str = ""  # "" for the rest of the site
    files: tuple[str, ...] | None = None

    @property
    def path(self) -> str:
        """The bundle's folder in the build."""
        return f"{PAGEFIND_DIR}-{self.folder}" if self.folder else PAGEFIND_DIR

    @property
    def url(self) -> str:
        return f"/{self.path}/"


def build_search_page(*, build_dir: Path, bundles: list[SearchBundle]) -> Path:
    """Write `/cerca/index.html`, searching `bundles`; refuse if the site already has a
    page at that address. Running it again over the same build simply rewrites it.
    """
    destination = build_dir / SEARCH_URL.strip("/") / "index.html"
    if _page_at_search_url():
        raise BakeError(_("Il sito ha già una pagina all'indirizzo %(url)s, riservato alla "
                          "ricerca: cambia lo slug di quella pagina e rifai il bake.")
                        % {"url": SEARCH_URL})
    destination.parent.mkdir(parents=True, exist_ok=True)
    html = render_theme_page(template_name=SEARCH_TEMPLATE, url=SEARCH_URL,
                             context=search_page_context(bundles=bundles))
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


def search_page_context(*, bundles: Iterable[SearchBundle]) -> dict[str, object]:
    """The UI's texts and bundles, and where to send a citizen who cannot use the search.

    The first bundle is the one the UI loads from; the others are merged into it.
    """
    from cms.guides.models import GuideIndexPage
    from cms.network.models import SportelloIndexPage

    site = current_site()
    urls = [bundle.url for bundle in bundles]
    context: dict[str, object] = {"pagefind_url": urls[0], "guides_url": "", "sportelli_url": "",
                                  "ui": {**search_ui_options(), "merge": urls[1:]}}
    if site is None:
        return context
    for key, model in (("guides_url", GuideIndexPage), ("sportelli_url", SportelloIndexPage)):
        index = (model.objects.live().public().descendant_of(site.root_page)
                 .order_by("path").first())
        if index is not None and index.url:
            context[key] = index.url
    return context


def search_bundles(*, build_dir: Path) -> list[SearchBundle]:
    """The search bundles of a build's pages: the rest of the site first, then each
    top-level folder holding at least `RETE_SEARCH_SECTION_PAGES` pages.

    With no such folder, one bundle of the whole build (Pagefind then skips by itself the
    pages without a marked body). Otherwise each bundle lists its marked pages, and a
    bundle with none is left out: Pagefind, given only unmarked pages, would index them
    whole, menus and all. A theme that marks no page at all gets that on purpose: one
    bundle of the whole build, as on a small site (and the search page has one to load).
    """
    by_folder: dict[str, list[str]] = {}
    root = str(build_dir)
    for folder, names, files in os.walk(root):
        relative = folder[len(root) + 1:] or "."
        if relative == ".":
            names[:] = [name for name in names
                        if name not in NOT_PAGES and not name.startswith(PAGEFIND_DIR)]
            top = ""
        else:
            top = relative.split(os.sep, 1)[0]
        by_folder.setdefault(top, []).extend(
            name if relative == "." else f"{relative}/{name}".replace(os.sep, "/")
            for name in files if name.endswith(".html"))
    threshold = settings.RETE_SEARCH_SECTION_PAGES
    sections = sorted(folder for folder, files in by_folder.items()
                      if folder and len(files) >= threshold)
    if not sections:
        return [SearchBundle()]
    rest = sorted(name for folder, files in by_folder.items() if folder not in sections
                  for name in files)
    known = _marks.get(str(build_dir), {})
    # Built anew each time: the pages gone are forgotten with them.
    marks = _marks[str(build_dir)] = {
        name: _mark(os.path.join(build_dir, name), known=known.get(name))
        for names in (rest, *(by_folder[folder] for folder in sections)) for name in names}
    bundles = [SearchBundle(files=tuple(name for name in rest if marks[name][1]))] + [
        SearchBundle(folder=folder, files=tuple(name for name in sorted(by_folder[folder])
                                                if marks[name][1]))
        for folder in sections]
    return [bundle for bundle in bundles if bundle.files] or [SearchBundle()]


# Per build folder, whether each page file holds a marked body, with the file's identity
# (inode, modification time, size) when read. A long-lived worker then reads back only
# the pages a publish rewrote (each is replaced, so gets a new inode), not all of them;
# the bake's stages asking twice read them once.
_marks: dict[str, dict[str, tuple[tuple[int, int, int], bool]]] = {}


def _mark(path: str, *, known: tuple[tuple[int, int, int], bool] | None
          ) -> tuple[tuple[int, int, int], bool]:
    """The file's identity and whether it holds a marked body; read only if `known` is not
    of the file as it is now."""
    stat = os.stat(path)
    identity = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
    if known is not None and known[0] == identity:
        return known
    with open(path, "rb") as page:
        return identity, BODY_MARKER in page.read()


def bundle_of(page_file: str, bundles: Iterable[SearchBundle]) -> SearchBundle | None:
    """The bundle indexing `page_file` (a path relative to the build), if any."""
    bundles = list(bundles)
    top = page_file.split("/", 1)[0] if "/" in page_file else ""
    for bundle in bundles:
        if bundle.files is None or bundle.folder == top:
            return bundle
    return next((bundle for bundle in bundles if not bundle.folder), None)


def bundle_folders(build_dir: Path) -> list[Path]:
    """The search bundles' folders the build holds: `pagefind/` and each `pagefind-<folder>/`."""
    return sorted(path for path in build_dir.glob(f"{PAGEFIND_DIR}*") if path.is_dir() and (
        path.name == PAGEFIND_DIR or path.name.startswith(f"{PAGEFIND_DIR}-")))
