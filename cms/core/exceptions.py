"""Errors any app may raise while the site is baked, without depending on the bake itself.

Extra-file providers (the baked API, feeds, icons) raise `BakeError` with an Italian message
that says what to fix; `cms.publishing` defines the more specific errors on top of it.
"""


class BakeError(Exception):
    """The bake cannot produce a complete, working site; the live build is left untouched."""
