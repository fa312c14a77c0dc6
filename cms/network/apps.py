"""App configuration for `cms.network`."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    """Rete e sportelli."""

    name = "cms.network"
    label = "network"
    verbose_name = _("Rete e sportelli")
    default_auto_field = "django.db.models.BigAutoField"
