"""WSGI entry point for running the CMS (admin, live preview and the live API).

Reads `.env` like manage.py, so the server and the worker run with the same settings.
"""

from django.core.wsgi import get_wsgi_application

from cms.environment import load_environment

load_environment()
application = get_wsgi_application()
