"""Long lists ranked with NumPy (index.bulkscore): the same hits, scores and totals as the
list-at-a-time routes they stand in for."""

from __future__ import annotations

import random
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from whoosh import query as wq

from index import bulkscore, levels
from index.api import Dossier
from index.bulkscore import top, union_top, word_top
from index.wordquery import top_and_total, word_terms


@pytest.mark.parametrize("seed", range(6))
def test_top_is_best_first_ties_to_the_lower_article(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.choice([1, 5, 60, 3000])
    ids = rng.sample(range(10 * n), n)
    scores = [rng.choice([0.5, 1.0, 1.0, 1.0, 2.0, rng.random()]) for _ in ids]
    for limit in (1, 3, 20, n, n + 5):
        expected = sorted(zip(scores, ids, strict=True), key=lambda h: (-h[0], h[1]))[:limit]
        assert top(np.array(ids), np.array(scores), limit) == expected


def test_union_adds_the_scores_of_articles_in_both() -> None:
    title = (np.array([2, 5, 9]), np.array([1.0, 2.0, 3.0]))
    body = (np.array([1, 2, 3, 9]), np.array([0.5, 0.25, 4.0, 0.125]))
    best, total = union_top([title, body], 10)  # type: ignore[misc]
    assert total == 5
    assert best == [(4.0, 3), (3.125, 9), (2.0, 5), (1.25, 2), (0.5, 1)]


@pytest.fixture(scope="module")
def deleted(archive_2000: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dossier]:
    """The 2,000 articles with three deleted and one replaced: deleted documents in the
    posting lists."""
    from index.paths import DossierDirs

    home = tmp_path_factory.mktemp("bulk")
    corpus = Path(shutil.copytree(archive_2000, home / "corpus"))
    dirs = DossierDirs.from_env({"DOSSIER_HOME": str(home / "home")})
    d = Dossier.open(corpus, dirs=dirs, index_dir=home / "index")
    d.update()
    for name in ("00010.txt", "00011.txt", "00012.txt"):
        (corpus / name).unlink()
    (corpus / "00020.txt").write_text("Oil oil\n\nThe oil company said the oil price rose.\n")
    d.update()
    yield d
    d.close()


WORDS = ["the", "said", "oil", "a", "in", "title:the", "company", "1987"]


def test_common_words_rank_and_count_as_block_by_block(
    deleted: Dossier, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulkscore, "WORD_BULK_FROM", 0)
    s = deleted._searcher._searcher
    assert s.reader().has_deletions()
    for text in WORDS:
        terms = word_terms(deleted._searcher.parse(text).query)
        assert terms is not None, text
        for limit in (1, 20, 50):
            assert word_top(s, terms, limit) == top_and_total(s, terms, limit), (text, limit)
    assert word_top(s, [wq.Term("body", "the")], 5) is not None


QUERIES = [
    "t", "s", "c", "co", "the", "sai", "oil", "c*", "*ing", "comp*", "title:o*",
    '"the c', '"said i', '"of the', '"of the"', '"the company said"', "the", "in",
]  # fmt: skip


def test_long_lists_rank_and_count_as_one_by_one(
    deleted: Dossier, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Prefixes (index.levels' top_of_union), phrases, typed phrases and common words:
    ranked with NumPy or not, the same hits, scores (to the bit) and totals."""

    def run() -> list[tuple[int, list[tuple[str, float]]]]:
        out = []
        for text in QUERIES:
            for limit in (1, 20, 200):
                r = deleted.search(text, limit=limit, prefix=True)
                out.append((r.total, [(h.id, h.score) for h in r.hits]))
        return out

    for name, value in (("BULK_FROM", 10**9), ("WORD_BULK_FROM", 10**9)):
        monkeypatch.setattr(bulkscore, name, value)
    monkeypatch.setattr(levels, "BULK_TOP", 10**9)
    by_lists = run()
    for name in ("BULK_FROM", "WORD_BULK_FROM"):
        monkeypatch.setattr(bulkscore, name, 0)
    monkeypatch.setattr(levels, "BULK_TOP", 0)
    assert run() == by_lists
    assert sum(total > 1000 for total, _ in by_lists) >= 10


def test_a_lone_star_is_every_article(deleted: Dossier) -> None:
    """``*`` (Whoosh walked every term of title and body: 21 s at 100,000 articles)."""
    for text in ("*", '"*', "* *"):
        assert isinstance(deleted._searcher.parse(text, prefix=True).query, wq.Every)
        assert deleted.search(text, limit=5).total == deleted.search("", limit=5).total > 1900


RANGE_QUERIES = [
    "said", "compa", "title:compa", "prices", "*ing", "c*s", "price~", "compny~1/2",
    '"the compa', '"said the compa', '"oil pric', "said compa", "title:oil OR said",
]  # fmt: skip


@pytest.mark.parametrize("bulk_from", [0, 1_000, 10**9])
def test_patterns_read_as_arrays_rank_as_from_whooshs_lists(
    deleted: Dossier, monkeypatch: pytest.MonkeyPatch, bulk_from: int
) -> None:
    """Longer prefixes, wildcards, fuzzy words and typed phrases' tails, their terms'
    postings merged in NumPy (index.termrange.range_arrays) and handed on as arrays:
    the same hits, scores (to the bit, Python floats) and totals as from Whoosh's
    matchers term by term, whether the lists are ranked in bulk or not."""
    from index import patterns

    def run() -> list[tuple[int, list[tuple[str, float]]]]:
        out = []
        for text in RANGE_QUERIES:
            for limit in (1, 50):
                r = deleted.search(text, limit=limit, prefix=True)
                assert all(type(h.score) is float for h in r.hits), text
                out.append((r.total, [(h.id, h.score) for h in r.hits]))
        return out

    monkeypatch.setattr(bulkscore, "BULK_FROM", bulk_from)
    from_arrays = run()
    monkeypatch.setattr(patterns, "range_arrays", lambda *args: None)
    assert run() == from_arrays
    assert sum(total > 1000 for total, _ in from_arrays) >= 4
