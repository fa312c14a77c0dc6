"""App configuration for `cms.news`."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    """Notizie."""

    name = "cms.news"
    label = "news"
    verbose_name = _("Notizie")
    default_auto_field = "django.db.models.BigAutoField"
