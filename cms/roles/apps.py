"""App configuration for `cms.roles`."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RolesConfig(AppConfig):
    """Ruoli della redazione: gruppi per comune, moderazione, amministrazione."""

    name = "cms.roles"
    label = "roles"
    verbose_name = _("Ruoli della redazione")

    def ready(self):
        from .policies import register_media_policies

        register_media_policies()
