"""Faults: kill -9 during indexing, then run again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from index.api import Dossier

N_ARTICLES = 3000


def _synthetic_corpus(root: Path) -> None:
    root.mkdir()
    filler = " ".join(f"filler{i % 97}" for i in range(150))
    for n in range(N_ARTICLES):
        (root / f"a{n:05d}.txt").write_text(
            f"Article number {n}\n\nThe unique marker is uniq{n} here. {filler}\n\n{filler}\n"
        )


def _wait_for(predicate, timeout: float = 60.0) -> bool:
    """Poll a condition (bounded); not a sleep used as synchronisation."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.005)
    return False


def test_kill_9_during_indexing_then_run_again(tmp_path: Path, dossier_home: Path) -> None:
    corpus = tmp_path / "corpus"
    _synthetic_corpus(corpus)
    index_dir = tmp_path / "ix"
    env = {**os.environ, "DOSSIER_HOME": str(dossier_home)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui.cli", "--corpus", str(corpus), "--index", str(index_dir), "index"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    # Articles are staged in the document store's write-ahead log as they are indexed.
    wal = index_dir / "docs.sqlite-wal"
    assert _wait_for(
        lambda: (wal.exists() and wal.stat().st_size > 300_000) or proc.poll() is not None
    )
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the indexer finished before it could be killed"

    rerun = subprocess.run(
        [sys.executable, "-m", "tui.cli", "--corpus", str(corpus), "--index", str(index_dir), "index", "--json"],
        env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert rerun.returncode == 0, rerun.stderr
    d = Dossier.open(corpus, index_dir=index_dir)
    assert d.count() == N_ARTICLES
    assert d.search("", limit=0).total == N_ARTICLES
    for n in (0, 1, 1234, N_ARTICLES - 1):
        result = d.search(f"uniq{n}")
        assert [h.id for h in result.hits] == [f"a{n:05d}"]
    d.close()
