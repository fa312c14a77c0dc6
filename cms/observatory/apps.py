"""App configuration for `cms.observatory`."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObservatoryConfig(AppConfig):
    """Osservatorio del mercato del lavoro."""

    name = "cms.observatory"
    label = "observatory"
    verbose_name = _("Osservatorio del mercato del lavoro")
    default_auto_field = "django.db.models.BigAutoField"
