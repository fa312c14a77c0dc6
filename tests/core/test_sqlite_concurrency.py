"""With SQLite, an editor's save while the worker writes waits for it instead of failing."""

import subprocess
import sys

import pytest

from django.conf import settings
from django.db import connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper

# Runs once, on the SQLite file the settings describe (the PostgreSQL run has no such file).
pytestmark = pytest.mark.own_databases

HOLD_SECONDS = 7  # longer than SQLite's own 5 s timeout, well inside the settings' 30 s

HOLDER = f"""
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN IMMEDIATE")
con.execute("INSERT INTO saves VALUES ('the bake')")
print("locked", flush=True)
time.sleep({HOLD_SECONDS})
con.execute("COMMIT")
"""


# The worker claiming a task: its own connection, SQLite's busy timeout as in the settings.
WRITER = """
import sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
con.execute("INSERT INTO saves VALUES ('the worker')")
"""


def test_a_save_meeting_a_long_write_waits_for_it(tmp_path, django_db_blocker):
    """A database of its own, in a temp folder, opened with the settings' options."""
    with django_db_blocker.unblock():
        _save_meeting_a_long_write(tmp_path)


def _save_meeting_a_long_write(tmp_path):
    base = settings.DATABASES["default"]
    assert base["ENGINE"] == "django.db.backends.sqlite3"
    database = DatabaseWrapper({**base, "NAME": str(tmp_path / "db.sqlite3")}, alias="other")
    try:
        with database.cursor() as cursor:
            cursor.execute("CREATE TABLE saves (who TEXT)")
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"  # readers never wait for the writer
        holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(tmp_path / "db.sqlite3")],
                                  stdout=subprocess.PIPE, text=True)
        assert holder.stdout.readline().strip() == "locked"
        with database.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM saves")  # a read goes through at once
            assert cursor.fetchone()[0] == 0
            cursor.execute("INSERT INTO saves VALUES ('the editor')")  # waits, then saves
        assert holder.wait(timeout=60) == 0
        with database.cursor() as cursor:
            cursor.execute("SELECT who FROM saves ORDER BY rowid")
            assert [row[0] for row in cursor.fetchall()] == ["the bake", "the editor"]
    finally:
        database.close()


def test_a_save_that_reads_first_is_not_failed_by_a_write_in_between(tmp_path,
                                                                     django_db_blocker):
    """Wagtail saves a revision in one transaction that reads (the page, its slug) and then
    writes. The worker, polling ten times a second, may commit a write in between: in a
    transaction begun as a plain read SQLite then fails the editor's write at once, busy
    timeout or not ("database is locked": CI met it in the benchmark's publish). Begun as a
    write, the transaction makes the worker wait for it instead."""
    with django_db_blocker.unblock():
        _save_that_reads_first(tmp_path)


def _save_that_reads_first(tmp_path):
    name = str(tmp_path / "db.sqlite3")
    connections["editor"] = DatabaseWrapper({**settings.DATABASES["default"], "NAME": name},
                                            alias="editor")
    try:
        with connections["editor"].cursor() as cursor:
            cursor.execute("CREATE TABLE saves (who TEXT)")
        with transaction.atomic(using="editor"), connections["editor"].cursor() as cursor:
            cursor.execute("SELECT count(*) FROM saves")
            assert cursor.fetchone()[0] == 0
            worker = subprocess.Popen([sys.executable, "-c", WRITER, name])
            try:
                worker.wait(timeout=2)  # done at once if the editor holds no write lock
            except subprocess.TimeoutExpired:
                pass  # waiting for the editor's transaction, as it should
            cursor.execute("INSERT INTO saves VALUES ('the editor')")
        assert worker.wait(timeout=60) == 0
        with connections["editor"].cursor() as cursor:
            cursor.execute("SELECT who FROM saves ORDER BY rowid")
            assert [row[0] for row in cursor.fetchall()] == ["the editor", "the worker"]
    finally:
        connections["editor"].close()
        del connections["editor"]
