"""``manage.py load_roles``: groups and moderation from each network's roles.yaml (rerunnable)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.roles.services import RolesError, load_network_roles, load_roles


class Command(BaseCommand):
    help = ("Crea o aggiorna i gruppi della redazione (per comune, moderazione, amministrazione) "
            "e il flusso di moderazione di ogni rete da site_content/networks/<rete>/roles.yaml "
            "(rieseguibile).")

    def add_arguments(self, parser):
        parser.add_argument("--network", default=None,
                            help="Solo la rete di questa cartella (ad esempio modena-carpi).")
        parser.add_argument("--path", type=Path, default=None,
                            help="Un file dei ruoli da applicare al sito predefinito, o a quello "
                                 "di --network (predefinito: i roles.yaml di tutte le reti).")
        parser.add_argument("--dry-run", action="store_true",
                            help="Mostra che cosa cambierebbe senza salvare nulla.")

    def handle(self, *args, network: str | None, path: Path | None, dry_run: bool, **options):
        try:
            if path is not None:
                # A file inside networks/<folder>/ is that network's, unless --network says.
                if network is None and path.resolve().parent.parent.name == "networks":
                    network = path.resolve().parent.name
                report = load_roles(path=path, network=network, dry_run=dry_run)
            else:
                report = load_network_roles(content_dir=Path(settings.SITE_CONTENT_DIR),
                                            network=network, dry_run=dry_run)
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
