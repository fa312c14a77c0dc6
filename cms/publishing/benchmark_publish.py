"""How long an editor's publish takes to reach every part of the baked site.

`time_whole_publish` does what an editor does — a new news item published in Wagtail —
with the real task worker running beside it (`manage.py db_worker --backend bake`, as
`scripts/serve` starts it), and watches the build until each thing a visitor or a
program reads shows the new item: its own page, the news listing, the RSS feed, the
sitemap, the baked API listings, and last the Pagefind index. It times from the
moment Publish is pressed, so the worker's polling and the queue are counted too.

What it measures is read from the files, not from the bake's own report: a stage that
claims to be done but leaves a file stale would keep the clock running.
"""

from __future__ import annotations

import gzip
import math
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test.utils import override_settings

# The worker as scripts/serve starts it.
WORKER_COMMAND = ("manage.py", "db_worker", "--backend", "bake", "--interval", "0.1",
                  "--no-startup-delay", "--no-reload")
POLL_SECONDS = 0.05
# A publish not reflected everywhere by then counts as failed (nan).
GIVE_UP_SECONDS = 300
# Where the outputs other than the page itself show a news item (paths in the build).
FEED = "feed/notizie.xml"
SITEMAP = "sitemap.xml"
API_LISTINGS = ("api/v2/pages/index.json", "api/v2/pages/type/news.NewsPage.json")
FRAGMENTS = "pagefind*/fragment/*"


@dataclass(frozen=True)
class PublishTiming:
    """Seconds from Publish until the page is live, until all but search are, until search is."""

    page_s: float
    whole_s: float
    search_s: float


def time_whole_publish(*, build_dir: Path, samples: int,
                       log: Callable[[str], None]) -> list[PublishTiming]:
    """Publish `samples` new news items one after the other into the baked `build_dir`.

    `build_dir` must hold a full bake of the current database's default site (as
    `manage.py bake` leaves it) and be named after its folder: the worker bakes into it,
    as `BUILD_DIR/<folder>` with `BUILD_DIR` its parent.
    """
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{connection.settings_dict['NAME']}",
           "RETE_BUILD_DIR": str(build_dir.parent), "RETE_AUTO_BAKE": "1"}
    worker_log = build_dir.parent / f"{build_dir.name}-worker.log"
    timings = []
    with open(worker_log, "w") as output:
        worker = subprocess.Popen([sys.executable, *WORKER_COMMAND], env=env,
                                  cwd=settings.BASE_DIR, stdout=output, stderr=output)
        try:
            with override_settings(RETE_AUTO_BAKE=True, BUILD_DIR=str(build_dir.parent)):
                for attempt in range(samples):
                    timings.append(_publish_once(build_dir=build_dir, attempt=attempt,
                                                 worker_log=worker_log))
                    last = timings[-1]
                    log(f"publish through the worker: page {last.page_s:.2f}s, "
                        f"whole site {last.whole_s:.2f}s, search {last.search_s:.2f}s")
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=60)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
    if any(math.isnan(timing.search_s) for timing in timings):
        log(f"publish through the worker: not everything showed the item; see {worker_log}")
    return timings


def median_timing(timings: list[PublishTiming]) -> PublishTiming:
    """Each field's median (nan if any sample failed)."""
    def middle(values: list[float]) -> float:
        return math.nan if not values or any(map(math.isnan, values)) else statistics.median(values)

    return PublishTiming(page_s=middle([t.page_s for t in timings]),
                         whole_s=middle([t.whole_s for t in timings]),
                         search_s=middle([t.search_s for t in timings]))


def _publish_once(*, build_dir: Path, attempt: int, worker_log: Path) -> PublishTiming:
    from cms.news.models import NewsIndexPage, NewsPage

    token = f"benchpubblicazione{attempt + 1}x{int(time.time())}"
    # The previous publish's bake may still be finishing (compression, its record) and
    # hold SQLite's write lock: the editor's next save would wait for it, or fail.
    _wait_for_idle_worker(worker_log)
    index = NewsIndexPage.objects.live().order_by("path").first()
    model = NewsPage.objects.live().order_by("path").first()
    page = NewsPage(title=f"Notizia {token}", slug=token, live=False, intro=model.intro,
                    body=model.body)
    index.add_child(instance=page)  # the editor's draft: the clock starts at Publish
    page.save_revision()
    _wait_for_idle_worker(worker_log)
    url = page.get_url(None)
    page_file = build_dir / url.strip("/") / "index.html"
    listing_file = build_dir / index.get_url(None).strip("/") / "index.html"
    fragments_before = _fragment_names(build_dir)
    watched = {
        "page": _Shows(page_file, token), "listing": _Shows(listing_file, token),
        "feed": _Shows(build_dir / FEED, token), "sitemap": _Shows(build_dir / SITEMAP, url),
        **{listing: _Shows(build_dir / listing, token) for listing in API_LISTINGS},
        "search": lambda: _in_new_fragment(build_dir, token, seen=fragments_before),
    }
    started = time.monotonic()
    page.get_latest_revision().publish()  # the editor presses Publish; the worker does the rest
    reached: dict[str, float] = {}
    while len(reached) < len(watched) and time.monotonic() - started < GIVE_UP_SECONDS:
        for name, check in watched.items():
            # The index is rebuilt after everything else: listing its thousands of
            # fragments every 50 ms before then would only take a core from the worker.
            if name == "search" and len(reached) < len(watched) - 1:
                continue
            if name not in reached and check():
                reached[name] = time.monotonic() - started
        time.sleep(POLL_SECONDS)
    missing = math.nan
    return PublishTiming(
        page_s=reached.get("page", missing),
        whole_s=max((reached.get(name, missing) for name in watched if name != "search"),
                    key=lambda value: math.inf if math.isnan(value) else value),
        search_s=reached.get("search", missing))


def _wait_for_idle_worker(worker_log: Path) -> None:
    """Until the worker has started and nothing queued before (the draft's save) is pending."""
    from django_tasks_db.models import DBTaskResult

    deadline = time.monotonic() + GIVE_UP_SECONDS
    while time.monotonic() < deadline:
        started = "Starting worker" in worker_log.read_text(errors="replace")
        if started and not DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists():
            return
        time.sleep(POLL_SECONDS)


class _Shows:
    """Whether a file shows a text; read again only when the file changed (some are MBs)."""

    def __init__(self, path: Path, text: str) -> None:
        self.path, self.text, self.last = path, text.encode(), None

    def __call__(self) -> bool:
        try:
            stat = self.path.stat()
            if (stat.st_ino, stat.st_mtime_ns, stat.st_size) == self.last:
                return False
            self.last = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
            return self.text in self.path.read_bytes()
        except OSError:
            return False


def _fragment_names(build_dir: Path) -> set[str]:
    """The fragments of every search bundle (a large site has one per section)."""
    return {path.relative_to(build_dir).as_posix() for path in build_dir.glob(FRAGMENTS)}


def _in_new_fragment(build_dir: Path, token: str, *, seen: set[str]) -> bool:
    """Whether a Pagefind fragment written after `seen` holds `token` (fragments are gzip)."""
    for name in _fragment_names(build_dir) - seen:
        try:
            data = gzip.decompress((build_dir / name).read_bytes())
        except (OSError, EOFError, gzip.BadGzipFile):
            continue  # being written
        if token.encode() in data:
            return True
        if data.endswith(b"}"):  # whole, and about another page: no need to read it again
            seen.add(name)
    return False
