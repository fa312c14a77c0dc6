"""App configuration for `cms.publishing`."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    """Pubblicazione statica."""

    name = "cms.publishing"
    label = "publishing"
    verbose_name = _("Pubblicazione statica")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals

        signals.connect()
