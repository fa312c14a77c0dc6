"""A folder, on this machine or another one: anything `rsync` reaches (`/srv/www/rete/`,
`utente@host:/srv/www/rete/`). Needs Debian's `rsync` (and `ssh` for another machine).

rsync compares by content (`--checksum`), so only the files that changed travel. It writes
them into a hidden folder and renames them all into place at the end (`--delay-updates`),
then deletes (`--delete-after`): a connection lost during the transfer leaves the served
files as they were. Credentials are the machine's SSH keys (or `RSYNC_RSH`).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from ..builds import Build
from ..errors import DeployError
from ..plan import Plan, ordered_plan
from .base import Progress

# Archive mode without owners, groups and devices (another machine's users differ),
# checksums instead of sizes and times, whole files (local copies and small pages).
OPTIONS = ["--recursive", "--links", "--times", "--checksum", "--mkpath", "--timeout=60",
           "--out-format=%i %n"]


class RsyncTarget:
    """An rsync destination; a relative local folder is taken from the project folder."""

    def __init__(self, *, destination: str, base_dir: Path) -> None:
        remote = ":" in destination.split("/", 1)[0]
        if not remote and not Path(destination).is_absolute():
            destination = str(base_dir / destination)
        self.destination = destination.rstrip("/") + "/"

    def describe(self) -> str:
        return self.destination

    def plan(self, *, build: Build) -> Plan:
        added, updated, deleted = [], [], []
        for code, path in self._run(build, "--dry-run", "--delete"):
            if code.startswith("*deleting"):
                if not path.endswith("/"):
                    deleted.append(path)
            elif code[:2] == ">f":
                (added if "+++" in code else updated).append(path)
        return ordered_plan(added=added, updated=updated, deleted=deleted)

    def apply(self, *, plan: Plan, build: Build, progress: Progress) -> None:
        changes = {change.path: change for change in plan.changes}
        for _code, path in self._run(build, "--delay-updates", "--delete-after"):
            if path in changes:
                progress(changes.pop(path))

    def _run(self, build: Build, *extra: str):
        """rsync the build's folder, yielding each itemized line as (code, path)."""
        if shutil.which("rsync") is None:
            raise DeployError("Serve rsync: installalo con «apt-get install rsync».")
        command = ["rsync", *OPTIONS, *extra, f"{build.root}/", self.destination]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True)
        assert process.stdout is not None and process.stderr is not None
        for line in process.stdout:
            # %i is 11 characters wide (`*deleting` padded), then the space and the name.
            line = line.rstrip("\n")
            yield line[:11].strip(), line[12:]
        error = process.stderr.read()
        if process.wait():
            detail = error.strip().splitlines()[-1:] or [f"codice {process.returncode}"]
            raise DeployError(f"rsync verso «{self.destination}» non è riuscito ({detail[0]}). "
                              "I file pubblicati sono quelli di prima.")

