"""Golden output: the fixed site in tests/golden/site/ bakes to exactly tests/golden/expected/.

Any change to what a visitor (or a partner reading the API) gets shows up here as a diff. When
the change is intended, run `./scripts/golden` and commit the updated expected files with it.
"""

import difflib
import subprocess
import sys
from pathlib import Path

import pytest

from tests.golden.expected_files import BINARY_LIST, EXPECTED, binary_lines, compared_files, is_text

# Runs in subprocesses of its own, on no database or its own: once is enough (not again
# in the PostgreSQL run of scripts/test).
pytestmark = pytest.mark.own_databases

BAKE = Path(__file__).resolve().parent / "bake_golden.py"


def test_the_golden_site_bakes_byte_for_byte_as_expected(tmp_path):
    build = tmp_path / "build"
    result = subprocess.run([sys.executable, str(BAKE), str(build)], capture_output=True,
                            text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr

    files = compared_files(build)
    expected_text = {path.relative_to(EXPECTED).as_posix() for path in EXPECTED.rglob("*")
                     if path.is_file() and path.name != BINARY_LIST}
    baked_text = {relative for relative in files if is_text(relative)}
    hint = " (if intended: ./scripts/golden, then commit tests/golden/expected/)"
    assert sorted(baked_text - expected_text) == [], "files no longer expected" + hint
    assert sorted(expected_text - baked_text) == [], "expected files not baked" + hint

    changed = [relative for relative in sorted(baked_text)
               if files[relative].read_bytes() != (EXPECTED / relative).read_bytes()]
    if changed:
        first = changed[0]
        diff = "".join(list(difflib.unified_diff(
            (EXPECTED / first).read_text().splitlines(keepends=True),
            files[first].read_text().splitlines(keepends=True),
            f"expected/{first}", f"baked/{first}"))[:60])
        raise AssertionError(f"{len(changed)} files differ{hint}: {changed[:10]}\n{diff}")
    assert binary_lines(files) == (EXPECTED / BINARY_LIST).read_text(), "media differ" + hint
