"""`manage.py bake_scheduled`: for cron, every 15 minutes — what the clock changed goes online."""

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.core.commands import BaseCommand
from cms.publishing.exceptions import BakeError
from cms.publishing.management.options import add_build_dir_argument, site_builds
from cms.publishing.schedule import bake_scheduled_sites


class Command(BaseCommand):
    help = gettext_lazy("Pubblica e ritira le pagine programmate, poi rigenera le pagine che "
                        "cambiano con la data (eventi passati, iscrizioni chiuse, stato del "
                        "concorso). Da lanciare con cron ogni 15 minuti.")

    def add_arguments(self, parser):
        add_build_dir_argument(parser)
        parser.add_argument("--dry-run", action="store_true",
                            help=_("Mostra solo quante pagine cambierebbero, senza pubblicare "
                                   "né rigenerare nulla."))

    def handle(self, *args, build_dir: Path | None, dry_run: bool, site: str = "", **options):
        try:
            reports = bake_scheduled_sites(builds=site_builds(build_dir=build_dir, site=site),
                                           dry_run=dry_run)
        except BakeError as error:
            raise CommandError(str(error)) from error
        for folder, report in reports:
            # With several sites each line names the site's folder.
            prefix = f"{folder.name}: " if len(reports) > 1 else ""
            if dry_run:
                line = (_("Pagine cambiate dall'ultimo passaggio: %(count)d (nulla è stato "
                          "modificato).") % {"count": len(report.page_ids)})
            elif report.bake is None:
                line = _("Nessuna pagina cambiata dall'ultimo passaggio.")
            else:
                line = self.style.SUCCESS(
                    _("Rigenerate %(pages)d pagine, rimossi %(removed)d file, %(seconds).1f s.")
                    % {"pages": report.bake.pages, "removed": report.bake.removed,
                       "seconds": report.bake.seconds})
            self.stdout.write(prefix + line)
