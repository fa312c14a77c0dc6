"""``manage.py export_site_content``: write the CMS content back to site_content/."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.sitecontent.services import ContentError, export_site_content


class Command(BaseCommand):
    help = "Esporta i contenuti del CMS nella cartella site_content/ (o in quella indicata)."

    def add_arguments(self, parser):
        parser.add_argument("--path", type=Path, default=None,
                            help="Cartella di destinazione (predefinita: SITE_CONTENT_DIR).")
        parser.add_argument("--network", default=None, metavar="CARTELLA",
                            help="Esporta solo questa rete (la sua cartella in networks/), "
                                 "oltre a frammenti e media condivisi.")
        parser.add_argument("--absolute-dates", action="store_true",
                            help="Scrive ogni data come data di calendario (2027-04-29) invece "
                                 "che relativa al giorno del caricamento («@+14»): per un "
                                 "archivio che ricaricato un altro giorno dica le stesse date.")

    def handle(self, *args, path, network, absolute_dates, **options):
        path = path or Path(settings.SITE_CONTENT_DIR)
        try:
            report = export_site_content(path=path, absolute_dates=absolute_dates,
                                         network=network)
        except ContentError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Scritti {len(report.files)} file in {path}."))
