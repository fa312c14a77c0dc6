"""Load `site_content/` into the CMS, safely and repeatably.

Rules (see site_content/README.md):

* a file whose checksum is unchanged since the last load is skipped;
* a changed file updates its page only if nobody edited the page in the CMS since
  (its latest revision is still the one the loader made); otherwise it is left alone
  and reported, unless ``force``;
* pages in the CMS without a file are never touched;
* everything runs in one transaction: a mistake in any file loads nothing.

Each network folder becomes a Wagtail `Site` with its own home page (a child of the tree
root), found again at the next load by its `PortalSettings.folder`, the network's folder
name, which is also where the bake writes it (`build/<folder>/`). Shared snippets and
media are loaded once, before the networks.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.forms.models import model_to_dict
from django.utils import timezone, translation

from wagtail.models import Page, Site

from cms.core.site_settings import PortalSettings

from . import yamlio
from .codec import Codec, validation_error
from .files import read_file_fields
from .layout import (
    HOME_SLUG,
    NETWORKS_DIR,
    PAGE_KEYS,
    SETTINGS_SECTIONS,
    SITE_FILE,
    SITE_KEYS,
    SNIPPET_FILES,
    Network,
    PageFile,
    discover_networks,
    discover_pages,
    is_single_network,
)
from .media import load_media
from .models import ContentAnchor, LoadedFile
from .redirects import REDIRECTS_FILE, load_redirects
from .references import ContentError, Lookup, normalise_path


@dataclass
class LoadReport:
    """What a load did, file by file, for the command to print and tests to check."""

    anchor: datetime.date | None = None
    dry_run: bool = False
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[tuple[str, str]] = field(default_factory=list)  # (file, why it was not loaded)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


class _Rollback(Exception):
    """Raised inside the transaction to undo a dry run."""


def content_is_loaded(*, network: str | None = None) -> bool:
    """True when the database already has a home page (used by ``--if-empty``); with
    `network`, when that network's site exists (a site whose folder is its name)."""
    from cms.home.models import HomePage

    if network is None:
        return HomePage.objects.exists()
    return PortalSettings.objects.filter(folder=network).exists()


def networks_to_load(*, path: Path) -> list[str]:
    """The networks of the folder at `path` that the database does not have yet."""
    root = Path(path)
    if is_single_network(root):
        return [] if content_is_loaded() else [""]
    return [network.name for network in discover_networks(root)
            if not content_is_loaded(network=network.name)]


def anchor_day(*, today: datetime.date | None = None, create: bool = False) -> datetime.date | None:
    """The recorded anchor day; at the first load it is created from `today`."""
    anchor = ContentAnchor.objects.order_by("pk").first()
    if anchor:
        return anchor.day
    if not create:
        return None
    return ContentAnchor.objects.create(day=today or timezone.localdate()).day


def load_site_content(*, path: Path, force: bool = False, dry_run: bool = False,
                      today: datetime.date | None = None,
                      networks: Iterable[str] | None = None) -> LoadReport:
    """Load the shared snippets and media and every network under `path` (only `networks`,
    by folder name, when given); see the module docstring for what is overwritten."""
    root = Path(path)
    if not ((root / "pages").is_dir() or (root / NETWORKS_DIR).is_dir()):
        raise ContentError(f"la cartella {root} non contiene pages/ né {NETWORKS_DIR}/: indica "
                           f"con --path la cartella dei contenuti")
    if networks is None:
        chosen = discover_networks(root)
    else:
        chosen = [found for name in networks
                  for found in discover_networks(root, only=name or None)]
    report = LoadReport(dry_run=dry_run)
    stored_files: list[str] = []
    try:
        with translation.override("it"), transaction.atomic():
            report.anchor = anchor_day(today=today, create=True)
            for kind in ("image", "document"):
                load_media(root=root, kind=kind, report=report, stored_files=stored_files)
            _load_snippets(root=root, report=report, force=force)
            for network in chosen:
                _load_network(root=root, network=network, report=report, force=force)
            if dry_run:
                raise _Rollback
    except _Rollback:
        _delete_files(stored_files)
    except Exception:
        _delete_files(stored_files)
        raise
    return report


def _load_network(*, root: Path, network: Network, report: LoadReport, force: bool) -> None:
    """One network: its pages under its own home, its Site, settings and redirects."""
    site_data, site_text = _read_site_file(root=root, network=network)
    is_default = not network.name or bool(site_data.get("site", {}).get("default"))
    site = _site_of(network=network, is_default=is_default)
    if site is not None and network.name:
        _adopt_single_folder_records(network=network, site=site, site_data=site_data,
                                     site_text=site_text)
    loader = _PageLoader(root=root, network=network, report=report, force=force,
                         anchor=report.anchor, site=site, is_default=is_default,
                         site_data=site_data.get("site", {}))
    home = loader.run()
    if home is not None:
        loader.point_site_at(home)
    site = loader.site
    if site is not None and network.name:
        portal = PortalSettings.for_site(site)
        if portal.folder != network.name:
            portal.folder = network.name
            portal.save(update_fields=["folder"])
    if site_text is not None and site is not None:
        _load_site(network=network, site=site, home=home, anchor=report.anchor,
                   data=site_data, text=site_text, report=report)
    if site is not None and load_redirects(root=network.root, site=site,
                                           relative=network.relative(REDIRECTS_FILE)):
        report.updated.append(network.relative(REDIRECTS_FILE))


def _read_site_file(*, root: Path, network: Network) -> tuple[dict, str | None]:
    """The network's site.yaml, its sections checked (({}, None) when there is none)."""
    file = network.root / SITE_FILE
    if not file.exists():
        return {}, None
    relative = network.relative(SITE_FILE)
    data, text = yamlio.read(file, root=root)
    data = data or {}
    if not isinstance(data, dict):
        raise ContentError("il file deve avere le sezioni site, identity, …", file=relative)
    unknown = set(data) - {"site", *SETTINGS_SECTIONS}
    if unknown:
        raise ContentError(f"sezione sconosciuta (ammesse: site, {', '.join(SETTINGS_SECTIONS)})",
                           file=relative, field=sorted(unknown)[0])
    allowed = SITE_KEYS if network.name else SITE_KEYS[:-1]
    data["site"] = data.get("site") or {}
    for key in data["site"]:
        if key not in allowed:
            raise ContentError(f"ammessi {', '.join(allowed)}", file=relative,
                               field=f"site.{key}")
    folder = (data.get("portal") or {}).get("folder")
    if network.name and folder not in (None, network.name):
        raise ContentError(f"la cartella del sito è il nome della cartella della rete "
                           f"(«{network.name}»): togli «folder»", file=relative,
                           field="portal.folder")
    return data, text


def _site_of(*, network: Network, is_default: bool) -> Site | None:
    """The Site a network was loaded into: the one whose folder is the network's name;
    before its first load, the default network takes the default site (Wagtail's own, or a
    site loaded from a single-network folder) unless another network already has it."""
    default = Site.objects.filter(is_default_site=True).first()
    if not network.name:
        return default or Site.objects.first()
    portal = PortalSettings.objects.filter(folder=network.name).select_related("site").first()
    if portal is not None:
        return portal.site
    if is_default and default is not None:
        taken = PortalSettings.objects.filter(site=default).exclude(folder="").exists()
        if not taken:
            return default
    return None


def _adopt_single_folder_records(*, network: Network, site: Site, site_data: dict,
                                 site_text: str | None) -> None:
    """A database loaded before the networks had folders recorded the default network's
    files as pages/… and site.yaml: name them as they are now, so unchanged pages stay
    unchanged and pages edited in the CMS stay protected. A site.yaml that only gained
    `default: true` counts as unchanged, so the settings edited in the CMS stay too."""
    if not site.is_default_site:
        return
    old = LoadedFile.objects.filter(Q(path__startswith="pages/") | Q(path=SITE_FILE))
    for record in old:
        if not LoadedFile.objects.filter(path=network.relative(record.path)).exists():
            record.path = network.relative(record.path)
            record.save(update_fields=["path"])
            if record.kind == "site" and site_text is not None:
                _accept_if_only_default_was_added(record, site_data=site_data, text=site_text)


def _accept_if_only_default_was_added(record: LoadedFile, *, site_data: dict, text: str) -> None:
    recorded = yaml.safe_load(record.source or "") or {}
    current = {**site_data, "site": {key: value for key, value in site_data["site"].items()
                                     if key != "default"}}
    recorded["site"] = recorded.get("site") or {}
    if {k: v for k, v in current.items() if v} == {k: v for k, v in recorded.items() if v}:
        record.checksum, record.source = yamlio.checksum(text.encode()), text
        record.save(update_fields=["checksum", "source"])


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def _record(relative: str):
    return LoadedFile.objects.filter(path=relative).first()


def _save_record(relative: str, *, kind: str, text: str, object_id=None, revision_id=None):
    LoadedFile.objects.update_or_create(path=relative, defaults={
        "kind": kind, "checksum": yamlio.checksum(text.encode()), "source": text,
        "object_id": object_id, "revision_id": revision_id})


def _unchanged(relative: str, text: str) -> bool:
    record = _record(relative)
    return bool(record and record.checksum == yamlio.checksum(text.encode()))


def _load_snippets(*, root: Path, report: LoadReport, force: bool) -> None:
    codec = Codec(anchor=report.anchor, lookup=Lookup.build(home=None))
    for name, label in SNIPPET_FILES.items():
        file = root / "snippets" / f"{name}.yaml"
        if not file.exists():
            continue
        relative = file.relative_to(root).as_posix()
        records, text = yamlio.read(file, root=root)
        if _unchanged(relative, text) and not force:
            report.unchanged.append(relative)
            continue
        model = apps.get_model(label)
        for index, item in enumerate(records or []):
            where = f"[{index + 1}]"
            if not isinstance(item, dict) or not item.get("slug"):
                raise ContentError("ogni voce deve avere un «slug»", file=relative, field=where)
            obj = model.objects.filter(slug=item["slug"]).first() or model()
            before = model_to_dict(obj) if obj.pk else None
            try:
                later = codec.apply(obj, item)
                obj.full_clean()
            except ContentError as error:
                raise ContentError(error.detail, file=relative,
                                   field=f"{where}.{error.field}") from None
            except ValidationError as error:
                raise validation_error(error, prefix=f"{where}.").located(file=relative) from None
            if before != model_to_dict(obj):
                obj.save()
            for key, (_kind, value) in later.items():
                getattr(obj, key).set(value)
        report.updated.append(relative)
        _save_record(relative, kind="snippets", text=text)


def _load_site(*, network: Network, site: Site, home, anchor, data: dict, text: str,
               report: LoadReport) -> None:
    """The Site's name, host and default flag and its settings, from site.yaml."""
    relative = network.relative(SITE_FILE)
    if _unchanged(relative, text):
        report.unchanged.append(relative)
        return
    site_data = data["site"]
    site.hostname = str(site_data.get("hostname", site.hostname))
    site.port = int(site_data.get("port", 80))
    site.site_name = str(site_data.get("site_name", ""))
    if network.name:
        site.is_default_site = bool(site_data.get("default"))
        if site.is_default_site:
            Site.objects.exclude(pk=site.pk).filter(is_default_site=True).update(
                is_default_site=False)
    site.save()
    codec = Codec(anchor=anchor, lookup=Lookup.build(home=home))
    for section, label in SETTINGS_SECTIONS.items():
        model = apps.get_model(label)
        setting = model.for_site(site)
        try:
            later = codec.apply(setting, data.get(section) or {})
            if network.name and model is PortalSettings:
                setting.folder = network.name
            setting.full_clean(exclude=["site"])
        except ContentError as error:
            raise ContentError(error.detail, file=relative,
                               field=f"{section}.{error.field}") from None
        except ValidationError as error:
            raise validation_error(error, prefix=f"{section}.").located(file=relative) from None
        setting.save()
        for name, (_kind, value) in later.items():  # many-to-many: the databank's partners
            getattr(setting, name).set(value)
    report.updated.append(relative)
    _save_record(relative, kind="site", text=text)


class _PageLoader:
    """The page tree: decide per file, create shells for new pages, then fill and publish."""

    def __init__(self, *, root: Path, network: Network, report: LoadReport, force: bool,
                 anchor: datetime.date, site: Site | None, is_default: bool, site_data: dict):
        self.root, self.network, self.report, self.force = root, network, report, force
        self.anchor, self.site, self.is_default = anchor, site, is_default
        self.site_data = site_data
        self.home = self._current_home()

    def _current_home(self):
        from cms.home.models import HomePage

        if self.site and isinstance(self.site.root_page.specific, HomePage):
            return self.site.root_page.specific
        if self.network.name:
            return None
        return HomePage.objects.order_by("path").first()

    def _existing(self, page_file: PageFile):
        record = _record(page_file.relative)
        if record:
            return record, Page.objects.filter(pk=record.object_id).first()
        if page_file.url_path == "/":
            return None, self.home
        if self.home is None:
            return None, None
        return None, Page.objects.filter(
            url_path=self.home.url_path + page_file.url_path.lstrip("/")).first()

    def _parse(self, page_file: PageFile):
        data, text = yamlio.read(page_file.file, root=self.root)
        if not isinstance(data, dict):
            raise ContentError("il file deve descrivere una pagina (type, title, fields)",
                               file=page_file.relative)
        for key in data:
            if key not in PAGE_KEYS:
                raise ContentError(f"chiave sconosciuta (ammesse: {', '.join(PAGE_KEYS)})",
                                   file=page_file.relative, field=key)
        for key in ("type", "title"):
            if not data.get(key):
                raise ContentError("campo obbligatorio mancante", file=page_file.relative,
                                   field=key)
        try:
            model = apps.get_model(str(data["type"]))
        except (LookupError, ValueError):
            model = None
        if model is None or not issubclass(model, Page) or model is Page:
            raise ContentError(f"tipo di pagina sconosciuto «{data['type']}» (ad esempio "
                               f"guides.GuidePage)", file=page_file.relative, field="type")
        if not isinstance(data.get("fields") or {}, dict):
            raise ContentError("«fields» deve essere un dizionario", file=page_file.relative,
                               field="fields")
        text += read_file_fields(model=model, fields=data.get("fields") or {},
                                 page_file=page_file.file, relative=page_file.relative)
        return data, text, model

    def run(self):
        files = discover_pages(self.network)
        plan = []  # (page_file, data, text, model, page or None, record)
        for page_file in files:
            data, text, model = self._parse(page_file)
            record, page = self._existing(page_file)
            if record and page is not None and record.checksum == yamlio.checksum(text.encode()):
                self.report.unchanged.append(page_file.relative)
                continue
            if page is not None and not self.force:
                if record is None:
                    self._keep(page_file, "esiste già nel CMS e non viene da questo file: usa "
                                          "--force per sovrascriverla")
                    continue
                if page.latest_revision_id != record.revision_id:
                    self._keep(page_file, "modificata nel CMS: usa --force per sovrascrivere")
                    continue
            if page is not None and page.specific_class is not model:
                raise ContentError(f"la pagina esiste già con un altro tipo "
                                   f"({page.specific_class._meta.label}): non si può cambiare",
                                   file=page_file.relative, field="type")
            plan.append((page_file, data, text, model, page, record))
        # Pass 1: every new page exists (as a draft shell) before references are resolved.
        for index, (page_file, data, text, model, page, _record) in enumerate(plan):
            if page is None:
                plan[index] = (page_file, data, text, model, self._create_shell(
                    page_file, data, model), None)
        # Pass 2: fill, validate, save a revision and publish.
        for page_file, data, text, _model, page, record in plan:
            self._fill(page_file, data, text, page_id=page.pk,
                       created=record is None and page.latest_revision_id is None)
        self._order(files)
        return self.home

    def _keep(self, page_file: PageFile, why: str) -> None:
        self.report.kept.append((page_file.relative, why))

    def _parent(self, page_file: PageFile) -> Page:
        if page_file.parent_path is None:
            return Page.get_first_root_node()
        parent = Lookup(home=self.home).page(page_file.parent_path) if self.home else None
        if parent is None:
            raise ContentError("manca la pagina madre", file=page_file.relative)
        return parent

    def _create_shell(self, page_file: PageFile, data: dict, model) -> Page:
        slug = page_file.slug
        if page_file.url_path == "/":
            slug = self._home_slug()
            if slug == HOME_SLUG:
                self._make_room_for_home()
        try:
            parent = self._parent(page_file)
        except ContentError as error:
            raise error.located(file=page_file.relative) from None
        page = model(title=str(data["title"]), slug=slug, live=False)
        codec = Codec(anchor=self.anchor, lookup=Lookup.build(home=self.home))
        try:
            codec.apply(page, data.get("fields") or {}, skip_pages=True)
            parent.add_child(instance=page)
        except ContentError as error:
            raise error.located(file=page_file.relative) from None
        except ValidationError as error:
            raise validation_error(error).located(file=page_file.relative) from None
        if page_file.url_path == "/":
            self.home = page
            self.point_site_at(page)
        return page

    def _home_slug(self) -> str:
        """The home's slug among the homes of all networks (children of the tree root): the
        default network's is "home", another's its folder name."""
        if self.is_default or not self.network.name:
            return HOME_SLUG
        return self.network.name

    def point_site_at(self, home) -> None:
        if self.site is None:
            if self.is_default:
                Site.objects.filter(is_default_site=True).update(is_default_site=False)
            self.site = Site.objects.create(
                hostname=str(self.site_data.get("hostname") or "localhost"),
                port=int(self.site_data.get("port", 80)), root_page=home,
                site_name=str(self.site_data.get("site_name", "")),
                is_default_site=self.is_default)
        elif self.site.root_page_id != home.pk:
            self.site.root_page = home
            self.site.save()

    @staticmethod
    def _make_room_for_home() -> None:
        """Retire Wagtail's default "Welcome" page, which would hold the home's place."""
        root = Page.get_first_root_node()
        for page in root.get_children():
            if page.specific_class is Page and page.numchild == 0:
                Site.objects.filter(root_page=page).update(root_page=root)
                page.delete()

    def _fill(self, page_file: PageFile, data: dict, text: str, *, page_id: int,
              created: bool) -> None:
        lookup = Lookup.build(home=self.home)
        page = Page.objects.get(pk=page_id).specific_class.objects.get(pk=page_id)
        page.title = str(data["title"])
        if page_file.url_path != "/":  # a home keeps the slug it was given among the homes
            page.slug = page_file.slug
        page.show_in_menus = bool(data.get("show_in_menus", False))
        page.seo_title = str(data.get("seo_title") or "")
        page.search_description = str(data.get("search_description") or "")
        codec = Codec(anchor=self.anchor, lookup=lookup)
        try:
            later = codec.apply(page, data.get("fields") or {})
            for name, (kind, value) in later.items():
                if kind == "tags":
                    getattr(page, name).set(value)
                else:  # ParentalManyToMany and inline children accept a plain list
                    setattr(page, name, value)
            page.full_clean()
        except ContentError as error:
            raise error.located(file=page_file.relative) from None
        except ValidationError as error:
            raise validation_error(error).located(file=page_file.relative) from None
        revision = page.save_revision(clean=False)
        if data.get("live", True):
            revision.publish(log_action=False)
        elif page.live:  # the file takes the page off the public site
            page.unpublish(log_action=False)
        (self.report.created if created else self.report.updated).append(page_file.relative)
        _save_record(page_file.relative, kind="page", text=text, object_id=page.pk,
                     revision_id=revision.pk)

    def _order(self, files: list[PageFile]) -> None:
        """Put sibling pages in the order their `position` asks for."""
        by_parent: dict[str, list[tuple]] = {}
        for page_file in files:
            if page_file.parent_path is None:
                continue
            data, _text = yamlio.read(page_file.file, root=self.root)
            position = data.get("position")
            by_parent.setdefault(page_file.parent_path, []).append(
                (position if isinstance(position, int) else 10**6, page_file.slug, page_file))
        for parent_path, items in by_parent.items():
            parent = Lookup(home=self.home).page(parent_path)
            wanted = [normalise_path(item[2].url_path) for item in sorted(items)]
            prefix = self.home.url_path
            children = [child for child in parent.get_children()
                        if "/" + child.url_path[len(prefix):] in wanted]
            current = ["/" + child.url_path[len(prefix):] for child in children]
            if current == wanted:
                continue
            by_path = {"/" + child.url_path[len(prefix):]: child for child in children}
            for url_path in wanted:
                if url_path in by_path:
                    Page.objects.get(pk=by_path[url_path].pk).move(parent, pos="last-child")
