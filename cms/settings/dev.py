"""Local development: debug pages; the secret key is the one generated into var/secret_key."""

from cms.environment import ensure_secret_key

ensure_secret_key()

from .base import *  # noqa: E402,F403

DEBUG = True
ALLOWED_HOSTS = ["*"]
WHITENOISE_USE_FINDERS = True
# Plain http on localhost: no HTTPS redirect, cookies without Secure, no HSTS.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
