"""App configuration for `cms.security`."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    """Sicurezza: blocco degli accessi e Content-Security-Policy del sito pubblicato."""

    name = "cms.security"
    label = "security"
    verbose_name = _("Sicurezza")
