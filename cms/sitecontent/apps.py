"""App configuration for `cms.sitecontent`."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SitecontentConfig(AppConfig):
    """Contenuti versionati."""

    name = "cms.sitecontent"
    label = "sitecontent"
    verbose_name = _("Contenuti versionati")
    default_auto_field = "django.db.models.BigAutoField"
