"""`manage.py benchmark_bake`: time our full bake against vanilla wagtail-bakery.

Run it through `scripts/benchmark`, which gives it a throwaway `RETE_VAR_DIR`.
"""

import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.core.commands import BaseCommand
from cms.publishing.benchmark import run_benchmark


class Command(BaseCommand):
    help = gettext_lazy("Genera siti di prova di N pagine in database temporanei e misura il "
                        "bake rispetto a wagtail-bakery (pagine al secondo, query, memoria), "
                        "l'intero «manage.py bake», una pubblicazione attraverso il worker fino "
                        "all'indice di ricerca, e Hugo con Pagefind sulle stesse pagine.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--pages", type=int, action="append", default=None,
            help=_("Numero di pagine generate (ripetibile; predefinito: 1000 e 5000)."))
        parser.add_argument("--workers", type=int, default=None,
                            help=_("Processi chiesti per ogni bake (predefinito: uno per "
                                   "core; il bake completo ne usa solo quanti ne stanno in "
                                   "RETE_BAKE_MEMORY_MB)."))
        parser.add_argument("--no-publish", action="store_true",
                            help=_("Non misurare il tempo di pubblicazione di una pagina."))

    def handle(self, *args, pages: list[int] | None, workers: int | None, no_publish: bool,
               **options):
        var_dir = Path(settings.VAR_DIR).resolve()
        if Path(tempfile.gettempdir()).resolve() not in var_dir.parents:
            raise CommandError(_(
                "Il benchmark crea e cancella database e file in VAR_DIR (%(path)s): lancialo "
                "con scripts/benchmark, oppure imposta RETE_VAR_DIR su una cartella temporanea.")
                % {"path": var_dir})
        if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
            raise CommandError(
                _("Il benchmark usa database SQLite temporanei: togli DATABASE_URL."))
        sizes = pages or [1000, 5000]
        if any(size < 1 for size in sizes):
            raise CommandError(_("--pages deve essere almeno 1."))
        results = run_benchmark(sizes=sizes, workdir=var_dir / "benchmark", workers=workers,
                                publish=not no_publish, log=self.stderr.write)
        for result in results:
            if not result.identical:
                self.stderr.write(self.style.ERROR(
                    _("N=%(size)d: le pagine del nostro bake non sono identiche a quelle di "
                      "wagtail-bakery.") % {"size": result.size}))
        for result in results:
            self.stdout.write(result.summary())
