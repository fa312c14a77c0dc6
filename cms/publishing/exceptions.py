"""Why a bake stops: each error carries an Italian message that says what to fix."""

from cms.core.exceptions import BakeError


class PageRenderError(BakeError):
    """A page raised or answered with an error status instead of its content.

    `page` and `url` say which one, for the bake report in the admin.
    """

    def __init__(self, message: str, *, page=None, url: str | None = None):
        super().__init__(message)
        self.page = page
        self.url = url


class BrokenLinksError(BakeError):
    """Baked pages point at files the build does not contain."""


class BakeTimeout(BakeError):
    """The bake ran past `RETE_BAKE_TIME_LIMIT` and was stopped; the live site is untouched."""


class SiteShrinkError(BakeError):
    """A full bake would replace the live site with one of fewer than half its pages."""
