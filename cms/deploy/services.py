"""`deploy_site`: compare a site's build with each of its hosts and upload what changed."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from wagtail.models import Site

from .builds import build_dir_for, read_build
from .config import load_targets
from .errors import DeployError
from .plan import Change, Plan
from .targets import make_target


@dataclass(frozen=True)
class DeployReport:
    """What one target got: its plan, whether it was carried out, how long it all took."""

    target: str
    where: str
    plan: Plan
    applied: bool
    seconds: float


class Listener:
    """Told about a deploy as it goes (the command draws its progress bar from it)."""

    def planned(self, *, target: str, where: str, plan: Plan) -> None:
        """`plan` is what `target` (at `where`) will get."""

    def done(self, change: Change) -> None:
        """`change` is on the host."""

    def finished(self, report: DeployReport) -> None:
        """The target is up to date (or, on a dry run, was only compared)."""


def find_site(*, hostname: str) -> Site:
    """The Wagtail site deployed under the name `hostname`."""
    site = Site.objects.filter(hostname=hostname).first()
    if site is None:
        known = ", ".join(Site.objects.order_by("hostname").values_list("hostname", flat=True))
        raise DeployError(f"Nessun sito «{hostname}». Siti esistenti: {known or 'nessuno'}.")
    return site


def deploy_site(*, site: Site, config_path: Path, only: Sequence[str] = (),
                dry_run: bool = False, listener: Listener | None = None) -> list[DeployReport]:
    """Bring every target of `site` (or those named in `only`) up to date with its build,
    one after the other; on a dry run only compare. Stops at the first DeployError."""
    listener = listener or Listener()
    configs = load_targets(path=config_path, hostname=site.hostname)
    if unknown := set(only) - {config.name for config in configs}:
        names = ", ".join(config.name for config in configs)
        raise DeployError(f"Destinazione «{', '.join(sorted(unknown))}» non configurata per "
                          f"«{site.hostname}» (destinazioni: {names}).")
    build = read_build(build_dir_for(site))
    reports = []
    for config in configs:
        if only and config.name not in only:
            continue
        started = time.monotonic()
        target = make_target(config, base_dir=Path(settings.BASE_DIR), label=site.site_name
                             or site.hostname)
        plan = target.plan(build=build)
        listener.planned(target=config.name, where=target.describe(), plan=plan)
        if plan and not dry_run:
            target.apply(plan=plan, build=build, progress=listener.done)
        report = DeployReport(target=config.name, where=target.describe(), plan=plan,
                              applied=bool(plan) and not dry_run,
                              seconds=time.monotonic() - started)
        listener.finished(report)
        reports.append(report)
    return reports
