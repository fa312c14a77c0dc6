"""Which images and documents the public site may show: those outside private collections.

A collection with a view restriction (password, login or groups, in Impostazioni →
Raccolte → Privacy) keeps its images and documents, and those of every collection
below it, inside the CMS: the bake neither links nor copies them, the API does not
list them, and a page using one renders without it (the editor is warned on saving).
Wagtail serves such files itself only through its protected views, which a static
site does not have, so leaving them out is the only safe choice.

As for pages (`visibility.py`), the restricted collections are read once per share
of rendered pages while `private_collections_read_once()` is active.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from contextvars import ContextVar

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q

from wagtail.models import Collection, CollectionViewRestriction, ReferenceIndex

from .scoping import bound

_PRIVATE: ContextVar[frozenset[int] | None] = ContextVar("rete_private_collections",
                                                         default=None)


def private_collections_read_once() -> AbstractContextManager:
    """Read the private collections once for the whole block (the data must not change)."""
    return bound(_PRIVATE, _read_private())


def private_collection_ids() -> frozenset[int]:
    """Ids of the collections that carry a view restriction or sit below one."""
    remembered = _PRIVATE.get()
    return remembered if remembered is not None else _read_private()


def is_public_media(obj: Model | None) -> bool:
    """Whether an image or document may appear on the public site."""
    return obj is not None and obj.collection_id not in private_collection_ids()


def public_media(obj: Model | None) -> Model | None:
    """`obj` when the public may see it, else None (templates skip it)."""
    return obj if is_public_media(obj) else None


def collections_below(collection: Collection) -> Q:
    """`collection` and its descendants, as a filter on `Collection`."""
    return Q(path__startswith=collection.path)


def _read_private() -> frozenset[int]:
    restricted = [restriction.collection for restriction in
                  CollectionViewRestriction.objects.select_related("collection")]
    if not restricted:
        return frozenset()
    query = Q()
    for collection in restricted:
        query |= collections_below(collection)
    return frozenset(Collection.objects.filter(query).values_list("pk", flat=True))


def private_media_used_by(page: Model) -> list[Model]:
    """The images and documents of private collections that `page`, as it stands in
    memory (the editor's latest save), uses: the public site will show it without them.

    Reads the references with `ReferenceIndex._extract_references_from_object`, the
    scan Wagtail's reference index runs on save (private API, checked against Wagtail
    8.0): the index itself holds only the live version.
    """
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    private = private_collection_ids()
    if not private:
        return []
    wanted = {ContentType.objects.get_for_model(model).pk: model
              for model in (get_image_model(), get_document_model())}
    ids: dict[type[Model], set[str]] = {}
    for content_type_id, object_id, _model_path, _content_path in \
            ReferenceIndex._extract_references_from_object(page):
        if content_type_id in wanted:
            ids.setdefault(wanted[content_type_id], set()).add(object_id)
    found: list[Model] = []
    for model, pks in ids.items():
        found += model.objects.filter(pk__in=pks, collection_id__in=private).order_by("title")
    return found
