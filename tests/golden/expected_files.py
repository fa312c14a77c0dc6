"""What of a bake the golden test compares, and how it is stored in tests/golden/expected/.

Text files are kept as they are, so a change shows as a readable diff in review; other files
(images, PDFs) by their SHA-256 in `expected/BINARY-FILES.txt`. Left out: the `.gz`/`.br`
companions (derived from the text files, tested in tests/publishing/test_compress.py) and
Pagefind's index, whose fragment names change from one run to the next.
"""

import hashlib
import shutil
from pathlib import Path

EXPECTED = Path(__file__).resolve().parent / "expected"
BINARY_LIST = "BINARY-FILES.txt"
TEXT_SUFFIXES = {".html", ".xml", ".json", ".ics", ".txt", ".css", ".js", ".conf", ".atom",
                 ".rss", ".svg", ".webmanifest", ""}


def compared_files(build: Path) -> dict[str, Path]:
    """Every file of a build the golden test looks at, by its path inside the build."""
    files = {}
    for path in sorted(build.rglob("*")):
        relative = path.relative_to(build).as_posix()
        if path.is_dir() or relative.startswith("pagefind/") or path.suffix in (".gz", ".br"):
            continue
        files[relative] = path
    return files


def is_text(relative: str) -> bool:
    return Path(relative).suffix in TEXT_SUFFIXES


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def binary_lines(files: dict[str, Path]) -> str:
    return "".join(f"{sha256(path)}  {relative}\n"
                   for relative, path in files.items() if not is_text(relative))


def write_expected(build: Path) -> None:
    """Replace tests/golden/expected/ with what `build` holds (on purpose only)."""
    if EXPECTED.exists():
        shutil.rmtree(EXPECTED)
    EXPECTED.mkdir()
    files = compared_files(build)
    for relative, path in files.items():
        if is_text(relative):
            target = EXPECTED / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    (EXPECTED / BINARY_LIST).write_text(binary_lines(files))
