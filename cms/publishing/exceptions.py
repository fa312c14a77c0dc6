"""Why a bake stops: each error carries an Italian message that says what to fix."""


class BakeError(Exception):
    """The bake cannot produce a complete, working site; the live build is left untouched."""


class PageRenderError(BakeError):
    """A page raised or answered with an error status instead of its content."""


class BrokenLinksError(BakeError):
    """Baked pages point at files the build does not contain."""
