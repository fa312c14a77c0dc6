"""The browser fixtures of tests/browser (Chromium through Playwright, axe-core from npm)."""

from tests.browser.conftest import browser, node_modules  # noqa: F401
