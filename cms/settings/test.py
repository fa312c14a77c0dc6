"""Tests: fast password hashing and media under a temporary folder."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-not-secret")

from .base import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="rete-test-media-")
ALLOWED_HOSTS = ["*"]
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = tempfile.mkdtemp(prefix="rete-test-static-")
# Bakes run inline in tests; automatic re-baking only where a test turns it on.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "bake": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
RETE_AUTO_BAKE = False
# The test client speaks plain http; tests of the HTTPS settings set them back themselves.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
# Login lockout only where a test turns it on (tests/security): the test client's
# login() authenticates without a request, which django-axes refuses.
AXES_ENABLED = False
