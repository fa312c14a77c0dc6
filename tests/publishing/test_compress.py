"""The `.gz` and `.br` companions a static host serves instead of the text files.

nginx's `gzip_static`/`brotli_static` send a companion as it is, so it must decompress
to exactly the file beside it; and an incremental bake, which compresses a handful of
files in its own process, must write the same bytes as a full bake sharing thousands
out among worker processes.
"""

import gzip
from pathlib import Path

import brotli
import pytest

from cms.publishing import postprocess
from cms.publishing.postprocess import COMPRESSIBLE_SUFFIXES, TWINS, compress_build

# Enough text files for a full bake to start worker processes on two cores.
PAGES = 2 * postprocess.FILES_PER_WORKER + 10
IMAGES = ("media/images/foto.jpg", "media/images/logo.png", "media/images/mappa.webp",
          "media/documents/bando.pdf")


def _site(root: Path) -> dict[str, bytes]:
    """A small build: pages, assets, feeds and calendars, images; returns what it wrote."""
    files = {
        f"guide/guida-{number}/index.html": (
            f"<!doctype html><html lang='it'><title>Guida {number}</title><main>"
            + "<p>Come scrivere il curriculum e prepararsi al colloquio.</p>" * (number % 40 + 1)
            + "</main></html>").encode()
        for number in range(PAGES)
    }
    files |= {
        "static/css/site.css": b"body { font-family: sans-serif; }\n" * 50,
        "static/js/menu.js": b"document.querySelector('nav').hidden = false;\n" * 20,
        "api/v2/pages/index.json": b'{"items": [' + b'{"id": 1, "title": "Sportello"},' * 300
                                   + b'{"id": 2}]}',
        "feed/eventi.xml": "<rss><channel><title>Eventi – Rete</title></channel></rss>".encode(),
        "calendario.ics": b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n",
        "static/img/icona.svg": b"<svg xmlns='http://www.w3.org/2000/svg'></svg>",
        "robots.txt": b"",  # an empty file still gets companions that decompress to nothing
    }
    files |= {name: bytes(range(256)) * 8 for name in IMAGES}
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return files


def _companions(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes()
            for path in sorted(root.rglob("*")) if path.suffix in {".gz", ".br"}}


@pytest.fixture(params=[1, 2], ids=["one-core", "two-cores"])
def cores(request, monkeypatch) -> int:
    """Run each test as on a single-core host (no workers) and as on a two-core one."""
    monkeypatch.setattr("cms.publishing.cores.usable_cores", lambda: request.param)
    return request.param


def test_every_text_file_gets_companions_that_decompress_to_it(tmp_path, cores):
    files = _site(tmp_path)
    text = {name: data for name, data in files.items()
            if Path(name).suffix in COMPRESSIBLE_SUFFIXES}

    assert compress_build(build_dir=tmp_path) == len(text)

    for name, original in text.items():
        path = tmp_path / name
        assert gzip.decompress(path.with_name(path.name + ".gz").read_bytes()) == original, name
        assert brotli.decompress(path.with_name(path.name + ".br").read_bytes()) == original, name
    # Images and documents are compressed already: no companions for them, nothing else.
    assert set(_companions(tmp_path)) == {f"{name}{ext}" for name in text for ext in (".gz", ".br")}


def test_companions_are_byte_identical_between_runs_and_between_full_and_partial_bakes(
        tmp_path, cores):
    _site(tmp_path)
    compress_build(build_dir=tmp_path)
    first = _companions(tmp_path)
    compress_build(build_dir=tmp_path)  # a second bake of the same content

    assert _companions(tmp_path) == first
    # gzip carries no timestamp (bytes 4–7 of its header), so the bake's time is not in it.
    assert {data[4:8] for name, data in first.items() if name.endswith(".gz")} == {b"\0\0\0\0"}
    # A partial bake compresses only the files it wrote, in its own process.
    page = tmp_path / "guide/guida-7/index.html"
    for companion in (".gz", ".br"):
        page.with_name(page.name + companion).unlink()
    assert compress_build(build_dir=tmp_path, files=[page]) == 1
    assert _companions(tmp_path) == first


def test_a_file_that_cannot_be_read_stops_the_compression(tmp_path, cores):
    _site(tmp_path)
    files = sorted(tmp_path.rglob("*.html")) + [tmp_path / "sparita/index.html"]
    with pytest.raises(FileNotFoundError):
        compress_build(build_dir=tmp_path, files=files)


def test_a_full_bake_takes_the_live_builds_companions_of_the_files_it_left_unchanged(
        tmp_path, cores):
    """Only a companion that decompresses to exactly the new file is taken (here one
    written at another level, to tell it apart); a stale one is compressed again."""
    live, new = tmp_path / "live", tmp_path / "new"
    _site(live)
    compress_build(build_dir=live)
    files = _site(new)
    kept, edited = "guide/guida-3/index.html", "guide/guida-4/index.html"
    (new / edited).write_bytes(b"<p>Guida riscritta</p>")
    other_level = gzip.compress(files[kept], compresslevel=1, mtime=0)
    (live / f"{kept}.gz").write_bytes(other_level)

    compress_build(build_dir=new, earlier=live)

    assert (new / f"{kept}.gz").read_bytes() == other_level
    # Taken as a second name of the live file, not a copy (cheaper for the file system).
    assert all((new / f"{kept}{twin}").samefile(live / f"{kept}{twin}") for twin in TWINS)
    assert not (new / f"{edited}.gz").samefile(live / f"{edited}.gz")
    assert gzip.decompress((new / f"{edited}.gz").read_bytes()) == b"<p>Guida riscritta</p>"
    assert brotli.decompress((new / f"{edited}.br").read_bytes()) == b"<p>Guida riscritta</p>"
    fresh = tmp_path / "fresh"
    _site(fresh)
    (fresh / edited).write_bytes(b"<p>Guida riscritta</p>")
    compress_build(build_dir=fresh)
    assert {name: data for name, data in _companions(new).items()
            if name != f"{kept}.gz"} == {name: data for name, data in _companions(fresh).items()
                                         if name != f"{kept}.gz"}
