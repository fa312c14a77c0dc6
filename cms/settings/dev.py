"""Local development: debug pages and a throwaway secret if none is exported."""

import os

os.environ.setdefault("SECRET_KEY", "dev-only-not-secret")

from .base import *  # noqa: E402,F403

DEBUG = True
ALLOWED_HOSTS = ["*"]
WHITENOISE_USE_FINDERS = True
# Plain http on localhost: no HTTPS redirect, cookies without Secure, no HSTS.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
