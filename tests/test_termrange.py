"""Many terms' postings read straight from the segment files (index.termrange) equal
Whoosh's, term by term, with deleted articles and across segments."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from index import termrange
from index.api import Dossier
from index.flatpostings import flat_postings, held
from index.patterns import term_postings, whoosh_postings
from index.segcache import segment_cache
from index.termrange import merged, range_arrays, range_postings
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
            _forget(reader)  # read from the files, not from the kept lists
            assert range_postings(reader, "body", ts) == (list(ids), list(weights))


def _forget(reader) -> None:
    segment_cache(reader).pop("flat_postings", None)


def test_lists_read_once_are_kept_and_give_the_same_postings(readers: list) -> None:
    """A typed prefix growing a letter (``refe``, ``refer``): its terms' lists are read
    from the files once, kept as flatpostings keeps a word's, and merged again from
    there; the same postings either way, equal to Whoosh's and to flat_postings'."""
    reader = max(readers, key=lambda r: r.doc_count_all())
    for prefix in ("com", "pr", "s"):
        terms = terms_with_prefix(reader, "body", prefix)
        _forget(reader)
        cold = range_postings(reader, "body", terms)
        assert all(held(reader, "body", t.encode()) is not None for t in terms)

        def no_files(*args: object) -> None:
            raise AssertionError("read from the files again")

        with pytest.MonkeyPatch.context() as m:
            m.setattr(termrange, "_postings", no_files)
            warm = range_postings(reader, "body", terms)
            longer = [t for t in terms if t.startswith(terms[-1][:3])]
            assert range_postings(reader, "body", longer) == whoosh_postings(reader, "body", longer)
        assert cold == warm == whoosh_postings(reader, "body", terms)
        sample = terms[:: max(1, len(terms) // 20)]  # what phrase scoring reads back
        kept = [held(reader, "body", t.encode()) for t in sample]
        _forget(reader)
        assert kept == [flat_postings(reader, "body", t.encode()) for t in sample]


def test_range_arrays_are_the_lists_as_arrays(readers: list) -> None:
    for reader in readers:
        for prefix in ("com", "t"):
            terms = terms_with_prefix(reader, "title", prefix)
            ids, weights = range_arrays(reader, "title", terms)
            assert ids.dtype == np.int64 and weights.dtype == np.float64
            assert (ids.tolist(), weights.tolist()) == whoosh_postings(reader, "title", terms)


def test_term_postings_reads_the_files_directly(
    readers: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    reader = readers[0]
    terms = terms_with_prefix(reader, "body", "com")

    def no_whoosh(*args: object) -> None:
        raise AssertionError("read through Whoosh")

    monkeypatch.setattr("index.patterns.whoosh_postings", no_whoosh)
    assert len(term_postings(reader, "body", terms)[0])  # NumPy arrays


def test_merged_adds_weights_in_list_order_and_drops_deleted() -> None:
    lists = [([1, 3, 7], [1.5, 2.0, 1.0]), ([3, 4], [0.25, 1.0]), ([1, 3], [1.0, 0.5])]
    assert merged(lists) == ([1, 3, 4, 7], [2.5, 2.75, 1.0, 1.0])
    assert merged(lists, deleted=frozenset({3, 9})) == ([1, 4, 7], [2.5, 1.0, 1.0])
    assert merged([]) == ([], [])


def test_merged_adds_in_list_order_bit_for_bit() -> None:
    """Sums that differ with the order of the additions: each article's weights are
    added one by one in list order (as a loop of Python floats adds them)."""
    rng = random.Random(3)
    lists = []
    for _ in range(12):
        ids = sorted(rng.sample(range(300), rng.randint(0, 200)))
        lists.append((ids, [rng.choice((1e16, 1.0, -1e16, 0.1, 3.0)) for _ in ids]))
    expected: dict[int, float] = {}
    for ids, weights in lists:
        for d, w in zip(ids, weights, strict=True):
            expected[d] = expected[d] + w if d in expected else w
    assert merged(lists) == (sorted(expected), [expected[d] for d in sorted(expected)])
    single = merged(lists[:1])
    assert single == (lists[0][0], lists[0][1])


def test_block_ids_rebuilt_from_deltas_of_mixed_widths() -> None:
    """Blocks packed as the codec packs them (each block's deltas in the narrowest C
    type: bytes, shorts, ints) give back the ids, whatever the widths' mix."""
    from itertools import pairwise

    from index.codec import BLOCK_LIMIT, _packed

    rng = random.Random(5)
    for widest in ((200, 70_000, 2), (70_000, 200), (3,)):  # each block's largest gap
        ids, at = [], rng.randint(0, 9)
        for _ in range(rng.randint(2, 9)):
            top = rng.choice(widest)
            for _ in range(rng.randint(1, BLOCK_LIMIT) if ids else BLOCK_LIMIT):
                at += rng.randint(1, top)
                ids.append(at)
        blocks = [ids[i : i + BLOCK_LIMIT] for i in range(0, len(ids), BLOCK_LIMIT)]
        packed = [_packed([b - a for a, b in pairwise(block)]) for block in blocks]
        codes = [code for code, _ in packed]
        got = termrange._ids(
            [block[0] for block in blocks],
            [len(block) for block in blocks],
            codes,
            [data for _, data in packed],
        )
        assert got.tolist() == ids
        assert (len(set(codes)) > 1) == (len(widest) > 1)  # widths mixed, or one width
