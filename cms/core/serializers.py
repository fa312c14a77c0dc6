"""API fields that keep what the public may not see out of the headless API."""

from __future__ import annotations

from rest_framework.fields import Field

from .media_privacy import public_media


class PublicMediaField(Field):
    """A chosen image or document, nested as Wagtail's API nests it, or null.

    Null when it sits in a private collection (`media_privacy`): Wagtail's own nested
    field would give its `detail_url` and `download_url`, which the baked API does not
    have (the bake's link check stops on them) and the public must not reach.
    """

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance):
        return public_media(super().get_attribute(instance))

    def to_representation(self, value):
        # The serializer Wagtail built for this relation (it honours `?fields=image(…)`).
        serializer_class = self.parent.child_serializer_classes[self.field_name]
        return serializer_class(context=self.context).to_representation(value)
