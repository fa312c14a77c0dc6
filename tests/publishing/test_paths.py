"""`files_under` lists a build as `sorted(rglob("*"))` and `is_file()` did, only faster.

The bake's stages (compression, the link check, the file count) rely on the same files in
the same order: the order decides how files are shared out among the workers and in which
order problems are reported.
"""

import os

from cms.publishing.paths import count_files, files_under


def test_files_under_lists_what_rglob_lists_in_the_same_order(tmp_path):
    for name in ("a/index.html", "a-b/index.html", "a/b/c.json", "a/b/c.json.gz", "z.xml",
                 "a/ü/é.ics", "A/x.css"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(name)
    os.link(tmp_path / "z.xml", tmp_path / "a" / "linked.xml")  # a hard link is a file
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "deep" / "not-listed.html").write_text("outside")
    os.symlink(outside, tmp_path / "a" / "folder-link")  # rglob does not follow it
    os.symlink(tmp_path / "gone", tmp_path / "broken-link")  # not a file

    expected = sorted(path for path in tmp_path.rglob("*") if path.is_file())

    assert files_under(tmp_path) == expected
    assert count_files(tmp_path) == len(expected)
    assert count_files(tmp_path, name="index.html") == 2
    assert len(expected) == 8
    assert files_under(tmp_path, suffixes={".html", ".ics"}) == [
        path for path in expected if path.suffix in {".html", ".ics"}]
    assert files_under(tmp_path / "missing") == []
