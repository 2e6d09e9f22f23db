"""The process pool that prepares changed files (issue 12 item 1): it works whatever
sys.stdout/sys.stderr are (Textual's stand-ins return -1 from fileno()), and it never
runs ahead of the index writer by more than a bounded window."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import Future
from pathlib import Path

import pytest

import index.prepare as prep
from index.corpus import scan

from .newsgen import write_archive

REPO = Path(__file__).resolve().parents[1]

# Run in a fresh interpreter: multiprocessing starts its resource tracker and forkserver
# once per process, so in pytest's process an earlier test may have started them already.
SCRIPT = r"""
import json, sys
from pathlib import Path

class TextualLikeStream:  # what Textual puts in sys.stdout/sys.stderr while the app runs
    def write(self, text): return len(text)
    def flush(self): pass
    def isatty(self): return True
    def fileno(self): return -1

out = Path(sys.argv[2])
sys.stdout = TextualLikeStream()
sys.stderr = TextualLikeStream()

from index.api import Dossier
from index.prepare import pool_workers

d = Dossier.open(Path(sys.argv[1]))
report = d.update()
titles = {i: d.article(i).title for i in d.article_ids()}
missing = [i for i, t in titles.items()
           if i not in {h.id for h in d.search('"' + t.replace('"', ' ') + '"', limit=50).hits}]
out.write_text(json.dumps({
    "added": len(report.added), "total": report.total, "warnings": report.warnings,
    "missing": missing, "workers": pool_workers(),
}))
"""


def test_update_with_textual_like_stdio_indexes_every_article(tmp_path: Path) -> None:
    corpus = write_archive(tmp_path / "corpus", 2000, seed=7)
    result = tmp_path / "result.json"
    env = dict(os.environ, PYTHONPATH=str(REPO))
    env.pop("DOSSIER_NO_POOL", None)
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(corpus), str(result)],
        capture_output=True, text=True, env=env, timeout=600, cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    got = json.loads(result.read_text())
    assert got["added"] == got["total"] == 2000
    assert got["missing"] == []
    if got["workers"] >= 2:  # the pool itself ran: no fallback hid the failure
        assert not [w for w in got["warnings"] if "pool" in w], got["warnings"]


class _RecordingPool:
    """Runs each chunk when its result is asked for; records how far submission ran ahead."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        self.submitted = 0

    def submit(self, fn, chunk):  # type: ignore[no-untyped-def]
        self.submitted += len(chunk)
        future: Future = Future()
        future.set_result(fn(chunk))
        return future

    def map(self, fn, jobs, chunksize=1):  # type: ignore[no-untyped-def]  # the old way
        self.submitted = len(jobs)
        return map(fn, jobs)

    def shutdown(self, *args: object, **kwargs: object) -> None:
        pass

    def __enter__(self) -> _RecordingPool:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


def test_prepared_files_do_not_pile_up_while_the_writer_lags(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = write_archive(tmp_path / "corpus", 1500, seed=3)
    jobs = [(f, None, False) for f in scan(corpus, [])]
    pools: list[_RecordingPool] = []

    def make_pool(*args: object, **kwargs: object) -> _RecordingPool:
        pools.append(_RecordingPool())
        return pools[-1]

    monkeypatch.setattr(prep, "ProcessPoolExecutor", make_pool)
    monkeypatch.setattr(prep, "pool_workers", lambda: 2)
    window = 2 * prep.WINDOW_CHUNKS_PER_WORKER * prep.CHUNK
    ahead = 0
    consumed = 0
    for prepared in prep.prepare_all(jobs):
        assert prepared.article is not None
        consumed += 1
        ahead = max(ahead, pools[0].submitted - consumed)
    assert consumed == len(jobs)
    assert ahead <= window, f"{ahead} prepared files waited for the writer (bound {window})"


def test_a_pool_that_cannot_start_falls_back_with_a_notice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = write_archive(tmp_path / "corpus", 450, seed=5)
    jobs = [(f, None, False) for f in scan(corpus, [])]

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("bad value(s) in fds_to_keep")

    monkeypatch.setattr(prep, "ProcessPoolExecutor", broken)
    monkeypatch.setattr(prep, "pool_workers", lambda: 2)
    notices: list[str] = []
    prepared = list(prep.prepare_all(jobs, notice=notices.append))
    assert [p.file.id for p in prepared] == [f.id for f, _, _ in jobs]
    assert all(p.article is not None for p in prepared)
    assert len(notices) == 1 and "fds_to_keep" in notices[0]


def test_a_cancelled_update_commits_nothing_and_a_later_one_finishes(tmp_path: Path) -> None:
    from index.api import Dossier, UpdateCancelled

    corpus = write_archive(tmp_path / "corpus", 600, seed=9)
    d = Dossier.open(corpus, index_dir=tmp_path / "ix")
    seen: list[int] = []
    with pytest.raises(UpdateCancelled):
        d.update(progress=lambda done, total: seen.append(done), cancel=lambda: len(seen) >= 100)
    assert d.count() == 0
    assert d.update().total == 600
    d.close()
