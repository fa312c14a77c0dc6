"""`scripts/benchmark` runs and prints its machine-readable last line; its Hugo export is whole.

Never timed: the numbers depend on the machine. What is checked is that a tiny run
measures everything it claims to (every field present, a real number, plausible) and
that the Hugo site it compares against holds the same pages' text.
"""

from __future__ import annotations

import math
import re
import subprocess

import pytest
from bs4 import BeautifulSoup

from cms.publishing.benchmark_hugo import export_hugo_site, hugo_binary

from .demo import baked_dirs, demo_env, load_demo, manage

# The benchmark makes SQLite databases of its own (and refuses DATABASE_URL): run once.
pytestmark = pytest.mark.own_databases

# Every field of the last line, and the range a tiny run's value must fall in.
PLAUSIBLE = {
    "vanilla_pages_s": (0.1, 100_000), "ours_pages_s": (0.1, 100_000), "ratio": (0.01, 1000),
    "queries_per_page": (0.01, 1000), "publish_median_s": (0.001, 300), "peak_mb": (20, 8000),
    "full_bake_s": (0.5, 3000), "hugo_pagefind_s": (0.01, 600), "hugo_ratio": (0.01, 10_000),
    "publish_whole_s": (0.01, 300), "search_s": (0.01, 300), "peak_rss_mb": (20, 8000),
}


def test_benchmark_prints_every_measure(tmp_path):
    result = manage("benchmark_bake", "--pages", "3", env=demo_env(tmp_path / "var"))
    last = result.stdout.strip().splitlines()[-1]
    assert "non sono identiche" not in result.stderr  # the same pages as wagtail-bakery's
    fields = dict(item.split("=", 1) for item in last.split())
    assert fields.pop("N") == "3"
    assert set(fields) == set(PLAUSIBLE), last
    for name, (low, high) in PLAUSIBLE.items():
        value = float(fields[name])
        assert not math.isnan(value) and low <= value <= high, f"{name}={fields[name]}"
    # The search index follows the rest of the site (its bake ends with Pagefind).
    assert float(fields["publish_whole_s"]) <= float(fields["search_s"]) + 1
    # The whole bake's time comes with each stage's, as `bake -v 2` prints them.
    assert re.search(r"manage\.py bake in [\d.]+s \(select=[\d.]+s render=[\d.]+s "
                     r"static_host=[\d.]+s search=[\d.]+s check=", result.stderr), result.stderr


@pytest.fixture(scope="module")
def demo_build(tmp_path_factory):
    var = tmp_path_factory.mktemp("var")
    env = demo_env(var)
    load_demo(env)
    return baked_dirs(manage("bake", "--no-progress", env=env))[0]


def test_hugo_site_holds_every_page_text(demo_build, tmp_path):
    site = tmp_path / "hugo"
    pages = export_hugo_site(build_dir=demo_build, site_dir=site)
    subprocess.run([hugo_binary(), "--source", str(site), "--destination", str(site / "public"),
                    "--quiet"], check=True)
    baked = [path for path in demo_build.rglob("index.html")
             if path.parent.relative_to(demo_build).parts[:1] not in {("pagefind",), ("api",)}]
    with_main = {path: BeautifulSoup(path.read_text(), "html.parser").find("main")
                 for path in baked}
    with_main = {path: main for path, main in with_main.items() if main is not None}
    assert pages == len(with_main) > 20
    for path, main in with_main.items():
        twin = site / "public" / path.relative_to(demo_build)
        assert twin.is_file(), twin
        hugo_page = BeautifulSoup(twin.read_text(), "html.parser")
        assert hugo_page.find("main").get_text(" ", strip=True) == main.get_text(" ", strip=True)
        # The shared header and footer of the site come along on every page.
        assert hugo_page.find("footer") is not None
        assert (hugo_page.find("main").has_attr("data-pagefind-body")
                == main.has_attr("data-pagefind-body"))
