"""Extra files written across the cores are the files one process writes.

The test database lives in memory, where the bake writes everything in one process;
the parallel path needs a database file the forked workers can open. So this runs
the demo network in a subprocess with its own SQLite file, as `./scripts/bake` does.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.own_databases

SCRIPT = """
import filecmp, sys
from pathlib import Path
from cms.publishing.artefacts import ExtraFile, extra_files, write_extra_files
from cms.publishing.exceptions import PageRenderError

extras = extra_files()
assert len(extras) > 20, len(extras)
parallel, single = Path(sys.argv[1]) / "parallel", Path(sys.argv[1]) / "single"
write_extra_files(extras, build_dir=parallel, workers=2)
write_extra_files(extras, build_dir=single, workers=1)
files = sorted(p.relative_to(single) for p in single.rglob("*") if p.is_file())
assert len(files) == len(extras), (len(files), len(extras))
for rel in files:
    assert (parallel / rel).read_bytes() == (single / rel).read_bytes(), rel
missing = ExtraFile(url="/api/v2/pages/999999/", relative="api/v2/pages/999999.json")
try:
    write_extra_files([*extras[:10], missing], build_dir=Path(sys.argv[1]) / "failed",
                      workers=2)
except PageRenderError as error:
    print("ERRORE:", error)
print("FILE:", len(files))
"""


def test_files_written_in_parallel_are_byte_for_byte_the_single_process_ones(tmp_path):
    env = {**os.environ, "RETE_VAR_DIR": str(tmp_path / "var"),
           "DJANGO_SETTINGS_MODULE": "cms.settings.base", "SECRET_KEY": "parallel-test-secret"}
    env.pop("DATABASE_URL", None)
    for args in (["migrate", "--noinput", "-v0"], ["load_site_content", "--if-empty"]):
        result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr

    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); import sys; "
         f"sys.argv = ['x', {str(tmp_path)!r}]; exec({SCRIPT!r})"],
        cwd=ROOT, env=env, capture_output=True, text=True)

    assert result.returncode == 0, result.stderr
    assert "FILE:" in result.stdout
    # A file that fails in a worker stops the write, naming its address, in Italian.
    assert "ERRORE: L'indirizzo /api/v2/pages/999999/" in result.stdout
    assert "non si genera (errore 404" in result.stdout
