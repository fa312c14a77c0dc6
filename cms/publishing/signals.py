"""Re-bake the public site whenever an editor changes something it shows.

Handlers only note *what* changed; once the transaction commits, one
`bake_changes_task` per transaction is enqueued with everything noted, so deleting a
section with fifty pages bakes once, and a rolled-back edit bakes nothing (a change of
the portal settings, theme or address, enqueues a full bake of that site instead). Each
site is baked on its own: a page re-bakes the site whose tree holds it, a snippet or an
image the sites whose pages use it, a site setting its own site (`sites_affected_by`).
The task goes to the database queue and the worker bakes it (see `tasks.py`), so the editor's
request does not wait. Off when `RETE_AUTO_BAKE` is false (tests, bulk imports);
`suspension.suspended()` pauses it for code that bakes by itself afterwards
(`bake_scheduled`, the bake tasks themselves).
"""

from __future__ import annotations

import threading

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete

from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .privacy import media_keys_in
from .select import referring_page_ids
from .sites import pages_in_site, sites_affected_by
from .suspension import is_suspended
from .tasks import bake_changes_task, bake_full_task, load_objects, object_key

_state = threading.local()


def connect() -> None:
    """Wire the handlers (called from `PublishingConfig.ready`)."""
    page_published.connect(on_page_changed, dispatch_uid="rete-bake-published")
    page_unpublished.connect(on_page_changed, dispatch_uid="rete-bake-unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid="rete-bake-moved")
    pre_delete.connect(before_delete, dispatch_uid="rete-bake-pre-delete")
    post_delete.connect(after_delete, dispatch_uid="rete-bake-post-delete")
    post_save.connect(on_object_saved, dispatch_uid="rete-bake-saved")
    for signal, name in ((post_save, "saved"), (post_delete, "deleted")):
        signal.connect(on_page_privacy_changed, sender=PageViewRestriction,
                       dispatch_uid=f"rete-bake-page-privacy-{name}")
        signal.connect(on_collection_privacy_changed, sender=CollectionViewRestriction,
                       dispatch_uid=f"rete-bake-collection-privacy-{name}")


def _active() -> bool:
    return getattr(settings, "RETE_AUTO_BAKE", False) and not is_suspended()


def on_page_changed(sender, instance, **kwargs) -> None:
    if _active():
        _note(page_ids={instance.pk})


def on_page_moved(sender, instance, parent_page_before, parent_page_after, **kwargs) -> None:
    if _active():
        _note(page_ids={instance.pk}, context_page_ids={parent_page_before.pk},
              everything=_is_site_root(parent_page_before))


def before_delete(sender, instance, **kwargs) -> None:
    """Remember, while they still exist, who shows the page or object being deleted."""
    if not _active() or not _watched(instance):
        return
    referrers = referring_page_ids(instance)
    shown = set(referrers or ())
    everything = referrers is None
    if isinstance(instance, Page):
        parent = instance.get_parent()
        if parent is not None:
            shown.add(parent.pk)
            everything |= _is_site_root(parent) or instance.depth <= 2
    instance._rete_bake_context = (shown, everything)


def after_delete(sender, instance, **kwargs) -> None:
    context = getattr(instance, "_rete_bake_context", None)
    if _active() and context is not None:
        shown, everything = context
        _note(context_page_ids=shown - {instance.pk}, everything=everything)


def on_object_saved(sender, instance, raw=False, **kwargs) -> None:
    """Snippets, images, documents and settings: pages are handled on publish instead."""
    if raw or not _active() or isinstance(instance, Page) or not _watched(instance):
        return
    if _changes_the_portal(instance):
        _note(whole={instance.site_id})
    else:
        _note(objects={tuple(object_key(instance))})


def on_page_privacy_changed(sender, instance, raw=False, **kwargs) -> None:
    """A password, login or group restriction added to a page or taken off it: the page
    and its section leave or join the public site, as on (un)publishing."""
    if not raw and _active():
        _note(page_ids={instance.page_id})


def on_collection_privacy_changed(sender, instance, raw=False, **kwargs) -> None:
    """A collection made private or public: its images and documents leave or join the
    pages using them."""
    if raw or not _active():
        return
    keys = media_keys_in(collection_id=instance.collection_id)
    _note(objects=keys or (), everything=keys is None)


def on_media_moved(*, objects) -> None:
    """Images or documents moved to another collection by a bulk action (which saves
    none of them): as if each were saved."""
    if _active():
        _note(objects={tuple(object_key(obj)) for obj in objects})


def _watched(instance) -> bool:
    from cms.core.models import AudienceTag
    from cms.network.models import Partner, Service

    return isinstance(instance, Page | Partner | Service | AudienceTag | AbstractImage
                      | AbstractDocument | BaseSiteSetting | BaseGenericSetting)


def _changes_the_portal(instance) -> bool:
    """The portal settings (theme, public address) change every file, the theme's own
    static files included, which only a full bake copies: such a save asks for one."""
    from cms.core.site_settings import PortalSettings

    return isinstance(instance, PortalSettings)


def _is_site_root(page) -> bool:
    return Site.objects.filter(root_page_id=page.pk).exists() or page.depth <= 1


def _note(*, page_ids=frozenset(), context_page_ids=frozenset(), objects=frozenset(),
          everything: bool = False, whole=frozenset()) -> None:
    """Add to this transaction's pending bake; enqueue it once the transaction commits.

    `whole`: ids of sites whose portal settings changed (a full bake of each).
    """
    pending = getattr(_state, "pending", None)
    if pending is None:
        pending = _state.pending = {"page_ids": set(), "context_page_ids": set(),
                                    "objects": set(), "everything": False, "whole": set()}
    pending["page_ids"] |= set(page_ids)
    pending["context_page_ids"] |= set(context_page_ids)
    pending["objects"] |= set(objects)
    pending["everything"] |= everything
    pending["whole"] |= set(whole)
    # Registered every time: the first callback to run takes all that is pending, and
    # what a rolled-back transaction noted merely joins the next bake (harmless extra).
    # Registered last: outside a transaction (autocommit) it runs at once, and must
    # find this change already noted.
    transaction.on_commit(_flush)


def _flush() -> None:
    """Enqueue one bake per site the pending changes affect (see `sites.sites_affected_by`)."""
    pending = getattr(_state, "pending", None)
    _state.pending = None
    if not pending:
        return
    for site_id in sorted(pending["whole"]):
        bake_full_task.enqueue(triggered_by="", site_id=site_id)
    if not (pending["page_ids"] or pending["context_page_ids"] or pending["objects"]
            or pending["everything"]):
        return
    objects = sorted([list(key) for key in pending["objects"]])
    for site in sites_affected_by(page_ids=pending["page_ids"] | pending["context_page_ids"],
                                  objects=load_objects(objects),
                                  everything=pending["everything"]):
        if site.pk in pending["whole"]:
            continue  # its full bake covers the rest
        bake_changes_task.enqueue(
            page_ids=pages_in_site(pending["page_ids"], site=site),
            context_page_ids=pages_in_site(pending["context_page_ids"], site=site),
            objects=objects, everything=pending["everything"], site_id=site.pk)
