"""The repository stands on its own: no absolute path of a developer's machine in any file."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# Home and work folders of the machines the project was built on, and user home dirs.
MACHINE_PATH = re.compile(r"(?<![\w.])/(?:work|root|home/\w+|Users/\w+)/")


def _tracked_files() -> list[Path]:
    out = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True
    ).stdout
    return [REPO / name for name in out.decode().split("\0") if name]


def test_no_absolute_machine_paths_in_the_repository() -> None:
    offenders = []
    for path in _tracked_files():
        if not path.is_file() or path.suffix in {".svg", ".png"}:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        offenders += [
            f"{path.relative_to(REPO)}:{text.count(chr(10), 0, m.start()) + 1}: {m.group(0)}"
            for m in MACHINE_PATH.finditer(text)
        ]
    assert offenders == []


def test_the_guard_sees_a_machine_path() -> None:
    root = "/" + "root"  # spelled in two parts so that this file passes its own test
    assert MACHINE_PATH.search(f'GOLD = Path("/{"work"}/shared/gold/seeds_actors.json")')
    assert MACHINE_PATH.search(f"see {root}/.cache/dossier")
    assert not MACHINE_PATH.search("../shared/corpus/reuters21578.tar.gz")
    assert not MACHINE_PATH.search("https://example.org/" + "work/x")
