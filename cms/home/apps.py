"""App configuration for `cms.home`."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """Pagina iniziale."""

    name = "cms.home"
    label = "home"
    verbose_name = _("Pagina iniziale")
    default_auto_field = "django.db.models.BigAutoField"
