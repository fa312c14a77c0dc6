"""App configuration for `cms.core`."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Nucleo del portale."""

    name = "cms.core"
    label = "core"
    verbose_name = _("Nucleo del portale")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from wagtail.documents import get_document_model

        post_save.connect(_document_saved, sender=get_document_model(),
                          dispatch_uid="core.document_facts")


def _document_saved(sender, instance, **kwargs) -> None:
    """A document's page count is read when it is saved, not each time it is shown."""
    from .documents import record_document_facts

    if instance.file:
        record_document_facts(document=instance)
