"""Make sure an admin account exists, from environment variables or a prompt."""

import os
import sys

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import BaseCommand, CommandError, call_command

from cms.core.services import ensure_admin


class Command(BaseCommand):
    help = "Crea l'account amministratore da RETE_ADMIN_USER/EMAIL/PASSWORD, o lo chiede."

    def handle(self, *args, **options):
        if get_user_model().objects.filter(is_superuser=True).exists():
            return
        username = os.environ.get("RETE_ADMIN_USER", "")
        password = os.environ.get("RETE_ADMIN_PASSWORD", "")
        if username and password:
            try:
                ensure_admin(username=username, email=os.environ.get("RETE_ADMIN_EMAIL", ""),
                             password=password)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
            self.stdout.write(self.style.SUCCESS(f"Creato l'amministratore «{username}»."))
            return
        if not sys.stdin.isatty():
            raise CommandError(
                "Nessun amministratore: imposta RETE_ADMIN_USER e RETE_ADMIN_PASSWORD (ad esempio "
                "nel file .env) oppure avvia lo script da un terminale per inserirli."
            )
        self.stdout.write("Crea l'account amministratore del CMS:")
        call_command("createsuperuser")
