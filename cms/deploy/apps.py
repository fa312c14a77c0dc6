"""App configuration for `cms.deploy`."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeployConfig(AppConfig):
    """Pubblicazione del sito generato sugli host."""

    name = "cms.deploy"
    label = "deploy"
    verbose_name = _("Pubblicazione sugli host")
    default_auto_field = "django.db.models.BigAutoField"
