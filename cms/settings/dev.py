"""Local development: debug pages and a throwaway secret if none is exported."""

import os

os.environ.setdefault("SECRET_KEY", "dev-only-not-secret")

from .base import *  # noqa: E402,F403

DEBUG = True
ALLOWED_HOSTS = ["*"]
WHITENOISE_USE_FINDERS = True
