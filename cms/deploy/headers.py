"""The HTTP headers a file gets on hosts that store them with it (S3-compatible buckets).

- `Content-Type` from the name, with the types Python's table lacks (web manifest, AVIF,
  Pagefind's index) and `charset=utf-8` on text.
- `.gz` and `.br` companions (written by the bake beside each text file) keep the type of the
  file they compress and get `Content-Encoding: gzip` or `br`.
- `Cache-Control`: a year and `immutable` for files whose name carries their content hash
  (Django's hashed static files, Pagefind's fragments and indexes), since a change gives them a
  new name; five minutes for everything else, pages first, so an edit is seen soon.
"""

from __future__ import annotations

import mimetypes
import re

IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=300"

_HASHED = (
    # ManifestStaticFilesStorage: static/css/site.73ad32f84e1b.css
    re.compile(r"^static/.+\.[0-9a-f]{12}\.[A-Za-z0-9]+(\.gz|\.br)?$"),
    # Pagefind: fragment/it_3a5c1f2.pf_fragment, pagefind.it_3a5c1f2.pf_meta, in `pagefind/`
    # or a section's own bundle (`pagefind-guide/`)
    re.compile(r"^pagefind(-[^/]+)?/(.+/)?[^/]*_[0-9a-f]{7,}\.pf_(fragment|index|filter|meta)$"),
)
_TYPES = {
    ".webmanifest": "application/manifest+json",
    ".avif": "image/avif",
    ".webp": "image/webp",
    ".ics": "text/calendar",
    ".atom": "application/atom+xml",
    ".rss": "application/rss+xml",
    ".json": "application/json",
    ".js": "text/javascript",
    ".pagefind": "application/octet-stream",
    ".pf_fragment": "application/octet-stream",
    ".pf_index": "application/octet-stream",
    ".pf_filter": "application/octet-stream",
    ".pf_meta": "application/octet-stream",
}
_ENCODINGS = {".gz": "gzip", ".br": "br"}
# Netlify-style control files and the nginx snippet are plain text.
_PLAIN = {"_headers", "_redirects", ".nojekyll"}


def is_immutable(path: str) -> bool:
    """Whether `path`'s name changes whenever its content does."""
    return any(pattern.match(path) for pattern in _HASHED)


def content_encoding(path: str) -> str | None:
    """`gzip` or `br` for a precompressed companion, else None."""
    for suffix, encoding in _ENCODINGS.items():
        if path.endswith(suffix):
            return encoding
    return None


def content_type(path: str) -> str:
    """The `Content-Type` of `path` (of the file it compresses, for a companion)."""
    name = path.rsplit("/", 1)[-1]
    if content_encoding(name):
        name = name[:-3]
    if name in _PLAIN:
        kind = "text/plain"
    else:
        suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
        kind = _TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind in {"application/json", "application/manifest+json",
                                            "application/atom+xml", "application/rss+xml",
                                            "application/xml", "image/svg+xml"}:
        kind += "; charset=utf-8"
    return kind


def cache_control(path: str) -> str:
    """Long and immutable for hashed assets, short for pages and everything else."""
    return IMMUTABLE if is_immutable(path) else SHORT


def object_headers(path: str) -> dict[str, str]:
    """The headers of `path` as boto3's `put_object` arguments."""
    headers = {"ContentType": content_type(path), "CacheControl": cache_control(path)}
    if encoding := content_encoding(path):
        headers["ContentEncoding"] = encoding
    return headers
