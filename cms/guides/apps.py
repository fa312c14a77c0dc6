"""App configuration for `cms.guides`."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidesConfig(AppConfig):
    """Guide."""

    name = "cms.guides"
    label = "guides"
    verbose_name = _("Guide")
    default_auto_field = "django.db.models.BigAutoField"
