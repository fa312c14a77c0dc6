"""Wagtail redirects in a network's `redirects.yaml`, so an export followed by a load keeps them.

Old addresses that editors redirected (a renamed office, a moved guide) are published
content too: dropping them breaks links from outside. Each record names its `old_path`,
either a `redirect_page` (the page's path in the site, as the page files are named) or a
`redirect_link`, and `is_permanent`. Loading creates or updates a redirect per old path and
leaves others alone, so it is safe to run twice. Redirects are per site (Wagtail matches a
request's site first): a network's file holds its site's, plus those for all sites (from
before there were several) that lead into its pages, or, for the default site, elsewhere.
"""

from pathlib import Path

from django.db.models import Q

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site

from . import yamlio
from .references import ContentError

REDIRECTS_FILE = "redirects.yaml"
KEYS = {"old_path", "redirect_page", "redirect_link", "is_permanent"}


def export_redirects(*, root: Path, site: Site) -> None:
    """Write redirects.yaml (nothing when there is no redirect)."""
    prefix = site.root_page.url_path
    records = []
    redirects = Redirect.objects.filter(Q(site=site) | Q(site=None))
    for redirect in redirects.select_related("redirect_page").order_by("old_path", "pk"):
        record = {"old_path": redirect.old_path}
        page = redirect.redirect_page
        if redirect.site_id is None and page is None and not site.is_default_site:
            continue  # a link for all sites from before: the default site's file keeps it
        if page is not None:
            if not page.url_path.startswith(prefix):
                continue  # a page of another site: not part of this content
            record["redirect_page"] = "/" + page.url_path[len(prefix):]
        else:
            record["redirect_link"] = redirect.redirect_link
        record["is_permanent"] = redirect.is_permanent
        records.append(record)
    if records:
        yamlio.write(root / REDIRECTS_FILE, records)


def load_redirects(*, root: Path, site: Site | None, relative: str = REDIRECTS_FILE) -> bool:
    """Create or update `site`'s redirects from the redirects.yaml in `root` (named
    `relative` in errors); whether there was a file to load."""
    file = root / REDIRECTS_FILE
    if not file.exists() or site is None:
        return False
    data, _text = yamlio.read(file, root=root)
    prefix = site.root_page.url_path
    for number, record in enumerate(data or [], start=1):
        where = f"[{number}]"
        if not isinstance(record, dict) or set(record) - KEYS or "old_path" not in record:
            raise ContentError("ogni reindirizzamento ha old_path, redirect_page o "
                               "redirect_link, is_permanent", file=relative, field=where)
        if ("redirect_page" in record) == ("redirect_link" in record):
            raise ContentError("indica redirect_page oppure redirect_link (uno solo)",
                               file=relative, field=f"{where}.redirect_page")
        page = None
        if "redirect_page" in record:
            path = prefix + str(record["redirect_page"]).strip("/") + "/"
            page = Page.objects.filter(url_path=path.replace("//", "/")).first()
            if page is None:
                raise ContentError(f"nessuna pagina «{record['redirect_page']}»: correggi il "
                                   "percorso", file=relative, field=f"{where}.redirect_page")
        old_path = Redirect.normalise_path(str(record["old_path"]))
        # One per old path and site: one for all sites (site=None) would answer too.
        redirect = (Redirect.objects.filter(old_path=old_path, site=site).first()
                    or Redirect.objects.filter(old_path=old_path, site=None).first()
                    or Redirect(old_path=old_path))
        redirect.site = site
        redirect.redirect_page = page
        redirect.redirect_link = str(record.get("redirect_link", ""))
        redirect.is_permanent = bool(record.get("is_permanent", True))
        redirect.save()
    return True
