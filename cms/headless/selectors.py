"""Reads for the headless API: which pages, images and documents the public may see.

Images and documents are listed only when a live, public page of the site uses them
(a field, a StreamField block, a rich-text link or an inline child such as a contest
entry). An upload that no published page uses — a draft's photo, an old notice — stays
inside the CMS, in the live API as in the baked one. Usage comes from Wagtail's
reference index, the same one the admin's "Utilizzo" tab reads; if it is ever stale,
`manage.py rebuild_references_index` rebuilds it. Those of a private collection are
never listed (`cms.core.media_privacy`).
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Model, QuerySet
from django.db.models.functions import Cast

from wagtail.models import Page, ReferenceIndex, Site

from cms.core.media_privacy import private_collection_ids


def public_pages(*, site: Site) -> QuerySet[Page]:
    """Live pages of `site` an anonymous visitor may read (no password, login or group)."""
    return Page.objects.live().public().descendant_of(site.root_page, inclusive=True)


def used_object_ids(*, model: type[Model], pages: QuerySet[Page]) -> set[int]:
    """Primary keys of `model` objects referenced by any of `pages`."""
    # The index keeps object ids as text: compare in SQL rather than send every page id.
    page_ids = pages.annotate(text_pk=Cast("pk", CharField())).values("text_pk")
    to_type = ContentType.objects.get_for_model(model)
    refs = ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=page_ids,
        to_content_type=to_type,
    ).values_list("to_object_id", flat=True)
    used = {int(pk) for pk in refs}
    if any(field.name == "collection" for field in model._meta.get_fields()):
        # Images and documents of private collections never leave the CMS.
        private = model._default_manager.filter(pk__in=used,
                                                collection_id__in=private_collection_ids())
        used -= set(private.values_list("pk", flat=True))
    return used
