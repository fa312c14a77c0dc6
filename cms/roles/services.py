"""Groups, permissions and the moderation workflow, from each network's `roles.yaml`.

Every network (a Wagtail Site, with its folder `site_content/networks/<folder>/`) may have
its own roles file: which comuni the network has and which pages and collection each one
owns. This module turns it into Wagtail groups in Italian: "Redazione <comune>" (edit and
submit their own pages, upload into their own collection), the network's moderators
(approve and publish the pages of their own site only), the administrators (everything,
one group for the whole installation). Page addresses are resolved within the network's
site, found by `PortalSettings.folder`, and the network's workflow goes on that site's home.
Snippets, settings, redirects and the root collection of images stay shared, as the content
is. Running it again sets every group's permissions to what the files say and changes
nothing else; users stay in their groups. Wagtail's default English "Editors" and
"Moderators" groups are replaced.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from cms.core.site_settings import PortalSettings

# Wagtail's groups from its initial migrations, replaced by ours.
WAGTAIL_EDITORS = "Editors"
WAGTAIL_MODERATORS = "Moderators"
WAGTAIL_WORKFLOW = "Moderators approval"

PAGE_ACTIONS_EDITOR = ("add", "change")
PAGE_ACTIONS_MODERATOR = ("add", "change", "publish", "lock", "unlock")
PAGE_ACTIONS_ALL = ("add", "change", "publish", "bulk_delete", "lock", "unlock")
MEDIA_APPS = (("wagtailimages", "image"), ("wagtaildocs", "document"))
# Model permissions the moderators get on top of pages and media: every snippet, setting
# and redirect of the network's content apps (they change the site without moderation,
# so comune editors get none of them).
MODERATED_APPS = ("core", "network", "guides", "courses", "events", "news", "contest",
                  "wagtailredirects", "publishing")


class RolesError(Exception):
    """The roles file cannot be applied; the message says what to fix (in Italian)."""


@dataclass(frozen=True)
class ComuneRole:
    """One comune of the network: its editors' group, its pages and its collection."""

    name: str
    group: str
    pages: tuple[str, ...]
    collection: str


@dataclass(frozen=True)
class Roles:
    """The whole roles file."""

    network: str
    moderators: str
    administrators: str
    workflow: str
    comuni: tuple[ComuneRole, ...]


@dataclass
class RolesReport:
    """What `load_roles` did (or, with `dry_run`, would do), one Italian line per change."""

    changes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_roles(*, path: Path) -> Roles:
    """Parse and check the roles file; `RolesError` names what is wrong."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError as error:
        raise RolesError(_("Il file dei ruoli %(path)s non esiste.") % {"path": path}) from error
    except yaml.YAMLError as error:
        raise RolesError(_("Il file dei ruoli %(path)s non è YAML valido: %(error)s")
                         % {"path": path, "error": error}) from error
    missing = [key for key in ("network", "moderators", "administrators", "workflow", "comuni")
               if not data.get(key)]
    if missing:
        raise RolesError(_("Nel file dei ruoli mancano: %(keys)s.") % {"keys": ", ".join(missing)})
    comuni = []
    for entry in data["comuni"]:
        name = str(entry.get("name") or "").strip()
        pages = tuple(entry.get("pages") or ())
        if not name or not pages or not entry.get("collection"):
            raise RolesError(_("Ogni comune del file dei ruoli ha bisogno di name, pages e "
                               "collection: controlla %(entry)s.") % {"entry": entry})
        comuni.append(ComuneRole(name=name, group=entry.get("group") or f"Redazione {name}",
                                 pages=pages, collection=str(entry["collection"])))
    names = [comune.group for comune in comuni] + [data["moderators"], data["administrators"]]
    if len(set(names)) != len(names):
        raise RolesError(_("Due ruoli hanno lo stesso nome di gruppo: ogni gruppo va nominato "
                           "una volta sola."))
    return Roles(network=data["network"], moderators=data["moderators"],
                 administrators=data["administrators"], workflow=data["workflow"],
                 comuni=tuple(comuni))


ROLES_FILE = "roles.yaml"


def roles_files(*, content_dir: Path) -> list[tuple[str | None, Path]]:
    """Each network's roles file, as (folder, path); a file at the top of `content_dir`
    (a single-network folder) is the default site's, with folder None."""
    found: list[tuple[str | None, Path]] = []
    if (content_dir / ROLES_FILE).is_file():
        found.append((None, content_dir / ROLES_FILE))
    found += [(path.parent.name, path)
              for path in sorted((content_dir / "networks").glob(f"*/{ROLES_FILE}"))]
    return found


def load_roles(*, path: Path, network: str | None = None, dry_run: bool = False) -> RolesReport:
    """Apply one roles file to the site of `network` (its folder), or the default site."""
    roles = read_roles(path=path)
    report = RolesReport()
    with transaction.atomic():
        _apply(roles, _site(network), report)
        if dry_run:
            transaction.set_rollback(True)
    return report


def load_network_roles(*, content_dir: Path, network: str | None = None,
                       dry_run: bool = False) -> RolesReport:
    """Apply the roles file of every network in `content_dir` (or of `network` only).

    A network whose site the database does not have (not loaded yet) is a warning, so the
    bake that runs after this is not stopped; the default site's file goes first, so it is
    the one that takes over Wagtail's own "Moderators" group and workflow.
    """
    files = roles_files(content_dir=content_dir)
    if network is not None:
        files = [(folder, path) for folder, path in files if folder == network]
    if not files:
        raise RolesError(_("Nessun file dei ruoli in %(path)s (networks/<rete>/roles.yaml).")
                         % {"path": content_dir / "networks" / (network or "*")})
    parsed = [(folder, read_roles(path=path)) for folder, path in files]
    _check_across_networks([roles for _folder, roles in parsed])
    report = RolesReport()
    with transaction.atomic():
        sites = []
        for folder, roles in parsed:
            site = _site(folder, required=network is not None)
            if site is None:
                report.warnings.append(
                    _("Nessun sito usa la cartella «%(folder)s»: i ruoli di quella rete si "
                      "applicano dopo averne caricato i contenuti.") % {"folder": folder})
                continue
            sites.append((site, roles))
        for site, roles in sorted(sites, key=lambda item: not item[0].is_default_site):
            _apply(roles, site, report)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _check_across_networks(all_roles: list[Roles]) -> None:
    """Every network names its own groups and workflow; the administrators are one group."""
    administrators = {roles.administrators for roles in all_roles}
    if len(administrators) > 1:
        raise RolesError(_("Le reti nominano gruppi di amministrazione diversi (%(names)s): "
                           "l'amministrazione è una sola per tutta l'installazione.")
                         % {"names": ", ".join(sorted(administrators))})
    groups = [name for roles in all_roles
              for name in [roles.moderators] + [comune.group for comune in roles.comuni]]
    workflows = [roles.workflow for roles in all_roles]
    if len(set(groups)) != len(groups) or len(set(workflows)) != len(workflows):
        raise RolesError(_("Due reti usano lo stesso nome di gruppo o di flusso: ogni rete ha "
                           "i propri gruppi e il proprio flusso di moderazione."))


def _site(folder: str | None, *, required: bool = True) -> Site | None:
    """The site of the network whose folder is `folder`, or the default site."""
    if folder is None:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            raise RolesError(_("Nessun sito nel CMS: carica prima i contenuti "
                               "(load_site_content)."))
        return site
    portal = PortalSettings.objects.filter(folder=folder).select_related("site__root_page").first()
    if portal is None and required:
        raise RolesError(_("Nessun sito usa la cartella «%(folder)s»: controlla il nome della "
                           "rete o carica prima i contenuti.") % {"folder": folder})
    return portal.site if portal else None


def _apply(roles: Roles, site: Site, report: RolesReport) -> None:
    tree_root = Page.get_first_root_node()
    media_root = Collection.get_first_root_node()
    access_admin = Permission.objects.filter(content_type__app_label="wagtailadmin",
                                             codename="access_admin")

    moderators = _group(roles.moderators, report, replaces=WAGTAIL_MODERATORS)
    _set_state(moderators, report,
               permissions=access_admin | Permission.objects.filter(
                   content_type__app_label__in=MODERATED_APPS),
               # Their own network's pages only: another network has its own moderators.
               pages={site.root_page: PAGE_ACTIONS_MODERATOR},
               collections={media_root: _media_permissions("add", "change", "delete",
                                                           "choose")})

    administrators = _group(roles.administrators, report)
    _set_state(administrators, report, permissions=Permission.objects.all(),
               pages={tree_root: PAGE_ACTIONS_ALL},
               collections={media_root: _media_permissions("add", "change", "delete", "choose")
                            | Permission.objects.filter(content_type__app_label="wagtailcore",
                                                        content_type__model="collection")})

    for comune in roles.comuni:
        # A page the database lacks (renamed, not loaded yet) costs that page's permission
        # and a warning, never the other comuni's roles nor the bake that runs after this.
        found = [_page(site, path, comune, report) for path in comune.pages]
        pages = {page: PAGE_ACTIONS_EDITOR for page in found if page is not None}
        collection = _collection(media_root, comune.collection, report)
        group = _group(comune.group, report)
        _set_state(group, report, permissions=access_admin, pages=pages,
                   collections={collection: _media_permissions("add"),
                                media_root: _media_permissions("choose")})

    _replace_wagtail_editors(report)
    _workflow(roles.workflow, moderators=moderators, page=site.root_page, report=report)


def _page(site: Site, path: str, comune: ComuneRole, report: RolesReport) -> Page | None:
    url_path = site.root_page.url_path + path.strip("/") + "/" if path.strip("/") \
        else site.root_page.url_path
    page = Page.objects.filter(url_path=url_path).first()
    if page is None:
        report.warnings.append(
            _("La pagina %(path)s assegnata a %(comune)s non esiste: %(comune)s non potrà "
              "modificarla finché non correggi il file dei ruoli o carichi i contenuti.")
            % {"path": path, "comune": comune.name})
    return page


def _collection(root: Collection, name: str, report: RolesReport) -> Collection:
    existing = root.get_children().filter(name=name).first()
    if existing is not None:
        return existing
    report.changes.append(_("creata la raccolta «%(name)s»") % {"name": name})
    return root.add_child(instance=Collection(name=name))


def _group(name: str, report: RolesReport, *, replaces: str | None = None) -> Group:
    group = Group.objects.filter(name=name).first()
    if group is not None:
        return group
    if replaces and (old := Group.objects.filter(name=replaces).first()) is not None:
        old.name = name
        old.save(update_fields=["name"])
        report.changes.append(_("gruppo «%(old)s» rinominato «%(name)s»")
                              % {"old": replaces, "name": name})
        return old
    report.changes.append(_("creato il gruppo «%(name)s»") % {"name": name})
    return Group.objects.create(name=name)


def _media_permissions(*actions: str):
    query = Q()
    for app_label, model in MEDIA_APPS:
        query |= Q(content_type__app_label=app_label,
                   codename__in=[f"{action}_{model}" for action in actions])
    return Permission.objects.filter(query)


def _set_state(group: Group, report: RolesReport, *, permissions, pages: dict, collections: dict
               ) -> None:
    """Make the group's permissions exactly these, reporting only what differs."""
    wanted = set(permissions.values_list("pk", flat=True))
    if set(group.permissions.values_list("pk", flat=True)) != wanted:
        group.permissions.set(wanted)
        report.changes.append(_("permessi generali di «%(group)s» aggiornati")
                              % {"group": group.name})

    page_perms = {perm.codename.removesuffix("_page"): perm for perm in Permission.objects.filter(
        content_type__app_label="wagtailcore", content_type__model="page")}
    wanted_pages = {(page.pk, page_perms[action].pk)
                    for page, actions in pages.items() for action in actions}
    current_pages = set(GroupPagePermission.objects.filter(group=group)
                        .values_list("page_id", "permission_id"))
    if current_pages != wanted_pages:
        GroupPagePermission.objects.filter(group=group).delete()
        GroupPagePermission.objects.bulk_create(
            GroupPagePermission(group=group, page_id=page_id, permission_id=perm_id)
            for page_id, perm_id in sorted(wanted_pages))
        report.changes.append(_("permessi sulle pagine di «%(group)s» aggiornati")
                              % {"group": group.name})

    wanted_collections = {(collection.pk, perm)
                          for collection, perms in collections.items()
                          for perm in perms.values_list("pk", flat=True)}
    current_collections = set(GroupCollectionPermission.objects.filter(group=group)
                              .values_list("collection_id", "permission_id"))
    if current_collections != wanted_collections:
        GroupCollectionPermission.objects.filter(group=group).delete()
        GroupCollectionPermission.objects.bulk_create(
            GroupCollectionPermission(group=group, collection_id=collection_id,
                                      permission_id=perm_id)
            for collection_id, perm_id in sorted(wanted_collections))
        report.changes.append(_("permessi su immagini e documenti di «%(group)s» aggiornati")
                              % {"group": group.name})


def _replace_wagtail_editors(report: RolesReport) -> None:
    """Wagtail's "Editors" may change every page and image: gone, unless someone is in it."""
    editors = Group.objects.filter(name=WAGTAIL_EDITORS).first()
    if editors is None:
        return
    members = list(editors.user_set.values_list("username", flat=True))
    if members:
        report.warnings.append(
            _("il gruppo «Editors» di Wagtail ha ancora degli utenti (%(users)s): spostali nei "
              "gruppi delle redazioni e rilancia il comando, che allora lo elimina.")
            % {"users": ", ".join(members)})
        return
    editors.delete()
    report.changes.append(_("eliminato il gruppo «Editors» di Wagtail"))


def _workflow(name: str, *, moderators: Group, page: Page, report: RolesReport) -> None:
    """One workflow, one approval task for the moderators, on the site's home page."""
    workflow = Workflow.objects.filter(name=name).first()
    if workflow is None:
        workflow = Workflow.objects.filter(name=WAGTAIL_WORKFLOW).first()
        if workflow is not None:
            workflow.name = name
            workflow.save(update_fields=["name"])
            report.changes.append(_("flusso «%(old)s» di Wagtail rinominato «%(name)s»")
                                  % {"old": WAGTAIL_WORKFLOW, "name": name})
        else:
            workflow = Workflow.objects.create(name=name)
            report.changes.append(_("creato il flusso di moderazione «%(name)s»")
                                  % {"name": name})
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
        report.changes.append(_("flusso «%(name)s» riattivato") % {"name": name})

    task_name = _("Approvazione della moderazione")
    links = list(WorkflowTask.objects.filter(workflow=workflow).select_related("task"))
    approval = next((link.task.specific for link in links
                     if isinstance(link.task.specific, GroupApprovalTask)), None)
    if approval is None:
        approval = GroupApprovalTask.objects.create(name=task_name)
        report.changes.append(_("creato il passaggio «%(name)s»") % {"name": task_name})
    elif approval.name != task_name or not approval.active:
        approval.name, approval.active = task_name, True
        approval.save(update_fields=["name", "active"])
        report.changes.append(_("passaggio di approvazione rinominato «%(name)s»")
                              % {"name": task_name})
    if [link.task_id for link in links] != [approval.pk]:
        WorkflowTask.objects.filter(workflow=workflow).delete()
        WorkflowTask.objects.create(workflow=workflow, task=approval, sort_order=0)
        report.changes.append(_("il flusso «%(name)s» ha un solo passaggio: l'approvazione "
                                "della moderazione") % {"name": name})
    if list(approval.groups.all()) != [moderators]:
        approval.groups.set([moderators])
        report.changes.append(_("l'approvazione spetta a «%(group)s»") % {"group": moderators.name})

    assigned = WorkflowPage.objects.filter(page=page).first()
    if assigned is None or assigned.workflow_id != workflow.pk:
        WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
        report.changes.append(_("flusso «%(name)s» assegnato alla pagina «%(page)s» e alle sue "
                                "figlie") % {"name": name, "page": page.title})
