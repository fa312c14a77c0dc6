"""Options the publishing commands share."""

from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _


def add_build_dir_argument(parser) -> None:
    """`--build-dir`: where the baked site lives (default: the `BUILD_DIR` setting)."""
    parser.add_argument(
        "--build-dir", type=Path, default=None,
        help=_("Cartella del sito generato (predefinita: l'impostazione BUILD_DIR)."),
    )


def build_dir_from(value: Path | None) -> Path:
    """The build folder a command works on: `--build-dir`, else `settings.BUILD_DIR`."""
    return Path(value or settings.BUILD_DIR)
