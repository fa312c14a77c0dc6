"""``manage.py load_site_content``: load site_content/ into the CMS (safe to run twice)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.sitecontent.services import ContentError, load_site_content, networks_to_load


class Command(BaseCommand):
    help = "Carica i contenuti di site_content/ nel CMS (rieseguibile senza effetti doppi)."

    def add_arguments(self, parser):
        parser.add_argument("--path", type=Path, default=None,
                            help="Cartella dei contenuti (predefinita: SITE_CONTENT_DIR).")
        parser.add_argument("--network", default=None, metavar="CARTELLA",
                            help="Carica solo questa rete (la sua cartella in networks/), "
                                 "oltre a frammenti e media condivisi.")
        parser.add_argument("--if-empty", action="store_true",
                            help="Carica solo le reti che il database non ha ancora.")
        parser.add_argument("--force", action="store_true",
                            help="Sovrascrivi anche le pagine modificate nel CMS.")
        parser.add_argument("--dry-run", action="store_true",
                            help="Mostra che cosa cambierebbe senza salvare nulla.")

    def handle(self, *args, path, network, if_empty, force, dry_run, **options):
        path = path or Path(settings.SITE_CONTENT_DIR)
        networks = [network] if network else None
        try:
            if if_empty:
                missing = networks_to_load(path=path)
                networks = [name for name in missing if network in (None, name)]
                if not networks:
                    self.stdout.write("Il database ha già queste reti: nulla da caricare "
                                      "(--if-empty).")
                    return
            report = load_site_content(path=path, force=force, dry_run=dry_run,
                                       networks=networks)
        except ContentError as error:
            raise CommandError(str(error)) from error
        for label, files in (("creato", report.created), ("aggiornato", report.updated)):
            for file in files:
                self.stdout.write(f"  {label}: {file}")
        for file, why in report.kept:
            self.stdout.write(self.style.WARNING(f"  non caricato: {file} — {why}"))
        summary = (f"{len(report.created)} creati, {len(report.updated)} aggiornati, "
                   f"{len(report.unchanged)} invariati, {len(report.kept)} lasciati com'erano "
                   f"(giorno di riferimento delle date: {report.anchor}).")
        if dry_run:
            self.stdout.write(self.style.WARNING("Prova (--dry-run), nulla è stato salvato: "
                                                 + summary))
        else:
            self.stdout.write(self.style.SUCCESS(summary))
