"""``manage.py load_roles``: groups and moderation from site_content/roles.yaml (safe to rerun)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.roles.services import RolesError, load_roles


class Command(BaseCommand):
    help = ("Crea o aggiorna i gruppi della redazione (per comune, moderazione, amministrazione) "
            "e il flusso di moderazione da site_content/roles.yaml (rieseguibile).")

    def add_arguments(self, parser):
        parser.add_argument("--path", type=Path, default=None,
                            help="File dei ruoli (predefinito: SITE_CONTENT_DIR/roles.yaml).")
        parser.add_argument("--dry-run", action="store_true",
                            help="Mostra che cosa cambierebbe senza salvare nulla.")

    def handle(self, *args, path: Path | None, dry_run: bool, **options):
        path = path or Path(settings.SITE_CONTENT_DIR) / "roles.yaml"
        try:
            report = load_roles(path=path, dry_run=dry_run)
        except RolesError as error:
            raise CommandError(str(error)) from error
        for change in report.changes:
            self.stdout.write(f"  {change}")
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(f"  attenzione: {warning}"))
        if dry_run:
            self.stdout.write(self.style.WARNING(
                f"Prova (--dry-run), nulla è stato salvato: {len(report.changes)} modifiche."))
        elif report.changes:
            self.stdout.write(self.style.SUCCESS(f"Ruoli aggiornati: {len(report.changes)} "
                                                 "modifiche."))
        else:
            self.stdout.write(self.style.SUCCESS("Ruoli già aggiornati: nessuna modifica."))
