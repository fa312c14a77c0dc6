"""App configuration for `cms.core`."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Nucleo del portale."""

    name = "cms.core"
    label = "core"
    verbose_name = _("Nucleo del portale")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals, site_urls

        signals.connect()
        site_urls.install()
