"""The headless side of the portal: the API v2 endpoints, the partners' feeds and their bake."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HeadlessConfig(AppConfig):
    name = "cms.headless"
    label = "headless"
    verbose_name = _("Contenuti per altri siti (API)")
