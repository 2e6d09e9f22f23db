"""Many terms' postings read straight from the segment files (index.termrange) equal
Whoosh's, term by term, with deleted articles and across segments."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from index import termrange
from index.api import Dossier
from index.patterns import term_postings, whoosh_postings
from index.termrange import merged, range_postings
from index.terms import fuzzy_terms, sorted_terms, terms_like, terms_with_prefix


@pytest.fixture(scope="module")
def readers(news_archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list]:
    """Segment readers of an index with deleted articles and two segments."""
    import shutil

    corpus = Path(shutil.copytree(news_archive, tmp_path_factory.mktemp("c") / "corpus"))
    d = Dossier.open(corpus, index_dir=tmp_path_factory.mktemp("ix"))
    d.update()
    for path in sorted(corpus.glob("*.txt"))[5:40:3]:
        path.unlink()
    (corpus / "new.txt").write_text("Continental cons\n\nConrail con Co conned comp company.\n")
    d.update()
    s = d._searcher._searcher
    leaves = [sub.reader() for sub, _ in s.leaf_searchers()]
    assert any(r.has_deletions() for r in leaves)
    yield leaves
    d.close()


def _term_sets(reader, fieldname: str, rng: random.Random) -> list[list[str]]:
    lexicon = sorted_terms(reader, fieldname)
    sets = [terms_with_prefix(reader, fieldname, p) for p in ("com", "con", "s", "zzz")]
    for _ in range(40):
        w = rng.choice(lexicon)
        sets.append(terms_with_prefix(reader, fieldname, w[: rng.randint(2, 5)]))
        sets.append(fuzzy_terms(reader, fieldname, w, 1, 1))  # scattered
        sets.append(fuzzy_terms(reader, fieldname, w, 2, 0))
        sets.append(terms_like(reader, fieldname, w[:2] + "*" + w[-1:]))  # a range, sifted
    return [s for s in sets if s] + [[]]


@pytest.mark.parametrize("fieldname", ["title", "body"])
def test_range_postings_equal_whooshs_term_by_term(readers: list, fieldname: str) -> None:
    rng = random.Random(7)
    checked = 0
    for reader in readers:
        for terms in _term_sets(reader, fieldname, rng):
            fast = range_postings(reader, fieldname, terms)
            assert fast is not None  # Dossier's segments are read directly
            ids, weights = whoosh_postings(reader, fieldname, terms)
            assert list(fast[0]) == list(ids), terms[:5]
            assert list(fast[1]) == list(weights), terms[:5]
            checked += len(ids)
    assert checked > 10_000


def test_both_ways_of_reading_each_file_agree(
    readers: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The terms file read as one range or term by term, the postings file as one piece
    or term by term: the same postings."""
    reader = max(readers, key=lambda r: r.doc_count_all())
    term_sets = [terms_with_prefix(reader, "body", p) for p in ("com", "pr", "t", "oil")]
    term_sets += [fuzzy_terms(reader, "body", "prices", 2, 0)]
    expected = [whoosh_postings(reader, "body", ts) for ts in term_sets]
    for spread, contiguous in ((10**9, 10**9), (0, 0)):
        monkeypatch.setattr(termrange, "SPREAD", spread)
        monkeypatch.setattr(termrange, "CONTIGUOUS", contiguous)
        for ts, (ids, weights) in zip(term_sets, expected, strict=True):
            assert range_postings(reader, "body", ts) == (list(ids), list(weights))


def test_term_postings_reads_the_files_directly(
    readers: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    reader = readers[0]
    terms = terms_with_prefix(reader, "body", "com")

    def no_whoosh(*args: object) -> None:
        raise AssertionError("read through Whoosh")

    monkeypatch.setattr("index.patterns.whoosh_postings", no_whoosh)
    assert term_postings(reader, "body", terms)[0]


def test_merged_adds_weights_in_list_order_and_drops_deleted() -> None:
    lists = [([1, 3, 7], [1.5, 2.0, 1.0]), ([3, 4], [0.25, 1.0]), ([1, 3], [1.0, 0.5])]
    assert merged(lists) == ([1, 3, 4, 7], [2.5, 2.75, 1.0, 1.0])
    assert merged(lists, deleted=frozenset({3, 9})) == ([1, 4, 7], [2.5, 1.0, 1.0])
    assert merged([]) == ([], [])
