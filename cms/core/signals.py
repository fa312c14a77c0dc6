"""Signal handlers of the core app: each only calls a service."""

from __future__ import annotations

from .uploads import strip_uploaded_image


def connect() -> None:
    """Wire the handlers (called from `CoreConfig.ready`)."""
    from django.db.models.signals import post_save, pre_save

    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    pre_save.connect(on_image_saving, sender=get_image_model(),
                     dispatch_uid="rete-strip-image-metadata")
    post_save.connect(on_document_saved, sender=get_document_model(),
                      dispatch_uid="core.document_facts")


def on_image_saving(sender, instance, raw=False, **kwargs) -> None:
    """Every way an image comes in (admin, `load_content`, code) loses its metadata."""
    if not raw:
        strip_uploaded_image(image=instance)


def on_document_saved(sender, instance, **kwargs) -> None:
    """A document's page count is read when it is saved, not each time it is shown."""
    from .documents import record_document_facts

    if instance.file:
        record_document_facts(document=instance)
