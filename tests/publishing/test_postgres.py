"""PostgreSQL and SQLite bake the same site, byte for byte.

The demo content is loaded into a SQLite file, copied row for row into a database of
a real PostgreSQL server (`tests/postgres.py`) with `dumpdata`/`loaddata`, and each is
baked in its own subprocess with its forked workers, as in production.
"""

import shutil
import subprocess
import sys

import pytest

from tests import postgres

from .builds import comparable_sites
from .demo import ROOT, demo_env, load_demo, manage

pytestmark = pytest.mark.own_databases

# What the copy leaves out: rebuilt by migrate, update_index and rebuild_references_index,
# or not content
# (log entries of deleted pages point at nothing and cannot be serialised).
NOT_COPIED = ["contenttypes", "auth.permission", "wagtailsearch", "sessions", "admin.logentry",
              "django_tasks_database", "publishing.bakerecord", "wagtailcore.referenceindex",
              "wagtailcore.pagelogentry"]

# `dumpdata` with times to the microsecond: Django's JSON encoder rounds them to the
# millisecond (and XML cannot hold a StreamField).
EXACT_DUMPDATA = """
import datetime, sys
import django
django.setup()
from django.core.management import call_command
from django.core.serializers import json as json_serializer

class ExactTimes(json_serializer.DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, (datetime.datetime, datetime.time)):
            return o.isoformat()
        return super().default(o)

json_serializer.DjangoJSONEncoder = ExactTimes
call_command("dumpdata", *sys.argv[1:])
"""


@pytest.fixture(scope="session")
def postgres_server():
    with postgres.server() as url:
        yield url


def test_the_demo_bakes_to_the_same_bytes_on_sqlite_and_postgresql(tmp_path, postgres_server):
    lite = demo_env(tmp_path / "sqlite")
    load_demo(lite)
    dump = tmp_path / "content.json"
    result = subprocess.run([sys.executable, "-c", EXACT_DUMPDATA, "--natural-foreign",
                             *(f"--exclude={label}" for label in NOT_COPIED), f"--output={dump}"],
                            cwd=ROOT, env=lite, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    pg = demo_env(tmp_path / "postgresql",
                  database_url=postgres.create_database(postgres_server, "rete_same_bytes"))
    manage("migrate", "--noinput", "-v0", env=pg)
    manage("flush", "--noinput", env=pg)  # the copy brings its own root page and site
    manage("loaddata", str(dump), env=pg)
    manage("update_index", env=pg)
    manage("rebuild_references_index", env=pg)
    shutil.copytree(tmp_path / "sqlite" / "media", tmp_path / "postgresql" / "media")

    builds = {}
    for name, env in (("sqlite", lite), ("postgresql", pg)):
        manage("bake", "--no-progress", env=env)
        builds[name] = comparable_sites(tmp_path / name / "build")

    sqlite, postgresql = builds["sqlite"], builds["postgresql"]
    assert len(sqlite) > 400
    assert sorted(sqlite) == sorted(postgresql)
    assert [path for path in sqlite if sqlite[path] != postgresql[path]] == []
