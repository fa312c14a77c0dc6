"""How fast the full bake is, measured against vanilla wagtail-bakery on the same database.

A network's portal grows to thousands of guides, courses, events and news; the bake
must stay quick enough to run after every publish. `run_benchmark` builds, for each
size, a fresh SQLite database holding the demo site (`site_content/`) plus N generated
pages shaped like the demo's (same StreamField bodies, tags, images, related pages),
then renders it twice in one run, so both timings share the machine's load:
wagtail-bakery's `AllPublishedPagesView` and our `render_site`. It also counts SQL
queries per page, the peak memory and, when incremental publishing is available, how
long one page takes to go live.

What users wait for is timed on the same generated site too: the whole `manage.py
bake` (every stage, in a process of its own, with the peak memory of it and its
workers), a publish through the real task worker until every output and the search
index show it (`benchmark_publish`), and Hugo plus Pagefind on the same pages
(`benchmark_hugo`), the yardstick of what a bake could cost.

It creates and deletes its databases and media under `workdir`: never point it at
real data (the `benchmark_bake` command refuses to run on a non-temporary `VAR_DIR`).
"""

from __future__ import annotations

import datetime
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.test.utils import override_settings
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex, Site
from wagtail.signal_handlers import disable_reference_index_auto_update

from cms.core.site_settings import site_folder

from .benchmark_hugo import HugoTiming, export_hugo_site, time_hugo_and_pagefind
from .benchmark_publish import PublishTiming, median_timing, time_whole_publish
from .exceptions import BakeError
from .paths import bakery_build_dir
from .render import count_queries, render_site

# Share of the generated pages per type, in the proportions of a real network.
MIX = {"guides.guidepage": 0.4, "courses.coursepage": 0.2, "events.eventpage": 0.2,
       "news.newspage": 0.2}
TOPICS = ["curriculum", "colloquio", "tirocinio", "apprendistato", "formazione", "lingue",
          "digitale", "contratti", "disoccupazione", "orientamento", "impresa", "logistica",
          "ristorazione", "commercio", "sicurezza"]
# Renditions the theme asks for: created before timing, so neither bake pays for them.
# (the sizes of the default theme's `{% image %}` and `{% picture %}` tags, each picture in
# every format it offers: an AVIF encoded inside the timed render would be most of its time).
THEME_RENDITIONS = ("max-160x64", *(
    f"{size}|format-{kind}" for kind in ("avif", "webp", "jpeg")
    for size in ("max-400x300", "max-800x600", "max-300x300", "max-600x600",
                 "fill-320x180", "fill-640x360")))
# The demo network the generated site is cloned from (site_content/networks/<folder>/).
BENCHMARK_NETWORK = "citta-del-lavoro"
PUBLISH_SAMPLES = 5
# Publishes through the task worker (each waits for the search index, about 5 s a sample).
# Five, as for the page going live: three samples of a noisy shared machine gave medians
# that moved by a tenth of a second between back-to-back runs of the same code.
WHOLE_PUBLISH_SAMPLES = 5


@dataclass(frozen=True)
class Timing:
    """One bake of one database."""

    pages: int
    seconds: float
    queries: int

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else math.nan

    @property
    def queries_per_page(self) -> float:
        return self.queries / self.pages if self.pages else math.nan


@dataclass(frozen=True)
class FullBake:
    """One `manage.py bake` of the whole site, in a process of its own."""

    seconds: float
    peak_mb: float  # the process and all its children, proportional set size
    stages: str = ""  # each stage's seconds, as `bake -v 2` prints them


@dataclass(frozen=True)
class BenchmarkResult:
    """Both bakes of one generated site, and what publishing one page costs on it."""

    size: int
    vanilla: Timing
    ours: Timing
    identical: bool
    publish_median_s: float
    peak_mb: float
    full_bake: FullBake
    hugo: HugoTiming
    publish: PublishTiming

    @property
    def ratio(self) -> float:
        return self.ours.pages_per_second / self.vanilla.pages_per_second

    @property
    def hugo_ratio(self) -> float:
        """How many times Hugo + Pagefind's time our whole bake takes."""
        return self.full_bake.seconds / self.hugo.seconds if self.hugo.seconds else math.nan

    def summary(self) -> str:
        return (f"N={self.size} vanilla_pages_s={self.vanilla.pages_per_second:.1f} "
                f"ours_pages_s={self.ours.pages_per_second:.1f} ratio={self.ratio:.2f} "
                f"queries_per_page={self.ours.queries_per_page:.2f} "
                f"publish_median_s={self.publish_median_s:.3f} peak_mb={self.peak_mb:.0f} "
                f"full_bake_s={self.full_bake.seconds:.1f} "
                f"hugo_pagefind_s={self.hugo.seconds:.1f} hugo_ratio={self.hugo_ratio:.2f} "
                f"publish_whole_s={self.publish.whole_s:.2f} search_s={self.publish.search_s:.2f} "
                f"peak_rss_mb={self.full_bake.peak_mb:.0f}")


def run_benchmark(*, sizes: list[int], workdir: Path, workers: int | None = None,
                  publish: bool = True,
                  log: Callable[[str], None] = lambda line: None) -> list[BenchmarkResult]:
    """Generate and bake a site of each size in `sizes`, each in its own fresh database."""
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    template = workdir / "template.sqlite3"
    log(f"Preparing the demo site database in {template}")
    _use_database(template)
    call_command("migrate", interactive=False, verbosity=0)
    from cms.sitecontent.loader import load_site_content

    # One network: vanilla wagtail-bakery would write every site's pages into one folder.
    load_site_content(path=settings.SITE_CONTENT_DIR, networks=[BENCHMARK_NETWORK])
    connections.close_all()
    results = []
    try:
        for size in sizes:
            database = workdir / f"bench-{size}.sqlite3"
            shutil.copyfile(template, database)
            _use_database(database)
            # Nothing here queues a bake for the task worker (each bake is run and timed
            # itself), except the publishes that time the worker on purpose.
            with override_settings(RETE_AUTO_BAKE=False):
                started = time.monotonic()
                made = generate_pages(count=size)
                log(f"N={size}: generated {made} pages in {time.monotonic() - started:.1f}s")
                warm_renditions()
                results.append(bake_both(size=size, workdir=workdir, workers=workers,
                                         publish=publish, log=log))
            log(results[-1].summary())
            connections.close_all()
            database.unlink()
    finally:
        # Only now (see `bake_both`): a size's deleted files would slow the next one down.
        for size in sizes:
            for folder in _size_folders(workdir=workdir, size=size):
                shutil.rmtree(folder, ignore_errors=True)
    return results


def _size_folders(*, workdir: Path, size: int) -> list[Path]:
    """The folders `bake_both` writes for `size`, all left in place until the run ends."""
    return [workdir / f"{name}-{size}" for name in ("site", "hugo", "vanilla", "ours")]


def generate_pages(*, count: int, seed: int = 1) -> int:
    """Add `count` live pages of the real types, cloned from the demo pages with new titles.

    Guides keep the demo's StreamField bodies and related courses and events and get
    audiences and topics; courses, events and news are spread over past and future
    dates; news take the demo images in turn. The search index is not updated (the
    bake does not read it); the reference index is, since the bake reads it (which
    images the baked API lists, what an edit re-renders).
    """
    from cms.core.models import AudienceTag

    rng = random.Random(seed)
    audiences = list(AudienceTag.objects.all())
    images = list(get_image_model().objects.order_by("pk"))
    made = 0
    plan = _split(count)
    no_auto_update = {name: {**config, "AUTO_UPDATE": False}
                      for name, config in settings.WAGTAILSEARCH_BACKENDS.items()}
    # One transaction: SQLite would otherwise sync the file to disk after every insert.
    with override_settings(WAGTAILSEARCH_BACKENDS=no_auto_update), \
            disable_reference_index_auto_update(), transaction.atomic():
        for label, how_many in plan.items():
            demo = [page.specific for page in Page.objects.filter(
                content_type__app_label=label.split(".")[0],
                content_type__model=label.split(".")[1]).live().order_by("path")]
            if not demo or how_many == 0:
                continue
            parent = demo[0].get_parent()
            for number in range(how_many):
                source = demo[number % len(demo)]
                page = _clone(source, number=number, rng=rng, audiences=audiences, images=images)
                parent.add_child(instance=page)
                ReferenceIndex.create_or_update_for_object(page)
                made += 1
    return made


def warm_renditions() -> None:
    """Create every image's theme renditions now, outside the timed bakes."""
    for image in get_image_model().objects.all():
        for spec in THEME_RENDITIONS:
            image.get_rendition(spec)


def bake_both(*, size: int, workdir: Path, workers: int | None, publish: bool,
              log: Callable[[str], None]) -> BenchmarkResult:
    """Time what users wait for, then vanilla wagtail-bakery against our render, on the
    current database.

    What users wait for comes first, and the folders written are left for the end of the
    run (`run_benchmark`): on a file system without a journal (as on these machines), a
    new file skips each inode deleted in the last minute, checking it on the way (the
    kernel's `recently_deleted`), and after the 45,000 files of one render are deleted,
    creating one costs 0.5 ms instead of 0.02 (measured with `perf`; a whole bake took
    29 s on a quiet disk and 41 s right after such a deletion). That is the benchmark's
    own doing, not a wait of a user's.
    """
    from wagtailbakery.views import AllPublishedPagesView

    # Where the worker bakes the default site when `BUILD_DIR` is `workdir/site-<size>`.
    site, hugo_dir, vanilla_dir, ours_dir = _size_folders(workdir=workdir, size=size)
    site_dir = site / site_folder(Site.objects.get(is_default_site=True))
    full_bake = time_full_bake(build_dir=site_dir, workers=workers)
    log(f"N={size}: manage.py bake in {full_bake.seconds:.1f}s ({full_bake.stages}), peak "
        f"memory with its workers {full_bake.peak_mb:.0f} MB")
    hugo_pages = export_hugo_site(build_dir=site_dir, site_dir=hugo_dir)
    hugo = time_hugo_and_pagefind(site_dir=hugo_dir, pages=hugo_pages)
    log(f"N={size}: Hugo built {hugo.pages} pages in {hugo.hugo_s:.1f}s, Pagefind indexed "
        f"them in {hugo.pagefind_s:.1f}s")
    whole = PublishTiming(page_s=math.nan, whole_s=math.nan, search_s=math.nan)
    if publish:
        whole = median_timing(time_whole_publish(
            build_dir=site_dir, samples=WHOLE_PUBLISH_SAMPLES, log=log))
    for folder in (vanilla_dir, ours_dir):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
    _clear_caches()
    # As a host bakes it: a plain-http request, which the CMS's HTTPS redirect would
    # answer with an empty 301 (vanilla then writes empty files, fast and wrong).
    with bakery_build_dir(vanilla_dir), count_queries() as counted, \
            override_settings(SECURE_SSL_REDIRECT=False):
        started = time.monotonic()
        view = AllPublishedPagesView()
        view.build_queryset()
        seconds = time.monotonic() - started
    vanilla_pages = sum(1 for _ in vanilla_dir.rglob("index.html"))
    vanilla = Timing(pages=vanilla_pages, seconds=seconds, queries=counted[0])
    log(f"N={size}: vanilla {vanilla_pages} pages in {seconds:.1f}s")
    _clear_caches()
    started = time.monotonic()
    report = render_site(build_dir=ours_dir, workers=workers)
    ours = Timing(pages=report.pages, seconds=time.monotonic() - started,
                  queries=report.queries)
    log(f"N={size}: ours {report.pages} pages in {ours.seconds:.1f}s with "
        f"{report.workers} workers")
    identical = _same_files(vanilla_dir, ours_dir)
    peak_mb = measure_render_memory(build_dir=ours_dir, workers=workers)
    log(f"N={size}: peak memory of a fresh render process and its workers: {peak_mb:.0f} MB")
    publish_s = (time_publish(build_dir=workdir / f"build-{size}", log=log) if publish
                 else math.nan)
    return BenchmarkResult(size=size, vanilla=vanilla, ours=ours, identical=identical,
                           publish_median_s=publish_s, peak_mb=peak_mb, full_bake=full_bake,
                           hugo=hugo, publish=whole)


def time_full_bake(*, build_dir: Path, workers: int | None) -> FullBake:
    """Run `manage.py bake` into `build_dir` as an operator would; time it, then its memory.

    Twice: the timed run alone, since sampling the memory of every process many times a
    second costs a core of these two (measured: 63 s unwatched, 81 s watched, same site);
    then the same bake again (into the same folder, as every later bake runs) for the
    peak memory. `workers` becomes `RETE_BAKE_WORKERS`: how many the bake asks for, before
    its memory budget has its say (cores.py).
    """
    shutil.rmtree(build_dir, ignore_errors=True)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{connection.settings_dict['NAME']}"}
    if workers:
        env["RETE_BAKE_WORKERS"] = str(workers)
    command = [sys.executable, "manage.py", "bake", "--no-progress", "-v", "2",
               "--build-dir", str(build_dir)]
    started = time.monotonic()
    timed = subprocess.run(command, env=env, cwd=settings.BASE_DIR, capture_output=True,
                           text=True, check=False)
    seconds = time.monotonic() - started
    if timed.returncode != 0:
        raise BakeError(f"manage.py bake failed: {timed.stderr[-2000:]}")
    stages = " ".join(line.strip().replace(": ", "=").replace(" s", "s").replace(" ", "_")
                      for line in timed.stdout.splitlines() if line.startswith("  "))
    peak, output = _watch_memory(command, env=env)
    if output is not None:
        raise BakeError(f"manage.py bake failed: {output[-2000:]}")
    return FullBake(seconds=seconds, peak_mb=peak / 1024, stages=stages)


def time_publish(*, build_dir: Path, log: Callable[[str], None]) -> float:
    """Median seconds for one edited guide to go live through `bake_changes`, or nan.

    "Live" is the end of the incremental bake's first step: the guide, every page
    showing it and its own files are in the build. The aggregate files and the
    search index follow in the second step, timed too and logged. The edit is
    written with `update()`, without signals, so that nothing but the timed call bakes.
    """
    from cms.guides.models import GuidePage

    from .incremental import bake_changes

    live, total = [], []
    try:
        started = time.monotonic()
        bake_changes(build_dir=build_dir, page_ids=[])  # the first call makes the full build
        log(f"publish: initial full bake (pages, API, feeds, search, compression) in "
            f"{time.monotonic() - started:.1f}s")
        guide = GuidePage.objects.live().order_by("-path").first()
        for attempt in range(PUBLISH_SAMPLES):
            GuidePage.objects.filter(pk=guide.pk).update(intro=f"Aggiornata ({attempt + 1}).")
            report = bake_changes(build_dir=build_dir, page_ids=[guide.pk])
            live.append(report.live_seconds)
            total.append(report.seconds)
    except BakeError as error:
        log(f"publish: the bake failed, no timing: {str(error)[:300]}")
        return math.nan
    finally:
        for leftover in [build_dir, *build_dir.parent.glob(f"{build_dir.name}.*")]:
            if leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)
            elif leftover.exists():
                leftover.unlink()
    log("publish, page live: " + ", ".join(f"{sample:.2f}s" for sample in live))
    log("publish, with feeds, API listings and search index: "
        + ", ".join(f"{sample:.2f}s" for sample in total))
    return statistics.median(live)


def measure_render_memory(*, build_dir: Path, workers: int | None) -> float:
    """Peak memory (MB, proportional set size) of a full render in a fresh process.

    The render runs in a new interpreter, as `manage.py bake` would, with its forked
    workers; their PSS is summed every few milliseconds, so memory the workers share
    with their parent is counted once. Measuring in this process instead would count
    what generating the site and the vanilla bake left behind.
    """
    shutil.rmtree(build_dir, ignore_errors=True)
    build_dir.mkdir(parents=True)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{connection.settings_dict['NAME']}"}
    code = ("import django; django.setup(); from pathlib import Path; "
            "from cms.publishing.render import render_site; "
            f"render_site(build_dir=Path({str(build_dir)!r}), workers={workers!r})")
    peak, output = _watch_memory([sys.executable, "-c", code], env=env)
    if output is not None:
        raise BakeError(f"the render for the memory measurement failed: {output[-2000:]}")
    return peak / 1024


def _watch_memory(command: list[str], *, env: dict) -> tuple[int, str | None]:
    """Run `command`, sampling its process tree's memory; (peak kB, output if it failed).

    The proportional set size of the process and all its descendants is summed every
    few milliseconds, so memory that forked workers share with their parent is
    counted once.
    """
    with open(os.devnull, "w") as quiet, \
            subprocess.Popen(command, env=env, cwd=settings.BASE_DIR, stdout=quiet,
                             stderr=subprocess.PIPE, text=True) as process:
        errors: list[str] = []
        reader = threading.Thread(target=lambda: errors.append(process.stderr.read()),
                                  daemon=True)
        reader.start()
        peak = 0
        while process.poll() is None:
            peak = max(peak, _tree_pss_kb(process.pid))
            time.sleep(0.02)
        reader.join()
    return peak, (None if process.returncode == 0 else f"({process.returncode}) {''.join(errors)}")


def _tree_pss_kb(pid: int) -> int:
    """Proportional set size of `pid` and all its descendants, in kB (0 for a gone process)."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
        for line in rollup.splitlines():
            if line.startswith("Pss:"):
                total += int(line.split()[1])
                break
    return total


def _split(count: int) -> dict[str, int]:
    plan = {label: int(count * share) for label, share in MIX.items()}
    plan["guides.guidepage"] += count - sum(plan.values())
    return plan


def _clone(source: Page, *, number: int, rng: random.Random, audiences: list, images: list) -> Page:
    """A new unsaved page of `source`'s type with its content and a unique title and slug."""
    model = type(source)
    own_fields = {field.attname: getattr(source, field.attname)
                  for field in model._meta.concrete_fields
                  if field.model is not Page and not field.primary_key
                  and not field.attname.endswith("_ptr_id")}
    title = f"{source.title} ({number + 1})"
    published = timezone.now().replace(microsecond=0)  # as a publish would stamp it
    page = model(title=title, slug=f"{source.slug}-{number + 1}", live=True,
                 first_published_at=published, last_published_at=published, **own_fields)
    today = timezone.localdate()
    shift = datetime.timedelta(days=rng.randint(-200, 200))
    label = model._meta.label_lower
    if label == "guides.guidepage":
        page.audiences.add(*rng.sample(audiences, k=min(len(audiences), rng.randint(1, 2))))
        page.topics.add(*rng.sample(TOPICS, k=2))
        from cms.guides.models import GuideRelatedPage

        page.related_pages = [GuideRelatedPage(page_id=item.page_id)
                              for item in source.related_pages.all()]
        page.last_reviewed = today - datetime.timedelta(days=rng.randint(0, 300))
    elif label == "courses.coursepage":
        page.start_date = today + shift
        page.end_date = page.start_date + datetime.timedelta(days=30)
        page.enrolment_deadline = page.start_date - datetime.timedelta(days=7)
        page.audiences.add(*rng.sample(audiences, k=1))
    elif label == "events.eventpage":
        page.start = timezone.now().replace(minute=0, second=0, microsecond=0) + shift
        page.end = page.start + datetime.timedelta(hours=3)
        page.audiences.add(*rng.sample(audiences, k=1))
    elif label == "news.newspage":
        page.date = today - datetime.timedelta(days=rng.randint(0, 700))
        if images and number % 4 == 0:
            page.image = images[number % len(images)]
            page.image_alt = page.image.title
    return page


def _use_database(path: Path) -> None:
    """Point the default connection at another SQLite file (closed first)."""
    connections.close_all()
    connection.settings_dict["NAME"] = str(path)
    _clear_caches()


def _clear_caches() -> None:
    """Forget cached site root paths and renditions, which belong to the previous database."""
    for alias in settings.CACHES:
        caches[alias].clear()


def _same_files(vanilla: Path, ours: Path) -> bool:
    """True when every page vanilla wrote is byte for byte the file we wrote."""
    for path in vanilla.rglob("*"):
        if path.is_file():
            twin = ours / path.relative_to(vanilla)
            if not twin.is_file() or twin.read_bytes() != path.read_bytes():
                return False
    return True
