"""App configuration for `cms.syndication`."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SyndicationConfig(AppConfig):
    """Feed, calendari e mappa del sito."""

    name = "cms.syndication"
    label = "syndication"
    verbose_name = _("Feed e calendari")
    default_auto_field = "django.db.models.BigAutoField"
