"""`manage.py bake`: turn the published sites into static files (or roll back the last bake).

Every Wagtail site is baked into its own folder, `BUILD_DIR/<folder>/`; `--site` bakes one,
`--build-dir` one site (`--site`'s, else the default one) into the folder it names.
"""

import sys
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.core.commands import BaseCommand
from cms.publishing.exceptions import BakeError
from cms.publishing.management.options import add_build_dir_argument, site_builds
from cms.publishing.services import bake_site, rollback_build
from cms.publishing.sites import move_aside_single_site_build


class Command(BaseCommand):
    help = gettext_lazy("Genera il sito statico di ogni sito (o di quello di --site) da tutte "
                        "le pagine pubblicate e lo mette online in un solo passo, in "
                        "BUILD_DIR/<cartella>/; con --rollback rimette il bake precedente.")

    def add_arguments(self, parser):
        add_build_dir_argument(parser)
        parser.add_argument("--no-progress", action="store_true",
                            help=_("Non mostrare la barra di avanzamento."))
        parser.add_argument("--force", action="store_true",
                            help=_("Metti online il bake anche se ha meno della metà delle "
                                   "pagine del sito online."))
        parser.add_argument("--rollback", action="store_true",
                            help=_("Rimetti online il bake precedente invece di generarne uno."))

    def handle(self, *args, build_dir: Path | None, no_progress: bool, rollback: bool,
               force: bool = False, site: str = "", **options):
        progress = not no_progress and options.get("verbosity", 1) > 0 and sys.stderr.isatty()
        try:
            if build_dir is None and (aside := move_aside_single_site_build()) is not None:
                self.stdout.write(_(
                    "La cartella %(build)s conteneva un solo sito, nel formato di prima: è "
                    "stata spostata in %(aside)s (cancellala quando non serve più); da ora "
                    "ogni rete ha la sua cartella %(build)s/<cartella>/.") % {
                    "build": _display_path(aside.with_name(aside.name.split(".single-site-")[0])),
                    "aside": _display_path(aside)})
            builds = site_builds(build_dir=build_dir, site=site)
            if not builds:
                self.stdout.write(_("Nessun sito nel CMS: non c'è nulla da generare."))
            for each, folder in builds:
                if rollback:
                    restored = rollback_build(build_dir=folder)
                    self.stdout.write(self.style.SUCCESS(
                        _("Ripristinato il bake precedente in %(path)s.") % {"path": restored}))
                    continue
                report = bake_site(build_dir=folder, site=each, progress=progress, force=force)
                self.stdout.write(self.style.SUCCESS(
                    _("Bake completato: %(pages)d pagine, %(files)d file, %(seconds).1f s → "
                      "%(path)s/") % {"pages": report.pages, "files": report.files,
                                      "seconds": report.seconds,
                                      "path": _display_path(report.build_dir)}))
                if options.get("verbosity", 1) > 1:
                    for stage, seconds in report.stages:
                        self.stdout.write(f"  {stage}: {seconds:.2f} s")
        except BakeError as error:
            raise CommandError(str(error)) from error


def _display_path(path: Path) -> str:
    """The build folder relative to the current directory when it is inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
