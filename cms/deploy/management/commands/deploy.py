"""`manage.py deploy <sito>`: upload what changed in the site's build to its hosts."""

from __future__ import annotations

from pathlib import Path

from tqdm import tqdm

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.deploy.errors import DeployError
from cms.deploy.plan import Change, Plan
from cms.deploy.services import DeployReport, Listener, deploy_site, find_site


class Command(BaseCommand):
    help = ("Pubblica il sito generato sulle destinazioni configurate per il sito "
            "(site_content/deploy.yaml): carica solo i file cambiati, elimina per ultimi "
            "quelli tolti.")

    def add_arguments(self, parser):
        parser.add_argument("site", help="il nome host del sito Wagtail (es. localhost)")
        parser.add_argument("--target", action="append", default=[], dest="targets",
                            help="solo questa destinazione (ripetibile); di norma tutte")
        parser.add_argument("--config", type=Path, default=None,
                            help="il file delle destinazioni (di norma RETE_DEPLOY_CONFIG)")
        parser.add_argument("--dry-run", action="store_true",
                            help="elenca cosa cambierebbe, senza toccare le destinazioni")
        parser.add_argument("--no-progress", action="store_true",
                            help="senza barra di avanzamento")

    def handle(self, *args, site: str, targets: list[str], config: Path | None,
               dry_run: bool, no_progress: bool, **options) -> None:
        listener = _CommandListener(self, dry_run=dry_run, progress=not no_progress)
        try:
            deploy_site(site=find_site(hostname=site),
                        config_path=config or Path(settings.RETE_DEPLOY_CONFIG),
                        only=targets, dry_run=dry_run, listener=listener)
        except DeployError as error:
            raise CommandError(str(error)) from None
        finally:
            listener.close()


class _CommandListener(Listener):
    """Prints each target's plan and draws a progress bar while it is carried out."""

    def __init__(self, command: BaseCommand, *, dry_run: bool, progress: bool) -> None:
        self.command, self.dry_run, self.progress = command, dry_run, progress
        self.bar: tqdm | None = None

    def planned(self, *, target: str, where: str, plan: Plan) -> None:
        uploads, deletions = len(plan.uploads), len(plan.deletions)
        self.command.stdout.write(f"«{target}» ({where}): {uploads} file da caricare, "
                                  f"{deletions} da eliminare" + ("" if plan else
                                                                 ", nulla da fare"))
        if self.dry_run:
            for change in plan.changes:
                self.command.stdout.write(f"  {change}")
        elif plan and self.progress:
            self.bar = tqdm(total=len(plan.changes), unit="file", desc=target)

    def done(self, change: Change) -> None:
        if self.bar is not None:
            self.bar.update()

    def finished(self, report: DeployReport) -> None:
        self.close()
        if report.applied:
            self.command.stdout.write(self.command.style.SUCCESS(
                f"«{report.target}» aggiornata in {report.seconds:.1f} s."))
        else:
            self.command.stdout.write(f"«{report.target}» confrontata in {report.seconds:.1f} s.")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
