"""App configuration for `cms.events`."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Eventi."""

    name = "cms.events"
    label = "events"
    verbose_name = _("Eventi")
    default_auto_field = "django.db.models.BigAutoField"
