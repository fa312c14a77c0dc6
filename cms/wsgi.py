"""WSGI entry point for running the CMS (admin and live preview)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.base")
application = get_wsgi_application()
