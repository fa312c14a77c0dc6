"""`manage.py bake_scheduled`: for cron, every 15 minutes — what the clock changed goes online."""

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.core.commands import BaseCommand
from cms.publishing.exceptions import BakeError
from cms.publishing.management.options import add_build_dir_argument, build_dir_from
from cms.publishing.schedule import bake_scheduled_changes


class Command(BaseCommand):
    help = gettext_lazy("Pubblica e ritira le pagine programmate, poi rigenera le pagine che "
                        "cambiano con la data (eventi passati, iscrizioni chiuse, stato del "
                        "concorso). Da lanciare con cron ogni 15 minuti.")

    def add_arguments(self, parser):
        add_build_dir_argument(parser)
        parser.add_argument("--dry-run", action="store_true",
                            help=_("Mostra solo quante pagine cambierebbero, senza pubblicare "
                                   "né rigenerare nulla."))

    def handle(self, *args, build_dir: Path | None, dry_run: bool, **options):
        build_dir = build_dir_from(build_dir)
        try:
            report = bake_scheduled_changes(build_dir=build_dir, dry_run=dry_run)
        except BakeError as error:
            raise CommandError(str(error)) from error
        if dry_run:
            self.stdout.write(_("Pagine cambiate dall'ultimo passaggio: %(count)d (nulla è stato "
                                "modificato).") % {"count": len(report.page_ids)})
            return
        if report.bake is None:
            self.stdout.write(_("Nessuna pagina cambiata dall'ultimo passaggio."))
            return
        self.stdout.write(self.style.SUCCESS(
            _("Rigenerate %(pages)d pagine, rimossi %(removed)d file, %(seconds).1f s.")
            % {"pages": report.bake.pages, "removed": report.bake.removed,
               "seconds": report.bake.seconds}))
