"""One bake per Wagtail site: which sites there are, where each is baked, which an edit touches.

Every network is a Wagtail `Site` baked on its own into `BUILD_DIR/<site_folder(site)>/`
(`cms.core.site_settings.site_folder` is the only mapping from a site to its folder). Each
site folder keeps the atomic machinery of a single build (`<folder>` links to its version
`<folder>.v-<stamp>`, `<folder>.previous`, `<folder>.manifest.json`, `<folder>.lock`…), so
a bake, a publish or a rollback of one network never touches another's files.

The stages do not take the site as an argument: `baking(site)` sets it once, with its theme
and public address (`site_settings.use_site`), and the stages read it (`current_site()`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext as _

from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import Page, Site

from cms.core.site_settings import default_site, site_folder, use_site

from .exceptions import BakeError
from .paths import stamp
from .records import note_site
from .select import pages_shown_with, referring_page_ids


def all_sites() -> list[Site]:
    """Every site, the default one first, then by host name (the order bakes run in)."""
    return list(Site.objects.select_related("root_page")
                .order_by("-is_default_site", "hostname", "port"))


def site_build_dir(site: Site, *, root: Path | None = None) -> Path:
    """`BUILD_DIR/<folder>`: where `site` is baked and deployed from (the link, not resolved).

    A `BUILD_DIR` still in the single-site layout is moved aside first.
    """
    root = Path(root if root is not None else settings.BUILD_DIR).absolute()
    move_aside_single_site_build(root=root)
    return root / site_folder(site)


def find_site(name: str) -> Site:
    """The site named by its folder or its host name (`bake --site`, `deploy <site>`)."""
    for site in all_sites():
        if name in (site_folder(site), site.hostname):
            return site
    names = ", ".join(site_folder(site) for site in all_sites()) or "—"
    raise BakeError(_("Nessun sito «%(name)s»: indica la cartella o il nome del dominio di un "
                      "sito (%(names)s).") % {"name": name, "names": names})


@contextmanager
def baking(site: Site | None) -> Iterator[Site | None]:
    """Bake for `site` (the default site if None): its tree, theme and public address, and
    its name on the bake's record."""
    site = site if site is not None else default_site()
    if site is None:  # an empty database: nothing to work for
        yield None
        return
    note_site(site)
    with use_site(site), _host_allowed(site.hostname):
        yield site


@contextmanager
def _host_allowed(hostname: str) -> Iterator[None]:
    """Let Django accept the site's host name on the bake's own requests (pages, feeds, API),
    whatever hosts the CMS itself answers to (`ALLOWED_HOSTS`: a network's public host name
    is rarely the CMS's)."""
    allowed = list(settings.ALLOWED_HOSTS)
    if "*" in allowed or hostname in allowed:
        yield
        return
    settings.ALLOWED_HOSTS = [*allowed, hostname]
    try:
        yield
    finally:
        settings.ALLOWED_HOSTS = allowed


def sites_of_pages(page_ids: Iterable[int]) -> list[Site]:
    """The sites whose tree holds any of the pages (by the path prefix of the sites' roots)."""
    paths = list(Page.objects.filter(pk__in=set(page_ids)).values_list("path", flat=True))
    return [site for site in all_sites()
            if any(path.startswith(site.root_page.path) for path in paths)]


def sites_affected_by(*, page_ids: Iterable[int] = (), objects: Iterable[models.Model] = (),
                      everything: bool = False) -> list[Site]:
    """The sites an edit must re-bake: those holding the pages; for each object, its own
    site (a site setting), else the sites of the pages that use or show it (a partner, an
    audience, an image shared by two networks re-bakes both); every site for an edit of
    unknown reach (a generic setting, something a site setting points at, `everything`
    without any page or object to place it)."""
    ids = set(page_ids)
    objects = list(objects)
    if everything and not ids and not objects:
        return all_sites()
    own_sites: set[int] = set()
    for obj in objects:
        if isinstance(obj, BaseSiteSetting):
            own_sites.add(obj.site_id)
            continue
        if isinstance(obj, BaseGenericSetting):
            return all_sites()
        users = referring_page_ids(obj)
        if users is None:
            return all_sites()
        ids |= users | pages_shown_with(obj)
    found = {site.pk for site in sites_of_pages(ids)} | own_sites
    return [site for site in all_sites() if site.pk in found]


def pages_in_site(page_ids: Iterable[int], *, site: Site) -> list[int]:
    """Those of the pages that lie in `site`'s tree."""
    return sorted(Page.objects.filter(pk__in=set(page_ids), path__startswith=site.root_page.path)
                  .values_list("pk", flat=True))


def move_aside_single_site_build(*, root: Path | None = None) -> Path | None:
    """Move a build of the single-site layout out of the way, once; return where it went.

    Before networks each had their folder, `BUILD_DIR` itself was the live build (a link to
    `build.v-<stamp>`, holding `index.html`). It becomes a plain folder of site folders: the
    old link is renamed `build.single-site-<stamp>` (its version folders stay beside it, so
    nothing is lost), and the next bake of each site writes `BUILD_DIR/<folder>/`.
    """
    root = Path(root if root is not None else settings.BUILD_DIR).absolute()
    if not (root.is_symlink() or (root / "index.html").is_file()):
        return None
    aside = root.with_name(f"{root.name}.single-site-{stamp()}")
    try:
        os.rename(root, aside)
        root.mkdir()
    except (FileNotFoundError, FileExistsError):
        return None  # another process moved it at the same moment
    return aside
