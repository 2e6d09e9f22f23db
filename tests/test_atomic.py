"""One atomic-write helper (issue 15): a failed write leaves the old file and no debris,
and no other module writes files its own way."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from index.atomic import write_atomically

REPO = Path(__file__).resolve().parents[1]


def test_a_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "data" / "file.json"
    write_atomically(target, "old")
    assert target.read_text() == "old"

    def fail(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        write_atomically(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in target.parent.iterdir()] == ["file.json"]


def test_bytes_and_text(tmp_path: Path) -> None:
    write_atomically(tmp_path / "a.bin", b"\x00\x01", durable=False)
    write_atomically(tmp_path / "b.txt", "é\r\n")
    assert (tmp_path / "a.bin").read_bytes() == b"\x00\x01"
    assert (tmp_path / "b.txt").read_bytes() == "é\r\n".encode()


def test_only_the_helper_replaces_files() -> None:
    offenders = [
        path.relative_to(REPO).as_posix()
        for folder in ("index", "tui")
        for path in sorted((REPO / folder).rglob("*.py"))
        if path.name != "atomic.py"
        and re.search(r"os\.replace\(|os\.rename\(|mkstemp\(", path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
