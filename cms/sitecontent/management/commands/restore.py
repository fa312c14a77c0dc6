"""``manage.py restore ARCHIVE``: put back a `manage.py backup` archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.sitecontent.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = ("Ripristina database e media da un archivio di «manage.py backup». Non sostituisce "
            "un database o dei media non vuoti senza --force.")

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="L'archivio .tar.gz da ripristinare.")
        parser.add_argument("--force", action="store_true",
                            help="Sostituisci anche un database e dei media non vuoti.")
        parser.add_argument("--dry-run", action="store_true",
                            help="Controlla l'archivio e mostra cosa verrebbe fatto, senza farlo.")

    def handle(self, *args, archive, force, dry_run, **options):
        if not archive.is_file():
            raise CommandError(f"Archivio {archive} non trovato: indica il percorso di un file "
                               "creato da «manage.py backup».")
        try:
            report = restore_backup(archive=archive, force=force, dry_run=dry_run)
        except BackupError as error:
            raise CommandError(str(error)) from error
        for name, (saved, current) in report.differing_settings.items():
            self.stdout.write(self.style.WARNING(
                f"{name} nell'archivio: «{saved}», qui: «{current}». Il sito pubblicato "
                "sarà diverso finché non la allinei."))
        verb = "Verrebbero ripristinati" if dry_run else "Ripristinati"
        self.stdout.write(self.style.SUCCESS(
            f"{verb} il database {report.database} e {report.media_files} file di media "
            f"del backup del {report.created_at}."))
        if report.secret_key_restored:
            self.stdout.write("L'archivio contiene la SECRET_KEY: ripristinata in var/secret_key "
                              "(se SECRET_KEY non è impostata nell'ambiente).")
        if not dry_run:
            self.stdout.write("Ora ricostruisci il sito pubblicato: ./scripts/bake")
