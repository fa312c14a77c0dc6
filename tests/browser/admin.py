"""Signing in to the Wagtail admin in the browser, as the tests' superuser does."""

from django.urls import reverse

PASSWORD = "x-pass-123"


def log_in(page, base_url: str, *, username: str = "admin", password: str = PASSWORD):
    """Fill and send the admin's login form; return once the dashboard is shown.

    Returns the response to the login page, for tests that check its headers."""
    response = page.goto(base_url + reverse("wagtailadmin_login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(base_url + reverse("wagtailadmin_home"))
    return response
