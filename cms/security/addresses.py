"""The address a login attempt comes from, as the login lockout counts it.

Without a proxy it is `REMOTE_ADDR`. Behind proxies `REMOTE_ADDR` is the nearest proxy's
for every visitor, which would lock every editor out together; each proxy appends the
address it received the request from to `X-Forwarded-For`, so with N trusted proxies the
client is the N-th entry from the right. Entries further left were written by the client
itself and are ignored: an attacker cannot pick a fresh address per attempt.
"""

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """The visitor's address, trusting `settings.TRUSTED_PROXIES` proxies and no more."""
    trusted = settings.TRUSTED_PROXIES
    if trusted:
        forwarded = [entry.strip() for entry in
                     request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()]
        if len(forwarded) >= trusted:
            return forwarded[-trusted]
    return request.META.get("REMOTE_ADDR")
