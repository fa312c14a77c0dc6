"""Admin security: login lockout, Content-Security-Policy, HTTPS-only cookies and HSTS.

Imported at the end of `base.py` (`from .security import *`), which then appends
`SECURITY_APPS` and `SECURITY_MIDDLEWARE` to its own lists; kept apart so that everything
about hardening the CMS is read in one place. Production is the default: HTTPS is assumed
(the proxy in front terminates TLS and says so with `X-Forwarded-Proto`), `dev.py` and
`test.py` turn the HTTPS-only parts off. `manage.py check --deploy` is clean with these values.
"""

import os
from datetime import timedelta


def _env_flag(name: str, default: bool) -> bool:
    return os.environ.get(name, "1" if default else "0").strip().lower() in {"1", "true", "yes"}


# cms.roles after wagtail.images and wagtail.documents: its permission policy for images and
# documents replaces the one they register.
SECURITY_APPS = ["cms.roles", "cms.security", "axes", "csp"]

SECURITY_MIDDLEWARE = [
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# --- Login throttling and lockout (django-axes) ---------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = _env_flag("RETE_LOGIN_LOCKOUT", True)
# Five wrong passwords for one account from one address lock that pair out for 15 minutes:
# a municipal office behind one public address is not locked out by one colleague's typos.
AXES_FAILURE_LIMIT = int(os.environ.get("RETE_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("RETE_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "security/lockout.html"
AXES_USERNAME_FORM_FIELD = "username"
# The client's address: REMOTE_ADDR, or behind proxies (RETE_TRUSTED_PROXIES=1 for the nginx
# of scripts/deploy) the one the proxies wrote into X-Forwarded-For (cms/security/addresses.py).
TRUSTED_PROXIES = int(os.environ.get("RETE_TRUSTED_PROXIES", "0"))
AXES_CLIENT_IP_CALLABLE = "cms.security.addresses.client_address"

# --- HTTPS, cookies, HSTS ----------------------------------------------------------------
# TLS ends at the proxy, which must set X-Forwarded-Proto (and strip it from clients).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = _env_flag("RETE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = _env_flag("RETE_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = int(os.environ.get("RETE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_flag("RETE_HSTS_INCLUDE_SUBDOMAINS", True)
# Preloading is a commitment of the whole domain, for its owner to make (RETE_HSTS_PRELOAD=1).
SECURE_HSTS_PRELOAD = _env_flag("RETE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# The admin calls no other host: no Gravatar (a request per avatar, with a hash of the
# editor's email) and no check of wagtail.org for new releases.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No page of the CMS in anyone's frame; Wagtail lets its own preview panel frame the preview.
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = [
    "security.W021",  # HSTS preload: the domain owner's decision, RETE_HSTS_PRELOAD=1
]

# --- Content-Security-Policy of the CMS (django-csp 4) -----------------------------------
# Wagtail 8.0's admin still writes inline scripts (the InlinePanel of opening hours and
# closures, the date and time pickers: wagtailadmin/panels/inline_panel.html,
# widgets/date_input.html…) without a nonce, and sets inline styles (Draftail, the preview
# panel): both need 'unsafe-inline' (checked in Chromium, tests/security/test_csp_browser.py).
# Everything else stays on this origin: no other host's scripts, images, frames or
# connections, no <object>, no <base>, forms only to the CMS itself. Images in the choosers
# and the previews come as data: and blob: URLs. The baked site has its own, stricter policy
# (cms/security/csp.py), as a <meta> in each page and as a header in `_headers`.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "media-src": ["'self'", "blob:"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    },
}
