"""App configuration for `cms.contest`."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestConfig(AppConfig):
    """Concorso."""

    name = "cms.contest"
    label = "contest"
    verbose_name = _("Concorso")
    default_auto_field = "django.db.models.BigAutoField"
