"""The ids a corpus scan gives are the ids of the files' relative paths (article_id)."""

from __future__ import annotations

from pathlib import Path

from index.articles import article_id
from index.corpus import scan


def test_scan_ids_are_the_relative_paths_without_txt(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    names = ["a.txt", "B.TXT", "sub/c.txt", "sub/deeper/d.Txt", "odd\x1bname.txt", "x\x07/e.txt"]
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("Title\n\nBody.\n")
    (root / "notes.md").write_text("not an article")
    (root / ".hidden.txt").write_text("hidden")

    skipped: list = []
    found = {f.id: f for f in scan(root, skipped)}

    expected = {article_id(root / n, root) for n in names}
    assert set(found) == expected
    assert "sub/deeper/d" in found and "B" in found
    assert all("\x1b" not in i and "\x07" not in i for i in found)  # shown as \x1b, never raw
    for f in found.values():
        assert f.path.is_file() and article_id(f.path, root) == f.id
    assert skipped == []
