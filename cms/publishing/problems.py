"""What an editor must fix when a bake fails, page by page, with a link to edit each one.

A bake error speaks of addresses (`/chi-siamo/ → /privacy/`); the editor who just
unpublished the privacy page knows pages by title and fixes them in the admin. This
module turns what the bake found into `Problem`s — the page's title, its admin edit
link and what is wrong with it, in Italian — that the bake record keeps, the admin's
"Pubblicazione" page, the dashboard and the page's own edit view show.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from urllib.parse import urlsplit

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wagtail.models import Page

from cms.core.site_settings import current_site

from .exceptions import BrokenLinksError
from .links import BrokenLink

MAX_LISTED_LINKS = 30


@dataclass(frozen=True)
class Problem:
    """One thing to fix: on which page (`title`, `edit_url` in the admin) and what."""

    title: str
    edit_url: str
    detail: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def broken_links_error(broken: list[BrokenLink]) -> BrokenLinksError:
    """The error a bake raises when baked files point at files the build lacks.

    Its message names each page by title; `problems` lists them with edit links and
    `page` is the first of them (the bake record's "page that caused the error").
    """
    problems = broken_link_problems(broken)
    error = BrokenLinksError(broken_links_message(broken, problems=problems))
    error.problems = problems
    error.page = next((page for page in map(_page_at, (link.page_url for link in broken))
                       if page is not None), None)
    return error


def broken_link_problems(broken: Iterable[BrokenLink]) -> list[Problem]:
    """One `Problem` per page holding a broken link, and one per unpublished page linked."""
    problems: dict[str, Problem] = {}
    for link in broken:
        source = _page_at(link.page_url)
        target = _page_at(link.reference)
        what = _target_description(link.reference, target)
        if source is not None:
            key = f"source-{source.pk}"
            detail = _("collega %(what)s: togli o cambia il collegamento") % {"what": what}
            if key in problems:
                detail = problems[key].detail + "; " + detail
            problems[key] = Problem(title=source.get_admin_display_title(),
                                    edit_url=edit_url(source), detail=detail)
        if target is not None and f"target-{target.pk}" not in problems:
            problems[f"target-{target.pk}"] = Problem(
                title=target.get_admin_display_title(), edit_url=edit_url(target),
                detail=_("non è online ma altre pagine la collegano: ripubblicala, oppure "
                         "togli i collegamenti dalle pagine elencate"))
    return list(problems.values())


def broken_links_message(broken: list[BrokenLink], *, problems: list[Problem]) -> str:
    """The Italian text of the error, for logs and the `bake` command."""
    lines = [f"  {link.page_url} → {link.reference}" for link in broken[:MAX_LISTED_LINKS]]
    if len(broken) > MAX_LISTED_LINKS:
        lines.append(_("  …e altri %(count)d") % {"count": len(broken) - MAX_LISTED_LINKS})
    named = [f"  «{problem.title}»: {problem.detail}" for problem in problems]
    return "\n".join([
        ngettext("%(count)d collegamento interno non porta a nessun file del sito generato "
                 "(pagina → collegamento). Correggilo o pubblica la pagina mancante:",
                 "%(count)d collegamenti interni non portano a nessun file del sito generato "
                 "(pagina → collegamento). Correggi i collegamenti o pubblica le pagine "
                 "mancanti:", len(broken))
        % {"count": len(broken)},
        *lines,
        *([_("Pagine da correggere:"), *named] if named else []),
    ])


def page_problem(page: Page, *, detail: str) -> Problem:
    """A problem on one page (one that fails to render, say)."""
    return Problem(title=page.get_admin_display_title(), edit_url=edit_url(page), detail=detail)


def edit_url(page: Page) -> str:
    """The page's edit view in the admin."""
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def _target_description(reference: str, target: Page | None) -> str:
    if target is None:
        return _("l'indirizzo %(url)s, che non esiste sul sito") % {"url": reference}
    return (_("la pagina «%(title)s» (%(url)s), che non è pubblicata")
            % {"title": target.get_admin_display_title(), "url": reference})


def _page_at(url: str) -> Page | None:
    """The page served at a site path ("/chi-siamo/", "/chi-siamo/index.html"), if any."""
    site = current_site()
    if site is None:
        return None
    path = urlsplit(url).path
    if not path.startswith("/"):
        return None
    if not path.endswith("/"):
        if not path.endswith("/index.html"):
            return None
        path = posixpath.dirname(path) + "/"
    url_path = site.root_page.url_path.rstrip("/") + path
    return Page.objects.filter(url_path=url_path).first()
