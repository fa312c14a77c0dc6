"""``manage.py load_site_content``: load site_content/ into the CMS (safe to run twice)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.sitecontent.services import ContentError, content_is_loaded, load_site_content


class Command(BaseCommand):
    help = "Carica i contenuti di site_content/ nel CMS (rieseguibile senza effetti doppi)."

    def add_arguments(self, parser):
        parser.add_argument("--path", type=Path, default=None,
                            help="Cartella dei contenuti (predefinita: SITE_CONTENT_DIR).")
        parser.add_argument("--if-empty", action="store_true",
                            help="Carica solo se il database non ha ancora una pagina iniziale.")
        parser.add_argument("--force", action="store_true",
                            help="Sovrascrivi anche le pagine modificate nel CMS.")
        parser.add_argument("--dry-run", action="store_true",
                            help="Mostra che cosa cambierebbe senza salvare nulla.")

    def handle(self, *args, path, if_empty, force, dry_run, **options):
        path = path or Path(settings.SITE_CONTENT_DIR)
        if if_empty and content_is_loaded():
            self.stdout.write("Il database ha già dei contenuti: nulla da caricare (--if-empty).")
            return
        try:
            report = load_site_content(path=path, force=force, dry_run=dry_run)
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
