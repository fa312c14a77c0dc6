"""Back up and restore a whole installation: database, uploaded media, the settings that matter.

`site_content/` is the readable source of the demo, but not a backup: its dates are
expressions relative to the day it is loaded, and it does not carry log entries, revisions
or users. A backup is a copy of the database as it is (SQLite's online backup API, or
`pg_dump` for PostgreSQL), so a copy restored any day later stores the same absolute dates
and bakes the same bytes. One timestamped `.tar.gz` holds it, with `MEDIA_ROOT` and a
`manifest.json` naming the database kind and the settings the baked site depends on.
SECRET_KEY is left out unless asked for: whoever holds the archive could sign sessions.
"""

from __future__ import annotations

import glob
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection, connections

from cms.environment import read_secret_key, secret_key_file

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
PREFIX = "rete-lavoro-backup-"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
# Settings that decide what the baked site looks like: a restore on an installation that
# differs in one of them bakes another site, so it is named.
RECORDED_SETTINGS = ("RETE_BASE_URL", "WAGTAIL_SITE_NAME", "WAGTAILADMIN_BASE_URL", "THEME",
                     "TIME_ZONE", "LANGUAGE_CODE")


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message (Italian) says what to do."""


@dataclass
class BackupReport:
    """What a backup wrote (or would write) and which old copies it removed."""

    archive: Path
    media_files: int
    removed: list[Path] = field(default_factory=list)


@dataclass
class RestoreReport:
    """What a restore put back, and the settings that differ from the archive's."""

    database: str
    media_files: int
    created_at: str
    differing_settings: dict[str, tuple[str, str]] = field(default_factory=dict)
    secret_key_restored: bool = False


def _vendor() -> str:
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"Database «{connection.vendor}» non supportato: usa SQLite o "
                          "PostgreSQL.")
    return connection.vendor


def _recorded_settings() -> dict[str, str]:
    return {name: str(getattr(settings, name, "")) for name in RECORDED_SETTINGS}


def _pg_tool(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda path: int(Path(path).parts[-3]), reverse=True)), None)
    if not found:
        raise BackupError(f"Comando {name} non trovato: installa il client di PostgreSQL "
                          "(apt-get install postgresql-client).")
    return found


def _pg_env() -> dict[str, str]:
    db = settings.DATABASES["default"]
    env = {**os.environ, "PGDATABASE": db["NAME"]}
    for key, var in (("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"), ("HOST", "PGHOST"),
                     ("PORT", "PGPORT")):
        if db.get(key):
            env[var] = str(db[key])
    return env


def _run(command: list[str], *, what: str) -> None:
    result = subprocess.run(command, env=_pg_env(), capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{what} non riuscito: {result.stderr.strip()}")


def _dump_database(*, vendor: str, target: Path) -> None:
    if vendor == "sqlite":
        # The online backup API copies a consistent snapshot while the CMS keeps running.
        source = sqlite3.connect(settings.DATABASES["default"]["NAME"])
        copy = sqlite3.connect(target)
        try:
            with copy:
                source.backup(copy)
        finally:
            copy.close()
            source.close()
    else:
        _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
              f"--file={target}"], what="pg_dump")


def _media_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.is_dir() else []


def _old_archives(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"{PREFIX}*.tar.gz"))


def create_backup(*, folder: Path, keep: int | None = None, include_secret_key: bool = False,
                  dry_run: bool = False, now: datetime | None = None) -> BackupReport:
    """Write `rete-lavoro-backup-<UTC time>.tar.gz` into `folder`; keep the newest `keep`."""
    vendor = _vendor()
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    folder = Path(folder)
    archive = folder / f"{PREFIX}{moment:%Y%m%d-%H%M%S}.tar.gz"
    media_root = Path(settings.MEDIA_ROOT)
    media = _media_files(media_root)
    if archive.exists():
        raise BackupError(f"L'archivio {archive} esiste già: riprova tra un secondo.")
    secret = read_secret_key() if include_secret_key else ""
    if include_secret_key and not secret:
        raise BackupError("Nessuna SECRET_KEY da salvare: togli --include-secret-key.")
    previous = _old_archives(folder) if folder.is_dir() else []
    removed = previous[:max(0, len(previous) + 1 - keep)] if keep else []
    if dry_run:
        return BackupReport(archive=archive, media_files=len(media), removed=removed)
    folder.mkdir(parents=True, exist_ok=True)
    manifest = {"format": FORMAT, "created_at": moment.isoformat(), "database": vendor,
                "database_file": DATABASE_FILES[vendor], "media_files": len(media),
                "settings": _recorded_settings(), "secret_key_included": bool(secret)}
    partial = archive.with_name(archive.name + ".partial")
    with tempfile.TemporaryDirectory(dir=folder) as work:
        dump = Path(work) / DATABASE_FILES[vendor]
        _dump_database(vendor=vendor, target=dump)
        with tarfile.open(partial, "w:gz") as tar:
            _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=2, sort_keys=True).encode())
            tar.add(dump, arcname=dump.name)
            for path in media:
                tar.add(path, arcname=f"{MEDIA}/{path.relative_to(media_root).as_posix()}")
            if secret:
                _add_bytes(tar, "secret_key", (secret + "\n").encode(), mode=0o600)
    partial.rename(archive)  # a half-written archive never carries the final name
    for path in removed:
        path.unlink()
    return BackupReport(archive=archive, media_files=len(media), removed=removed)


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes, *, mode: int = 0o644) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode = len(data), mode
    tar.addfile(info, io.BytesIO(data))


def read_manifest(*, archive: Path) -> dict:
    """The manifest of `archive`, or a BackupError saying why it is not a backup."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            member = tar.extractfile(MANIFEST)
            manifest = json.loads(member.read()) if member else None
    except (OSError, KeyError, tarfile.TarError, json.JSONDecodeError) as error:
        raise BackupError(f"{archive} non è un backup di Rete Lavoro leggibile ({error}): "
                          "indica un file creato da «manage.py backup».") from error
    if not manifest or manifest.get("format") != FORMAT:
        raise BackupError(f"{archive}: formato di backup sconosciuto; usa la versione di "
                          "Rete Lavoro che lo ha creato.")
    return manifest


def database_is_empty() -> bool:
    """Whether the database holds no table at all (a fresh installation, never migrated)."""
    return not connection.introspection.table_names()


def restore_backup(*, archive: Path, force: bool = False,
                   dry_run: bool = False) -> RestoreReport:
    """Put the database, media and (if saved) secret key of `archive` back in place."""
    manifest = read_manifest(archive=archive)
    vendor = _vendor()
    if manifest["database"] != vendor:
        raise BackupError(
            f"L'archivio contiene un database {manifest['database']}, questa installazione "
            f"usa {vendor}: ripristina su un'installazione dello stesso tipo (DATABASE_URL), "
            "poi copia i dati con dumpdata/loaddata se serve cambiarlo.")
    media_root = Path(settings.MEDIA_ROOT)
    if not force and not database_is_empty():
        raise BackupError("Il database non è vuoto: il ripristino lo sostituirebbe per intero. "
                          "Fai prima un backup di quello attuale, poi ripeti con --force.")
    if not force and _media_files(media_root):
        raise BackupError(f"La cartella dei media {media_root} non è vuota: il ripristino la "
                          "sostituirebbe. Ripeti con --force per sostituirla.")
    current = _recorded_settings()
    differing = {name: (str(value), current.get(name, ""))
                 for name, value in manifest.get("settings", {}).items()
                 if str(value) != current.get(name, "")}
    report = RestoreReport(database=vendor, media_files=manifest.get("media_files", 0),
                           created_at=manifest["created_at"], differing_settings=differing,
                           secret_key_restored=bool(manifest.get("secret_key_included")))
    if dry_run:
        return report
    with tempfile.TemporaryDirectory(dir=media_root.parent) as work:
        unpacked = Path(work)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(unpacked, filter="data")
        _restore_database(vendor=vendor, dump=unpacked / manifest["database_file"])
        _replace_media(source=unpacked / MEDIA, media_root=media_root, work=unpacked)
        if report.secret_key_restored and not os.environ.get("SECRET_KEY"):
            key = secret_key_file()
            key.parent.mkdir(parents=True, exist_ok=True)
            key.touch(mode=0o600)
            key.write_bytes((unpacked / "secret_key").read_bytes())
    return report


def _restore_database(*, vendor: str, dump: Path) -> None:
    connections.close_all()
    if vendor == "sqlite":
        backup = sqlite3.connect(dump)
        target = sqlite3.connect(settings.DATABASES["default"]["NAME"])
        try:
            with target:
                backup.backup(target)
        finally:
            target.close()
            backup.close()
    else:
        _run([_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
              "--single-transaction", f"--dbname={settings.DATABASES['default']['NAME']}",
              str(dump)], what="pg_restore")


def _replace_media(*, source: Path, media_root: Path, work: Path) -> None:
    if not source.is_dir():
        source.mkdir()
    old = work / "previous-media"
    if media_root.exists():
        media_root.rename(old)
    source.rename(media_root)


__all__ = ["BackupError", "BackupReport", "RestoreReport", "create_backup", "database_is_empty",
           "read_manifest", "restore_backup"]
