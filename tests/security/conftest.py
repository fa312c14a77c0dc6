"""The browser fixtures of tests/browser (a real Chromium, the demo portal baked and served)."""

from tests.browser.conftest import browser, chromium_path, demo_build, portal_url  # noqa: F401
