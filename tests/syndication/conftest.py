"""Fixtures for feeds and calendars: a public address unlike the test server's host."""

import pytest

from .utils import BASE_URL


@pytest.fixture(autouse=True)
def public_base_url(settings):
    """The baked site lives elsewhere than the CMS (which answers as «testserver»)."""
    settings.RETE_BASE_URL = BASE_URL
    return BASE_URL
