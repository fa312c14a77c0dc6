"""Two builds compared as a visitor gets them, for the tests that say "the same site".

Compressed companions are compared by their content, and what no bake can make stable is
normalised: the clock in an empty feed, and the order of Pagefind's filter index.
"""

import gzip
import re
from pathlib import Path

import brotli

# Pagefind writes its filter index in hash-map order (Pagefind issue #638): each run permutes
# the same filters, under other hashed names, and so the metadata file and the entry file that
# name them. The index is derived from the page fragments, which are stable and compared byte for
# byte; these files are compared by their kind and decompressed size, the entry without its hash.
UNORDERED = re.compile(r"^pagefind/(?:filter/[^/]+\.pf_filter|[^/]+\.pf_meta)(\.gz|\.br)?$")


def comparable_files(root: Path) -> dict[str, bytes]:
    files = {path.relative_to(root).as_posix(): path for path in sorted(root.rglob("*"))
             if path.is_file()}
    stable = {name: _stable(path) for name, path in files.items() if not UNORDERED.match(name)}
    unordered = sorted((name.split("/")[1].split(".")[0] if "/filter/" not in name else "filter",
                        len(gzip.decompress(path.read_bytes())))
                       for name, path in files.items() if UNORDERED.match(name)
                       and not name.endswith((".gz", ".br")))
    for number, (kind, size) in enumerate(unordered):
        stable[f"pagefind/unordered/{number}"] = f"{kind}:{size}".encode()
    entry = stable.get("pagefind/pagefind-entry.json")
    if entry is not None:
        for name in ("pagefind/pagefind-entry.json", "pagefind/pagefind-entry.json.gz",
                     "pagefind/pagefind-entry.json.br"):
            stable[name] = re.sub(rb'"hash":"[^"]*"', b'"hash":""', entry)
    return stable


def _stable(path: Path) -> bytes:
    body = path.read_bytes()
    if path.suffix in (".gz", ".br"):  # compared by content, which is then normalised
        body = gzip.decompress(body) if path.suffix == ".gz" else brotli.decompress(body)
    # An empty feed's date is the clock (Django's `latest_post_date`): blanked there only.
    if body.startswith(b"<?xml") and b"<item>" not in body and b"<entry>" not in body:
        body = re.sub(rb"<(lastBuildDate|updated)>[^<]*</\1>", rb"<\1/>", body)
    return body


def comparable_sites(root: Path) -> dict[str, bytes]:
    """`comparable_files` of every site folder under `BUILD_DIR` (`root`), as
    `<folder>/<path>`: the live builds only, not their versioned siblings."""
    return {f"{site.name}/{name}": body
            for site in sorted(path for path in root.iterdir() if path.is_symlink())
            for name, body in comparable_files(site).items()}
