"""What a collection's privacy change touches: the images and documents inside it.

Making a collection private (or public again) changes no page, but every page
showing one of its images or documents must re-render without (or with) it. The
signal handler hands these objects to the bake like saved ones; a collection
holding very many is simpler to re-bake whole.
"""

from __future__ import annotations

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from cms.core.media_privacy import collections_below

# Above this many objects the bake re-renders everything instead of listing them.
MANY_OBJECTS = 500


def media_keys_in(*, collection_id: int) -> set[tuple[str, int]] | None:
    """`(label, pk)` of every image and document in the collection and below it; None
    when there are more than `MANY_OBJECTS` (re-bake everything)."""
    collection = Collection.objects.filter(pk=collection_id).first()
    if collection is None:
        return set()
    below = Collection.objects.filter(collections_below(collection)).values("pk")
    keys: set[tuple[str, int]] = set()
    for model in (get_image_model(), get_document_model()):
        label = model._meta.label_lower
        keys |= {(label, pk) for pk in model.objects.filter(collection__in=below)
                 .values_list("pk", flat=True)[:MANY_OBJECTS + 1]}
        if len(keys) > MANY_OBJECTS:
            return None
    return keys
