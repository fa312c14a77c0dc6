"""A bake killed with `kill -9`, or stopped by its time limit, blocks no later bake.

The demo network is baked in subprocesses (`manage.py bake`, as cron and
`scripts/bake` run it) that stop at a chosen stage (`cms/publishing/faults.py`): in a
compression worker, just before the swap, or between the new build's last write and the
rename of the `build` link. The test then kills the bake for real and
checks what a later publish relies on: no worker outlives it, the bake lock is free,
the live site is the one before, and the next bake clears the leftovers and leaves the
whole site.
"""

import ast
import fcntl
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cms.publishing.cores import worker_pool_options
from cms.publishing.faults import PAUSE_AT_ENV, PAUSE_FILE_ENV
from cms.publishing.locking import lock_path

from .demo import ROOT, baked_dirs, demo_env, files_of, load_demo, manage

pytestmark = pytest.mark.own_databases

WAIT = 600  # seconds a bake may take to reach its pause point on a busy machine


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo network in a SQLite file, baked once: the live site the kills must spare."""
    var = tmp_path_factory.mktemp("crash") / "var"
    env = demo_env(var)
    load_demo(env)
    build = baked_dirs(manage("bake", "--no-progress", env=env))[0]  # the default site's
    return env, build, files_of(build)


# A publish with nothing of its own to bake, as the task worker runs it.
PUBLISH = ("from cms.publishing.tasks import bake_changes_task; "
           "print(bake_changes_task.call(page_ids=[]))")


def record_of(pid: int, *, env: dict) -> str:
    """Status and message of the bake record that process `pid` opened."""
    code = ("from cms.publishing.models import BakeRecord; "
            f"r = BakeRecord.objects.get(pid={pid}); print(r.status, r.error_message)")
    return manage("shell", "-c", code, env=env).stdout.strip().splitlines()[-1]


def alive(pid: int) -> bool:
    """Whether `pid` runs (a zombie waiting for its parent to reap it does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def descendants(pid: int) -> set[int]:
    """Every process below `pid`, from /proc."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int(
                    (entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (FileNotFoundError, ProcessLookupError, IndexError):
                continue
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting: {what}"
        time.sleep(0.2)


def lock_is_free(build: Path) -> bool:
    fd = os.open(lock_path(build), os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
    return True


def leftovers(build: Path) -> list[Path]:
    """Folders beside the build other than the live and the previous build (and the
    version folders these two links point at)."""
    previous = build.with_name(f"{build.name}.previous")
    kept = {link.resolve() for link in (build, previous) if link.exists()}
    return [path for path in build.parent.iterdir()
            if path.name.startswith(f"{build.name}.") and path.is_dir()
            and not path.is_symlink() and path.resolve() not in kept]


def start_paused_bake(env: dict, *, stage: str, marker: Path) -> subprocess.Popen:
    env = {**env, PAUSE_AT_ENV: stage, PAUSE_FILE_ENV: str(marker)}
    process = subprocess.Popen([sys.executable, "manage.py", "bake", "--no-progress"], cwd=ROOT,
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wait_for(lambda: marker.exists() or process.poll() is not None, f"the bake to reach {stage}")
    assert process.poll() is None, process.stderr.read().decode()
    return process


# "link": the new build is written, flushed and named as a version, its link not yet made.
@pytest.mark.parametrize("stage", ["compress", "swap", "link"])
def test_a_bake_killed_at_any_stage_blocks_nothing_and_the_next_one_is_whole(demo, stage,
                                                                           tmp_path):
    env, build, full_site = demo
    marker = tmp_path / "paused"
    bake = start_paused_bake(env, stage=stage, marker=marker)
    workers = descendants(bake.pid)
    if stage == "compress" and len(os.sched_getaffinity(0)) > 1:
        assert int(marker.read_text()) in workers, "compression runs in pool workers"
    assert not lock_is_free(build)

    bake.send_signal(signal.SIGKILL)
    bake.wait()
    bake.stderr.close()

    wait_for(lambda: not any(alive(pid) for pid in workers), "the workers to die with the bake")
    assert lock_is_free(build)
    assert files_of(build) == full_site, "the killed bake touched the live site"
    assert leftovers(build), "the killed bake left its staging folder"

    assert record_of(bake.pid, env=env) == "running"

    # The next publish, of nothing in particular: it finds the dead bake and re-bakes every
    # page (a publish the dead bake carried reaches the site).
    output = manage("shell", "-c", PUBLISH, env=env).stdout
    result = ast.literal_eval(output.strip().splitlines()[-1])
    assert result["pages"] >= 40, result
    assert record_of(bake.pid, env=env).startswith("failed Il bake si è interrotto senza finire")
    assert leftovers(build) == []
    assert files_of(build) == full_site


def test_a_bake_past_its_time_limit_stops_and_frees_the_lock(demo, tmp_path):
    env, build, full_site = demo
    limited = {**env, "RETE_BAKE_TIME_LIMIT": "5", PAUSE_AT_ENV: "compress",
               PAUSE_FILE_ENV: str(tmp_path / "paused")}
    result = subprocess.run([sys.executable, "manage.py", "bake", "--no-progress"], cwd=ROOT,
                            env=limited, capture_output=True, text=True, timeout=WAIT)

    assert result.returncode != 0
    assert "Il bake è durato più di 5 secondi ed è stato fermato" in result.stderr
    assert lock_is_free(build)
    assert leftovers(build) == []
    assert files_of(build) == full_site


def test_pool_workers_start_with_default_signal_handlers():
    """The task worker's graceful-shutdown handler would make `terminate()` hang."""
    import multiprocessing

    previous = signal.signal(signal.SIGTERM, lambda signum, frame: None)
    try:
        with multiprocessing.get_context("fork").Pool(1, **worker_pool_options()) as pool:
            assert pool.apply(signal.getsignal, (signal.SIGTERM,)) == signal.SIG_DFL
    finally:
        signal.signal(signal.SIGTERM, previous)


# An editor's publish, as the admin does it: the auto-bake queues a task for the worker.
EDIT = ("from cms.guides.models import GuidePage; "
        "page = GuidePage.objects.live().order_by('pk').first(); "
        "page.title = 'Guida ripubblicata dopo il crash'; "
        "page.save_revision().publish(); print(page.url_path)")
TASK_STATUS = ("from django_tasks_db.models import DBTaskResult; "
               "print(sorted(DBTaskResult.objects.filter(backend_name='bake')"
               ".values_list('status', flat=True)))")


def worker_command(*extra: str) -> list[str]:
    return [sys.executable, "manage.py", "db_worker", "--backend", "bake", "--interval", "0.2",
            "--no-startup-delay", "--no-reload", *extra]


def test_a_worker_killed_mid_bake_loses_no_publish(demo, tmp_path):
    """`kill -9` of the task worker itself while it bakes an editor's publish.

    Last in this module: it changes the demo site the tests above compare against.
    """
    env, build, _full_site = demo
    output = manage("shell", "-c", EDIT, env=env).stdout
    assert "READY" in manage("shell", "-c", TASK_STATUS, env=env).stdout

    marker = tmp_path / "paused"
    worker = subprocess.Popen(worker_command(), cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL,
                              env={**env, PAUSE_AT_ENV: "compress", PAUSE_FILE_ENV: str(marker)})
    wait_for(lambda: marker.exists() or worker.poll() is not None,
             "the worker's bake to reach compression")
    assert worker.poll() is None
    children = descendants(worker.pid)
    assert not lock_is_free(build)
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    wait_for(lambda: not any(alive(pid) for pid in children), "the bake's workers to die")

    # What the dead worker leaves: its task "running", its record "In corso", the lock free.
    assert lock_is_free(build)
    assert "RUNNING" in manage("shell", "-c", TASK_STATUS, env=env).stdout
    assert record_of(worker.pid, env=env) == "running"

    # The worker is restarted as its unit does it: recover_bakes first, then db_worker
    # (here in batch mode: it stops once the queue is empty).
    recovered = manage("recover_bakes", env=env).stdout
    assert "Pubblicazioni interrotte trovate: 1." in recovered
    record = record_of(worker.pid, env=env)
    assert record.startswith("failed Il bake si è interrotto senza finire"), record
    assert "rimesso in coda" in record
    assert "READY" in manage("shell", "-c", TASK_STATUS, env=env).stdout
    subprocess.run(worker_command("--batch"), cwd=ROOT, env=env, check=True,
                   capture_output=True, timeout=WAIT)

    statuses = manage("shell", "-c", TASK_STATUS, env=env).stdout
    assert "RUNNING" not in statuses and "READY" not in statuses, statuses
    assert lock_is_free(build)
    assert leftovers(build) == []
    url_path = output.strip().splitlines()[-1]
    slug = url_path.rstrip("/").rsplit("/", 1)[-1]
    guide = next(build.glob(f"**/{slug}/index.html"))
    assert "Guida ripubblicata dopo il crash" in guide.read_text()
    full = tmp_path / "full"
    manage("bake", "--no-progress", "--build-dir", str(full), env=env)
    assert files_of(build) == files_of(full)
