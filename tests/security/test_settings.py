"""The production settings: HTTPS only, secure cookies, HSTS, CSP; `check --deploy` clean."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_is_clean_with_the_documented_production_environment(tmp_path):
    """As README's "Settings that matter" documents it: only SECRET_KEY and the host names."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("RETE_", "DJANGO_", "SECURE_"))}
    env |= {"DJANGO_SETTINGS_MODULE": "cms.settings.base", "RETE_VAR_DIR": str(tmp_path),
            "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "cms.example.org"}
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy",
                             "--fail-level", "WARNING"],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.fixture
def production(settings):
    """The HTTPS settings as production has them (the test settings turn them off)."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    return settings


@pytest.mark.django_db
def test_plain_http_is_sent_to_https(client, production):
    response = client.get(reverse("wagtailadmin_login"))
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


@pytest.mark.django_db
def test_admin_over_https_behind_the_proxy_sends_hsts_and_csp(client, production):
    response = client.get(reverse("wagtailadmin_login"), HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    policy = response["Content-Security-Policy"]
    for directive in ("default-src 'self'", "object-src 'none'", "frame-ancestors 'self'",
                      "form-action 'self'", "base-uri 'self'"):
        assert directive in policy
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_session_and_csrf_cookies_only_travel_over_https(client, production, django_user_model):
    django_user_model.objects.create_superuser("admin", "a@example.it", "x-pass-123")
    page = client.get(reverse("wagtailadmin_login"), HTTP_X_FORWARDED_PROTO="https")
    assert page.cookies["csrftoken"]["secure"]
    response = client.post(reverse("wagtailadmin_login"),
                           {"username": "admin", "password": "x-pass-123"},
                           HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 302
    session = response.cookies[production.SESSION_COOKIE_NAME]
    assert session["secure"] and session["httponly"]
