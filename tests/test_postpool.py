"""The index writer's posting pool holds at most its limit and gives Whoosh's order back,
whether it stayed in memory or was spilled to disk as runs (issue 13: peak RSS while
ingesting)."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import pytest
from whoosh.filedb.filestore import FileStorage

import index.engine as engine
from index.engine import CorpusIndex
from index.postpool import MB, POSTING_BYTES, TERM_OVERHEAD, CompactPool

from .newsgen import write_archive


def _postings(n_docs: int, seed: int) -> list[tuple]:
    """Postings as Whoosh's writer adds them: article by article, in article order."""
    rng = random.Random(seed)
    words = [f"w{i}".encode() for i in range(300)] + ["zürich".encode(), b"a"]
    items = []
    for doc in range(n_docs):
        for field in ("title", "body", "actor"):
            for word in rng.sample(words, rng.randint(1, 20)):
                value = None if field == "actor" else bytes(rng.randrange(256) for _ in range(9))
                items.append((field, word, doc, float(rng.randint(1, 5)), value))
    return items


@pytest.mark.parametrize("limitmb", [0.02, 64])
def test_pool_gives_sorted_postings_and_stays_under_its_limit(
    tmp_path: Path, limitmb: float
) -> None:
    items = _postings(400, seed=5)
    store = FileStorage(str(tmp_path)).create()
    pool = CompactPool(store, limitmb)
    most = 0
    for item in items:
        pool.add(item)
        most = max(most, pool.size)
    spilled = len(pool.runs)

    assert list(pool.iter_postings()) == sorted(items)
    assert most <= limitmb * MB
    if limitmb < 1:  # ~140 KB of postings in runs of at most 20 KB
        assert spilled >= 5
        assert most > limitmb * MB - TERM_OVERHEAD - POSTING_BYTES - 9  # really filled
    else:
        assert spilled == 0
    assert [p for p in store.list() if p.endswith(".crun")] == []  # runs removed once read


def test_cleanup_removes_runs(tmp_path: Path) -> None:
    store = FileStorage(str(tmp_path)).create()
    pool = CompactPool(store, 0.01)
    for item in _postings(100, seed=2):
        pool.add(item)
    assert pool.runs
    pool.cleanup()
    assert [p for p in store.list() if p.endswith(".crun")] == []


def test_the_writer_uses_the_bounded_pool(tmp_path: Path) -> None:
    ci = CorpusIndex(write_archive(tmp_path / "c", 3), tmp_path / "ix")
    writer = ci._writer()
    try:
        assert isinstance(writer.pool, CompactPool)
        assert writer.pool.limit == engine.WRITER_LIMIT_MB * MB
    finally:
        writer.cancel()
        ci.close()


def _index_digest(corpus: Path, folder: Path) -> dict[str, str]:
    ci = CorpusIndex(corpus, folder)
    try:
        report = ci.update(extract_actors=False)
        assert report.total == len(report.added) > 0
    finally:
        ci.close()
    return {
        p.name.split(".", 1)[1]: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.iterdir()
        if p.suffix in {".pst", ".trm", ".pfx", ".pfxdir", ".col"}
    }  # by what follows the segment's random name: "pst", "_body_len.col", ...


def test_an_index_written_through_runs_is_the_same_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOSSIER_NO_POOL", "1")
    corpus = write_archive(tmp_path / "c", 300, seed=3)
    in_memory = _index_digest(corpus, tmp_path / "a")
    saves = []
    real_save = CompactPool.save

    def counting_save(self: CompactPool) -> None:
        saves.append(self.size)
        real_save(self)

    monkeypatch.setattr(CompactPool, "save", counting_save)
    monkeypatch.setattr(engine, "WRITER_LIMIT_MB", 0.05)
    through_runs = _index_digest(corpus, tmp_path / "b")
    assert len(saves) > 5
    assert len(through_runs) == 9
    assert through_runs == in_memory
