"""``manage.py backup``: the database, media and settings in one timestamped archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.environment import var_dir
from cms.sitecontent.backup import BackupError, create_backup


class Command(BaseCommand):
    help = ("Salva database, media e impostazioni in un archivio .tar.gz con data e ora "
            "(la SECRET_KEY solo con --include-secret-key).")

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=None, dest="folder",
                            help="Cartella degli archivi (predefinita: var/backups).")
        parser.add_argument("--keep", type=int, default=None,
                            help="Conserva solo gli ultimi N archivi della cartella.")
        parser.add_argument("--include-secret-key", action="store_true",
                            help="Salva anche la SECRET_KEY (chi ha l'archivio può firmare "
                                 "sessioni: custodiscilo di conseguenza).")
        parser.add_argument("--dry-run", action="store_true",
                            help="Mostra cosa verrebbe scritto e rimosso, senza farlo.")

    def handle(self, *args, folder, keep, include_secret_key, dry_run, **options):
        if keep is not None and keep < 1:
            raise CommandError("--keep deve essere almeno 1: indica quanti archivi conservare.")
        try:
            report = create_backup(folder=folder or var_dir() / "backups", keep=keep,
                                   include_secret_key=include_secret_key, dry_run=dry_run)
        except BackupError as error:
            raise CommandError(str(error)) from error
        verb = "Verrebbe scritto" if dry_run else "Scritto"
        self.stdout.write(self.style.SUCCESS(
            f"{verb} {report.archive} (database e {report.media_files} file di media)."))
        for path in report.removed:
            self.stdout.write(f"{'Verrebbe rimosso' if dry_run else 'Rimosso'} {path}")
