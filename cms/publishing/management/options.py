"""Options the publishing commands share: which sites, and which folder each is baked into.

Without `--build-dir` a command works on every site (or on the one `--site` names), each in
its folder `BUILD_DIR/<folder>/`. `--build-dir` names one site's folder: the command then
works on one site, `--site`'s or the default site, in exactly that folder.
"""

from pathlib import Path

from django.utils.translation import gettext as _

from wagtail.models import Site

from cms.publishing.sites import all_sites, default_site, find_site, site_build_dir


def add_build_dir_argument(parser) -> None:
    """`--build-dir` and `--site`: which site, baked where."""
    parser.add_argument(
        "--build-dir", type=Path, default=None,
        help=_("Cartella del sito generato di un solo sito (quello di --site, altrimenti il "
               "sito predefinito). Senza: ogni sito nella sua cartella BUILD_DIR/<cartella>/."),
    )
    parser.add_argument(
        "--site", default="",
        help=_("Solo questo sito: la sua cartella (ad esempio citta-del-lavoro) o il suo nome "
               "di dominio."),
    )


def site_builds(*, build_dir: Path | None, site: str = "") -> list[tuple[Site | None, Path]]:
    """The sites a command works on, each with its build folder (see the module docstring)."""
    if build_dir is not None:
        return [(find_site(site) if site else default_site(), Path(build_dir))]
    sites = [find_site(site)] if site else all_sites()
    return [(each, site_build_dir(each)) for each in sites]
