"""Write the CMS content back to the `site_content/` layout.

The export is the loader's mirror: loading a folder into an empty database and
exporting it gives back the same bytes, for each network. Date expressions survive the trip: the
expression a page was loaded with is kept while it still gives the stored value at
the recorded anchor; a date an editor changed is written as "@±N" from the anchor.
With `absolute_dates`, every date is written as the calendar date it is.
"""

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from django.apps import apps
from django.utils import translation

from wagtail.models import Page, Site

from cms.core.site_settings import site_folder

from . import yamlio
from .codec import Codec, field_specs
from .files import write_file_fields
from .layout import (
    SETTINGS_SECTIONS,
    SITE_FILE,
    SNIPPET_FILES,
    Network,
    is_single_network,
    network_at,
    page_file_for,
)
from .loader import anchor_day
from .media import export_media
from .models import LoadedFile
from .redirects import REDIRECTS_FILE, export_redirects
from .references import ContentError, ReverseLookup


@dataclass
class ExportReport:
    """The files written, relative to the export folder."""

    files: list[str] = field(default_factory=list)


def export_site_content(*, path: Path, absolute_dates: bool = False,
                        network: str | None = None) -> ExportReport:
    """Write the CMS content under `path`: every network's pages/, site.yaml and
    redirects.yaml into networks/<folder>/ (only `network`'s, when given), and the shared
    snippets/ and media/ at the top. A folder with pages/ at the top (a single network)
    gets the default site back in that layout.

    Dates are written as the loader read them (relative ones stay relative, so demo
    content never goes stale); with `absolute_dates`, every date is a calendar date, for
    an archive or a copy that must say the same whatever day it is loaded.
    """
    root = Path(path)
    targets = _targets(root=root, network=network)
    for name in ("snippets", "media"):
        shutil.rmtree(root / name, ignore_errors=True)
    anchor = None if absolute_dates else anchor_day()
    images, documents = {}, {}
    with translation.override("it"):
        for target, site in targets:
            shutil.rmtree(target.root / "pages", ignore_errors=True)
            (target.root / SITE_FILE).unlink(missing_ok=True)
            (target.root / REDIRECTS_FILE).unlink(missing_ok=True)
            reverse = ReverseLookup.build(home=site.root_page)
            codec = Codec(anchor=anchor, reverse=reverse)
            _export_site(network=target, site=site, codec=codec)
            _export_pages(network=target, home=site.root_page, codec=codec)
            export_redirects(root=target.root, site=site)
            images.update(reverse.images)
            documents.update(reverse.documents)
        default = next((site for _target, site in targets if site.is_default_site), None)
        reverse = ReverseLookup.build(home=(default or targets[0][1]).root_page)
        reverse.images.update(images)
        reverse.documents.update(documents)
        _export_snippets(root=root, codec=Codec(anchor=anchor, reverse=reverse))
        for kind in ("image", "document"):
            export_media(root=root, kind=kind, names=getattr(reverse, f"{kind}s"))
    report = ExportReport(files=sorted(p.relative_to(root).as_posix()
                                       for p in root.rglob("*") if p.is_file()))
    return report


def _targets(*, root: Path, network: str | None) -> list[tuple[Network, Site]]:
    """(network folder, its Site) for each network to write."""
    from cms.home.models import HomePage

    if is_single_network(root):
        if network:
            raise ContentError(f"la cartella {root} contiene una sola rete (pages/ in cima): "
                               f"togli --network {network}")
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise ContentError("nessun sito configurato: carica prima i contenuti")
        return [(network_at(root, ""), site)]
    sites = [site for site in Site.objects.select_related("root_page").order_by("pk")
             if isinstance(site.root_page.specific, HomePage)]
    if not sites:
        raise ContentError("nessun sito configurato: carica prima i contenuti")
    targets = sorted(((network_at(root, site_folder(site)), site) for site in sites),
                     key=lambda pair: pair[0].name)
    if network is None:
        return targets
    chosen = [pair for pair in targets if pair[0].name == network]
    if not chosen:
        names = ", ".join(pair[0].name for pair in targets)
        raise ContentError(f"nessun sito con la cartella «{network}» (ci sono: {names})")
    return chosen


def _export_site(*, network: Network, site: Site, codec: Codec) -> None:
    data = {"site": {"hostname": site.hostname}}
    if site.port != 80:
        data["site"]["port"] = site.port
    data["site"]["site_name"] = site.site_name
    if network.name and site.is_default_site:
        data["site"]["default"] = True
    for section, label in SETTINGS_SECTIONS.items():
        values = codec.read(apps.get_model(label).for_site(site))
        if network.name and section == "portal":
            values.pop("folder", None)  # the network's folder name says it
        if values:
            data[section] = values
    yamlio.write(network.root / SITE_FILE, data)


def _export_snippets(*, root: Path, codec: Codec) -> None:
    for name, label in SNIPPET_FILES.items():
        model = apps.get_model(label)
        ordering = list(model._meta.ordering or []) + ["slug"]
        records = []
        for obj in model.objects.order_by(*ordering):
            values = codec.read(obj)
            records.append({"slug": obj.slug, **{k: v for k, v in values.items() if k != "slug"}})
        if records:
            yamlio.write(root / "snippets" / f"{name}.yaml", records)


def _original_fields(page: Page) -> tuple[dict, str | None]:
    record = LoadedFile.objects.filter(kind="page", object_id=page.pk).first()
    if not record or not record.source:
        return {}, None
    data = yaml.safe_load(record.source) or {}
    return data.get("fields") or {}, record.path


def _export_pages(*, network: Network, home: Page, codec: Codec) -> None:
    prefix = home.url_path
    pages = [home] + list(home.get_descendants())
    for page in pages:
        specific = page.specific
        url_path = "/" + page.url_path[len(prefix):]
        original, loaded_from = _original_fields(page)
        has_children = page.numchild > 0 or bool(loaded_from and
                                                  loaded_from.endswith("/index.yaml"))
        data = {"type": f"{specific._meta.app_label}.{type(specific).__name__}",
                "title": specific.title}
        if page.pk != home.pk:
            siblings = list(page.get_siblings().values_list("pk", flat=True))
            data["position"] = siblings.index(page.pk) + 1
        if not specific.live:
            data["live"] = False
        if specific.show_in_menus:
            data["show_in_menus"] = True
        if specific.seo_title:
            data["seo_title"] = specific.seo_title
        if specific.search_description:
            data["search_description"] = specific.search_description
        relative = page_file_for(url_path=url_path, has_children=has_children)
        if url_path == "/":
            relative = "pages/index.yaml"
        fields = codec.read(specific, original=original)
        write_file_fields(model=type(specific), fields=fields, root=network.root,
                          relative=relative)
        if fields:
            data["fields"] = fields
        yamlio.write(network.root / relative, data)


__all__ = ["ExportReport", "export_site_content", "field_specs"]
