"""The process environment every entry point starts from: `.env`, then the settings module.

manage.py, the WSGI server, the task worker and cron's `manage.py bake_scheduled` all call
`load_environment()` first, and the settings read the same `.env` again for entry points that
do not (pytest, `django-admin`), so every process of one installation runs with the same
database, build folder and base URL. Variables already in the environment win over `.env`
(a systemd `Environment=` or a test's override). Without `DJANGO_SETTINGS_MODULE` the
production-safe base settings are used; development opts in (`scripts/serve`, or
`DJANGO_SETTINGS_MODULE=cms.settings.dev` in `.env`).
"""

import os
import secrets
import warnings
from pathlib import Path

from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_SETTINGS = "cms.settings.base"


def load_environment() -> None:
    """Read `.env` beside manage.py (if any) and choose the production settings by default."""
    load_dotenv(BASE_DIR / ".env", override=False)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    # django-bakery's `fs` imports pkg_resources (setuptools is pinned below 81 for it), which
    # warns on every start; nothing for a user to act on until django-bakery drops `fs`.
    warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)


def var_dir() -> Path:
    """Where the SQLite database, uploaded media and the generated secret key live."""
    return Path(os.environ.get("RETE_VAR_DIR", BASE_DIR / "var"))


def secret_key_file() -> Path:
    return var_dir() / "secret_key"


def read_secret_key() -> str:
    """SECRET_KEY from the environment, else the key generated once into var/secret_key."""
    if key := os.environ.get("SECRET_KEY", ""):
        return key
    path = secret_key_file()
    return path.read_text().strip() if path.is_file() else ""


def ensure_secret_key() -> Path:
    """Create var/secret_key once (mode 600) unless a SECRET_KEY is set: nothing secret is
    committed, and a fresh clone still starts without anyone inventing a key."""
    load_environment()
    path = secret_key_file()
    if not os.environ.get("SECRET_KEY") and not (path.is_file() and path.read_text().strip()):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(50) + "\n")
    return path


if __name__ == "__main__":
    ensure_secret_key()
