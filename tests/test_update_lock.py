"""An index being updated is left alone by other openers (the app's spare and timeline
Sessions, a second `dossier` process), and searching it before its first commit is
an empty result, not an error."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.api import Dossier
from index.engine import IndexBusy
from index.store import DocStore
from index.updatelock import UpdateLock


def test_a_second_open_in_the_middle_of_an_update_does_not_rebuild_it(
    seed_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whoosh has committed, the document store not yet: the counts disagree as after an
    interrupted update. The second opener must not take it for one and delete it."""
    first = Dossier.open(seed_corpus)
    seen: list[tuple[str | None, int]] = []
    real_commit = DocStore.commit

    def open_another_then_commit(store: DocStore) -> None:
        if not seen:
            other = Dossier.open(seed_corpus)
            seen.append((other._index.rebuilt, other.search("korea", prefix=True).total))
            other.close()
        real_commit(store)

    monkeypatch.setattr(DocStore, "commit", open_another_then_commit)
    report = first.update()
    assert seen == [(None, 5)]  # opened as it was (Whoosh committed), not rebuilt
    assert report.total == 5
    assert first.search("korea").total > 0  # the first update's index is whole
    again = Dossier.open(seed_corpus)
    assert again._index.rebuilt is None
    assert again.search("korea").total == first.search("korea").total
    again.close()
    first.close()


def test_an_update_waits_for_another_and_then_reports_busy(seed_corpus: Path) -> None:
    d = Dossier.open(seed_corpus)
    with UpdateLock(d._index.dir).held() as got:
        assert got
        with pytest.raises(IndexBusy, match="busy"):
            d.update()
    d.update()  # free again
    assert d.count() == 5
    d.close()


def test_the_lock_is_exclusive_within_one_process(tmp_path: Path) -> None:
    lock = UpdateLock(tmp_path / "index")
    with lock.held() as first, UpdateLock(tmp_path / "index").held() as second:
        assert (first, second) == (True, False)
    with lock.held() as again:
        assert again


def test_searching_an_index_before_its_first_commit_finds_nothing(tmp_path: Path) -> None:
    """What the app shows while the first update of an archive runs and the user types:
    every kind of query on the empty index is 0 results, never an error."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    d = Dossier.open(corpus)
    for query, prefix in [("ko", True), ("kor*", False), ('"article 4', True), ("korea~", False)]:
        assert d.search(query, prefix=prefix).total == 0, query
    d.close()


def test_no_lock_file_possible_is_no_wait(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder where the lock file cannot be made (read-only media): opening and
    updating go on as before the lock existed, never an error."""
    lock = UpdateLock(tmp_path / "index")

    def refuse(self: UpdateLock) -> None:
        raise PermissionError("read-only file system")

    monkeypatch.setattr(UpdateLock, "_lock", refuse)
    with lock.held(timeout=1.0) as free:
        assert free
