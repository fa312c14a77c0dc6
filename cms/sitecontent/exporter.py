"""Write the CMS content back to the `site_content/` layout.

The export is the loader's mirror: loading a folder into an empty database and
exporting it gives back the same bytes. Date expressions survive the trip: the
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

from . import yamlio
from .codec import Codec, field_specs
from .layout import SETTINGS_SECTIONS, SITE_FILE, SNIPPET_FILES, page_file_for
from .loader import anchor_day
from .media import export_media
from .models import LoadedFile
from .redirects import REDIRECTS_FILE, export_redirects
from .references import ContentError, ReverseLookup


@dataclass
class ExportReport:
    """The files written, relative to the export folder."""

    files: list[str] = field(default_factory=list)


def export_site_content(*, path: Path, absolute_dates: bool = False) -> ExportReport:
    """Replace pages/, snippets/, media/, site.yaml and redirects.yaml under `path` with the
    CMS content.

    Dates are written as the loader read them (relative ones stay relative, so demo
    content never goes stale); with `absolute_dates`, every date is a calendar date, for
    an archive or a copy that must say the same whatever day it is loaded.
    """
    root = Path(path)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        raise ContentError("nessun sito configurato: carica prima i contenuti")
    home = site.root_page
    for name in ("pages", "snippets", "media"):
        shutil.rmtree(root / name, ignore_errors=True)
    (root / SITE_FILE).unlink(missing_ok=True)
    (root / REDIRECTS_FILE).unlink(missing_ok=True)
    reverse = ReverseLookup.build(home=home)
    codec = Codec(anchor=None if absolute_dates else anchor_day(), reverse=reverse)
    with translation.override("it"):
        _export_site(root=root, site=site, codec=codec)
        _export_snippets(root=root, codec=codec)
        _export_pages(root=root, home=home, codec=codec)
        export_redirects(root=root, site=site)
        for kind in ("image", "document"):
            export_media(root=root, kind=kind, names=getattr(reverse, f"{kind}s"))
    report = ExportReport(files=sorted(p.relative_to(root).as_posix()
                                       for p in root.rglob("*") if p.is_file()))
    return report


def _export_site(*, root: Path, site: Site, codec: Codec) -> None:
    data = {"site": {"hostname": site.hostname}}
    if site.port != 80:
        data["site"]["port"] = site.port
    data["site"]["site_name"] = site.site_name
    for section, label in SETTINGS_SECTIONS.items():
        values = codec.read(apps.get_model(label).for_site(site))
        if values:
            data[section] = values
    yamlio.write(root / SITE_FILE, data)


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


def _export_pages(*, root: Path, home: Page, codec: Codec) -> None:
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
        fields = codec.read(specific, original=original)
        if fields:
            data["fields"] = fields
        relative = page_file_for(url_path=url_path, has_children=has_children)
        if url_path == "/":
            relative = "pages/index.yaml"
        yamlio.write(root / relative, data)


__all__ = ["ExportReport", "export_site_content", "field_specs"]
