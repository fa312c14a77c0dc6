"""App configuration for `cms.courses`."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    """Corsi."""

    name = "cms.courses"
    label = "courses"
    verbose_name = _("Corsi")
    default_auto_field = "django.db.models.BigAutoField"
