"""Bake the golden site (tests/golden/site/) at a fixed moment, into a folder of one's choice.

Run as a script in a process of its own, with a fresh SQLite database, so that page ids,
dates and every byte depend only on the content and the code:

    python tests/golden/bake_golden.py BUILD_DIR

`scripts/golden` runs it to update tests/golden/expected/ on purpose; test_golden.py runs it
to compare. The clock is frozen (time-machine) for the load and the bake alike: the load
anchors relative dates ("@+14") and the bake decides what is upcoming, open or past.
"""

import datetime
import os
import sys
import tempfile
import zoneinfo
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SITE = Path(__file__).resolve().parent / "site"
# A Tuesday in spring, mid-morning in Rome: the contest is open, some courses enrol.
MOMENT = datetime.datetime(2026, 3, 3, 10, 30, tzinfo=zoneinfo.ZoneInfo("Europe/Rome"))


def bake_golden(build_dir: Path) -> None:
    """Migrate a throwaway database, load the golden content and bake it into build_dir."""
    var = Path(tempfile.mkdtemp(prefix="rete-golden-var-"))
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "cms.settings.base", "SECRET_KEY": "golden-" + "x" * 50,
        "RETE_VAR_DIR": str(var), "RETE_BUILD_DIR": str(build_dir), "DATABASE_URL": "",
        "RETE_BASE_URL": "https://www.example.org", "RETE_THEME": "default",
        "RETE_AUTO_BAKE": "0",
    })
    sys.path.insert(0, str(ROOT))
    import time_machine

    import django

    django.setup()
    from django.core.management import call_command

    with time_machine.travel(MOMENT, tick=False):
        call_command("migrate", "--noinput", verbosity=0)
        call_command("load_site_content", path=SITE, verbosity=0)
        call_command("bake", "--no-progress", build_dir=str(build_dir), verbosity=0)


if __name__ == "__main__":
    bake_golden(Path(sys.argv[1]).resolve())
