"""The test suite's own guard (tests/conftest.py): the stand-in for the user's dirs is
removed when the run ends, and a run that wrote into it still fails, even when the write
came after the last test's check (a session-scoped fixture's teardown)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

WRITES = """
import os
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def late_writer():
    yield
    Path(os.environ["XDG_DATA_HOME"], "dossier").mkdir(parents=True)


def test_fine(late_writer):
    pass
"""


def run_inner(tmp_path: Path, body: str) -> tuple[subprocess.CompletedProcess[str], Path]:
    """pytest on one test module beside a copy of the conftest, its temp dir its own."""
    pkg = tmp_path / "inner" / "tests"
    pkg.mkdir(parents=True)
    for name in ("__init__.py", "conftest.py", "newsgen.py"):
        shutil.copy(HERE / name, pkg / name)
    (pkg / "test_inner.py").write_text(body)
    temp = tmp_path / "temp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env.pop(var, None)
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_inner.py"],
        cwd=pkg.parent,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    return proc, temp


def left(temp: Path) -> list[Path]:
    return list(temp.glob("dossier-tests-real-dirs-*"))


def test_a_run_leaves_no_stand_in_dirs_behind(tmp_path: Path) -> None:
    proc, temp = run_inner(tmp_path, "def test_fine():\n    pass\n")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert not left(temp), "the stand-in for the user's dirs was left in the temp dir"


def test_a_write_after_the_last_check_still_fails_the_run(tmp_path: Path) -> None:
    proc, temp = run_inner(tmp_path, WRITES)
    assert proc.returncode != 0, proc.stdout
    assert "wrote into the user's dirs" in proc.stdout + proc.stderr
    assert not left(temp)
