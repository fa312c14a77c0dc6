"""A backup restored into a fresh installation, any day later, bakes the same site.

The demo network is loaded and baked in a subprocess with its own `var/`, backed up with
`manage.py backup`, restored with `manage.py restore` into another empty `var/` a month
later (time-machine in the restoring process) and baked again: the two builds are
compared file by file, and the stored dates of the events are the same.
The same on PostgreSQL (`pg_dump`/`pg_restore`), between two databases of a real server,
where a second restore over the copy needs `--force`.
"""

import json
import subprocess
import sys
import tarfile

import pytest

from tests import postgres
from tests.publishing.builds import comparable_sites
from tests.publishing.demo import ROOT, demo_env, load_demo, manage

pytestmark = pytest.mark.own_databases

# The restoring process runs a month later: dates stored absolute must not move.
A_MONTH_LATER = """
import runpy, sys, time_machine
time_machine.travel("2031-03-01 09:00 +00:00", tick=True).start()
sys.argv = ["manage.py", *sys.argv[1:]]
runpy.run_path("manage.py", run_name="__main__")
"""

EVENT_DATES = ("from cms.events.models import EventPage; import json; "
               "print(json.dumps([[e.slug, e.start.isoformat(), e.end.isoformat(), "
               "e.first_published_at.isoformat()] for e in EventPage.objects.order_by('path')]))")


@pytest.fixture(scope="module")
def original(tmp_path_factory):
    """The demo network, baked and backed up once."""
    var = tmp_path_factory.mktemp("backup") / "original"
    env = demo_env(var)
    load_demo(env)
    manage("bake", "--no-progress", env=env)
    result = manage("backup", f"--dir={var.parent / 'backups'}", env=env)
    (archive,) = (var.parent / "backups").glob("rete-lavoro-backup-*.tar.gz")
    assert str(archive) in result.stdout
    return env, var, archive


def run_a_month_later(*args: str, env: dict) -> None:
    result = subprocess.run([sys.executable, "-c", A_MONTH_LATER, *args], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_archive_holds_database_media_and_settings_but_no_secret_key(original):
    env, var, archive = original
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert "database.sqlite3" in names
    media = sorted(path.relative_to(var).as_posix() for path in (var / "media").rglob("*")
                   if path.is_file())
    assert media and sorted(name for name in names if name.startswith("media/")) == media
    assert manifest["database"] == "sqlite"
    assert manifest["settings"]["RETE_BASE_URL"] == "https://www.example.org"
    assert manifest["secret_key_included"] is False and "secret_key" not in names


def test_a_restored_copy_bakes_the_same_site_with_the_same_dates(original, tmp_path):
    env, var, archive = original
    copy_var = tmp_path / "copy"
    copy = demo_env(copy_var)
    run_a_month_later("restore", str(archive), env=copy)
    manage("bake", "--no-progress", env=copy)

    before, after = comparable_sites(var / "build"), comparable_sites(copy_var / "build")
    assert len(before) > 400
    assert sorted(before) == sorted(after)
    assert [name for name in before if before[name] != after[name]] == []
    dates = [json.loads(manage("shell", "-c", EVENT_DATES, env=e).stdout.splitlines()[-1])
             for e in (env, copy)]
    assert dates[0] and dates[0] == dates[1]


def test_restore_refuses_a_database_in_use_without_force(original, tmp_path):
    env, var, archive = original
    result = manage("restore", str(archive), env=env, check=False)
    assert result.returncode != 0
    assert "Il database non è vuoto" in result.stderr and "--force" in result.stderr

    dry = manage("restore", str(archive), "--force", "--dry-run", env=env)
    assert "Verrebbero ripristinati il database sqlite" in dry.stdout
    missing = manage("restore", str(tmp_path / "nessuno.tar.gz"), env=env, check=False)
    assert missing.returncode != 0 and "manage.py backup" in missing.stderr


def test_backup_keeps_the_newest_copies(original, tmp_path):
    env, var, archive = original
    folder = tmp_path / "backups"
    folder.mkdir()
    for day in ("20200101-020000", "20200102-020000", "20200103-020000"):
        (folder / f"rete-lavoro-backup-{day}.tar.gz").write_bytes(b"")
    dry = manage("backup", f"--dir={folder}", "--keep=2", "--dry-run", env=env)
    assert "Verrebbe rimosso" in dry.stdout and len(list(folder.iterdir())) == 3

    manage("backup", f"--dir={folder}", "--keep=2", env=env)
    kept = sorted(path.name for path in folder.iterdir())
    assert kept[0] == "rete-lavoro-backup-20200103-020000.tar.gz" and len(kept) == 2


@pytest.fixture(scope="module")
def postgres_server():
    with postgres.server() as url:
        yield url


def test_a_postgresql_backup_restores_into_another_database_and_bakes_the_same_site(
        tmp_path, postgres_server):
    source = demo_env(tmp_path / "source",
                      database_url=postgres.create_database(postgres_server, "rete_backup_src"))
    load_demo(source)
    manage("bake", "--no-progress", env=source)
    manage("backup", f"--dir={tmp_path / 'backups'}", env=source)
    (archive,) = (tmp_path / "backups").glob("rete-lavoro-backup-*.tar.gz")
    with tarfile.open(archive) as tar:
        assert "database.pgdump" in tar.getnames()

    copy = demo_env(tmp_path / "copy",
                    database_url=postgres.create_database(postgres_server, "rete_backup_copy"))
    run_a_month_later("restore", str(archive), env=copy)
    manage("bake", "--no-progress", env=copy)
    before = comparable_sites(tmp_path / "source" / "build")
    after = comparable_sites(tmp_path / "copy" / "build")
    assert len(before) > 400 and sorted(before) == sorted(after)
    assert [name for name in before if before[name] != after[name]] == []

    refused = manage("restore", str(archive), env=copy, check=False)
    assert refused.returncode != 0 and "--force" in refused.stderr
    manage("restore", str(archive), "--force", env=copy)
    manage("bake", "--no-progress", env=copy)
    again = comparable_sites(tmp_path / "copy" / "build")
    assert [name for name in before if before[name] != again.get(name)] == []


def test_the_secret_key_travels_only_when_asked(original, tmp_path):
    env, var, archive = original
    folder = tmp_path / "backups"
    manage("backup", f"--dir={folder}", "--include-secret-key", env=env)
    (with_key,) = folder.glob("rete-lavoro-backup-*.tar.gz")
    with tarfile.open(with_key) as tar:
        member = tar.getmember("secret_key")
        assert member.mode == 0o600
        assert tar.extractfile(member).read() == b"demo-test-secret\n"

    fresh = demo_env(tmp_path / "fresh")
    del fresh["SECRET_KEY"]
    # A fresh installation generates its own key first (./scripts/bake does); the restore
    # puts the saved one in its place.
    subprocess.run([sys.executable, "-m", "cms.environment"], cwd=ROOT, env=fresh, check=True)
    assert (tmp_path / "fresh" / "secret_key").read_text() != "demo-test-secret\n"
    result = manage("restore", str(with_key), env=fresh)
    assert "SECRET_KEY" in result.stdout
    assert (tmp_path / "fresh" / "secret_key").read_text() == "demo-test-secret\n"
