"""Pause points, so the crash tests can `kill -9` a bake at a stage of their choosing.

A bake run with `RETE_BAKE_PAUSE_AT=<stage>` writes its pid to `RETE_BAKE_PAUSE_FILE`
when it reaches that stage and waits there for ever (for the test's SIGKILL). Without
the variable, a pause point is one dictionary lookup.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

PAUSE_AT_ENV = "RETE_BAKE_PAUSE_AT"
PAUSE_FILE_ENV = "RETE_BAKE_PAUSE_FILE"


def pause_point(stage: str) -> None:
    """Stop here for good if the environment names `stage`."""
    if os.environ.get(PAUSE_AT_ENV) != stage:
        return
    Path(os.environ[PAUSE_FILE_ENV]).write_text(str(os.getpid()))
    while True:
        time.sleep(60)
