"""A git branch, for GitHub Pages and the hosts that publish a branch (Codeberg, GitLab).

The branch's tip is fetched (depth 1) into a throwaway bare repository, its tree compared
with the build by git's own blob hashes, and a new commit with the build's tree pushed on
top. A push moves the branch in one step, so whatever fails (credentials, network, someone
else pushing meanwhile) the branch keeps serving the old version. `.nojekyll` is added so
GitHub Pages serves `_headers`-style and Pagefind files as they are.

Credentials are the machine's (SSH key, agent, credential helper, `GIT_SSH_COMMAND`); git is
never allowed to prompt for them.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from ..builds import Build
from ..errors import DeployError
from ..plan import Plan, compare
from .base import Progress

NOJEKYLL = ".nojekyll"


def blob_sha(data: bytes) -> str:
    """The object id git gives a file's bytes."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


class GitTarget:
    """A branch of a repository (URL or path) that the host publishes."""

    def __init__(self, *, repository: str, label: str, branch: str = "gh-pages",
                 nojekyll: bool = True, author_name: str = "Rete Lavoro",
                 author_email: str = "deploy@rete-lavoro.invalid") -> None:
        self.repository = repository
        self.branch = branch
        self.nojekyll = nojekyll
        self.label = label
        self.author = (author_name, author_email)
        self._work = tempfile.TemporaryDirectory(prefix="rete-deploy-git-")
        self.git_dir = Path(self._work.name) / "repo.git"
        self.index = Path(self._work.name) / "index"
        self.tip: str | None = None

    def describe(self) -> str:
        return f"{self.repository} (ramo {self.branch})"

    def plan(self, *, build: Build) -> Plan:
        self._git("init", "--bare", "--quiet", str(self.git_dir), git_dir=False)
        self.tip = self._fetch()
        remote = {}
        if self.tip:
            listing = self._git("ls-tree", "-r", "-z", self.tip)
            for entry in filter(None, listing.split("\0")):
                meta, path = entry.split("\t", 1)
                remote[path] = meta.split()[2]
        local = {name: blob_sha(path.read_bytes()) for name, path in build.files.items()}
        if self.nojekyll:
            local[NOJEKYLL] = blob_sha(b"")
        return compare(local=local, remote=remote)

    def apply(self, *, plan: Plan, build: Build, progress: Progress) -> None:
        self._git("read-tree", *([self.tip] if self.tip else ["--empty"]))
        paths = [change.path for change in plan.uploads]
        empty = Path(self._work.name) / NOJEKYLL
        empty.touch()
        sources = [str(build.files[path]) if path in build.files else str(empty) for path in paths]
        shas = self._git("hash-object", "-w", "--stdin-paths",
                         input="\n".join(sources) + "\n").split() if paths else []
        entries = [f"100644 {sha}\t{path}" for sha, path in zip(shas, paths, strict=True)]
        entries += [f"0 {'0' * 40}\t{change.path}" for change in plan.deletions]
        self._git("update-index", "--index-info", input="\n".join(entries) + "\n")
        tree = self._git("write-tree").strip()
        when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        commit = self._git("commit-tree", tree, *(["-p", self.tip] if self.tip else []),
                           "-m", f"Pubblicazione di {self.label} ({when})").strip()
        self._git("push", "--quiet", self.repository, f"{commit}:refs/heads/{self.branch}",
                  failure="Il ramo remoto non è cambiato: il sito pubblicato è quello di prima.")
        for change in plan.changes:
            progress(change)

    def _fetch(self) -> str | None:
        """The branch's tip, fetched; None when the repository has no such branch yet."""
        heads = self._git("ls-remote", "--heads", self.repository, self.branch,
                          failure="Sul repository non è stato modificato nulla.")
        if not heads.strip():
            return None
        self._git("fetch", "--quiet", "--depth=1", "--no-tags", self.repository,
                  f"+refs/heads/{self.branch}:refs/deploy/tip",
                  failure="Sul repository non è stato modificato nulla.")
        return self._git("rev-parse", "refs/deploy/tip").strip()

    def _git(self, *args: str, git_dir: bool = True, input: str | None = None,
             failure: str = "") -> str:
        env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_INDEX_FILE": str(self.index),
               "GIT_AUTHOR_NAME": self.author[0], "GIT_AUTHOR_EMAIL": self.author[1],
               "GIT_COMMITTER_NAME": self.author[0], "GIT_COMMITTER_EMAIL": self.author[1]}
        command = ["git", *(["--git-dir", str(self.git_dir)] if git_dir else []), *args]
        result = subprocess.run(command, env=env, input=input, capture_output=True, text=True)
        if result.returncode:
            detail = result.stderr.strip().splitlines()[-1:] or [f"codice {result.returncode}"]
            raise DeployError(f"git {args[0]} su «{self.repository}» non è riuscito "
                              f"({detail[0]}). {failure}".strip())
        return result.stdout
