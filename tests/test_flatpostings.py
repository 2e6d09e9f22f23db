"""A phrase's hits' weights (index.flatpostings): the same as Whoosh's postings give, by
either route (whole list kept, or the few blocks read), and the kept lists stay bounded."""

from __future__ import annotations

import random
from array import array
from pathlib import Path

import numpy as np
import pytest

from index import flatpostings
from index.api import Dossier
from index.flatpostings import hit_weights, term_weights, weights_in
from index.segcache import segment_cache


def _whoosh_weights(reader: object, word: str) -> dict[int, float]:
    m = reader.postings("body", word.encode())  # type: ignore[attr-defined]
    return dict(m.items_as("weight"))


@pytest.mark.parametrize("word", ["the", "said", "of", "oil"])
def test_hit_weights_are_whoosh_weights_by_both_routes(news: Dossier, word: str) -> None:
    reader = news._searcher._searcher.leaf_searchers()[0][0].reader()
    expected = _whoosh_weights(reader, word)
    rng = random.Random(word)
    ids = sorted(expected)
    assert len(ids) > 300, "the word should be common in the generated archive"
    few = sorted(rng.sample(ids, 3))  # far fewer than half its blocks: those blocks read
    segment_cache(reader).pop("flat_postings", None)
    assert term_weights(reader, "body", word.encode(), few) == [expected[d] for d in few]
    assert ("body", word.encode()) not in segment_cache(reader).get("flat_postings", {})
    many = sorted(rng.sample(ids, len(ids) // 2))  # the whole list decoded and kept
    assert term_weights(reader, "body", word.encode(), many) == [expected[d] for d in many]
    assert ("body", word.encode()) in segment_cache(reader)["flat_postings"]
    # from the kept list now, even for few hits
    assert term_weights(reader, "body", word.encode(), few) == [expected[d] for d in few]
    assert term_weights(reader, "body", word.encode(), ids) == [expected[d] for d in ids]


@pytest.mark.parametrize("word", ["the", "said", "oil"])
def test_weights_in_an_array_of_hits_are_term_weights(news: Dossier, word: str) -> None:
    """weights_in (hits as an int64 array, NumPy's searchsorted in the kept list) gives
    term_weights' weights, by the same route: few hits read from their blocks."""
    reader = news._searcher._searcher.leaf_searchers()[0][0].reader()
    expected = _whoosh_weights(reader, word)
    rng = random.Random(word + "!")
    ids = sorted(expected)
    few = sorted(rng.sample(ids, 3))
    segment_cache(reader).pop("flat_postings", None)
    got = weights_in(reader, "body", word.encode(), np.array(few, dtype=np.int64))
    assert got.dtype == np.float64 and got.tolist() == [expected[d] for d in few]
    assert ("body", word.encode()) not in segment_cache(reader).get("flat_postings", {})
    for hits in (sorted(rng.sample(ids, len(ids) // 2)), ids, ids[-1:], ids[:1], few):
        got = weights_in(reader, "body", word.encode(), np.array(hits, dtype=np.int64))
        assert got.tolist() == [expected[d] for d in hits]
    assert ("body", word.encode()) in segment_cache(reader)["flat_postings"]


def test_kept_lists_are_bounded(news: Dossier, monkeypatch: pytest.MonkeyPatch) -> None:
    reader = news._searcher._searcher.leaf_searchers()[0][0].reader()
    segment_cache(reader).pop("flat_postings", None)
    words = ["the", "said", "of", "in"]
    sizes = {w: reader.doc_frequency("body", w.encode()) for w in words}
    monkeypatch.setattr(flatpostings, "CACHE_POSTINGS", sizes["the"] + sizes["said"])
    for w in words:
        everything = sorted(_whoosh_weights(reader, w))
        term_weights(reader, "body", w.encode(), everything)
    kept = segment_cache(reader)["flat_postings"]
    assert sum(len(ids) for ids, _ in kept.values()) <= sizes["the"] + sizes["said"]
    assert kept.held == sum(len(ids) for ids, _ in kept.values())  # its running count
    assert ("body", b"in") in kept  # the newest stays, the oldest went first
    assert ("body", b"the") not in kept
    segment_cache(reader).pop("flat_postings", None)


@pytest.mark.parametrize("share", [1.0, 0.9, 0.5, 0.1, 0.01])
def test_hit_weights_pick_each_hits_weight(share: float) -> None:
    rng = random.Random(int(share * 100))
    ids = array("I", sorted(rng.sample(range(50_000), 4_000)))
    weights = array("f", [float(rng.randrange(1, 9)) for _ in ids])
    hits = sorted(d for d in ids if rng.random() < share) if share < 1 else list(ids)
    by_id = dict(zip(ids, weights, strict=True))
    assert hit_weights((ids, weights), hits) == [by_id[d] for d in hits]


def test_merged_term_postings_sum_whoosh_weights_of_live_articles(
    news_archive_copy: Path, tmp_path: Path
) -> None:
    """A pattern's expansions merged (index.patterns.term_postings, weights summed by
    counting) equal Whoosh's postings added up, deleted articles left out."""
    from index.patterns import term_postings
    from index.terms import terms_with_prefix

    d = Dossier.open(news_archive_copy, index_dir=tmp_path / "ix")
    d.update()
    for name in ("00003.txt", "00004.txt", "00100.txt"):
        (news_archive_copy / name).unlink()
    d.update()
    s = d._searcher._searcher
    checked = 0
    for sub, _ in s.leaf_searchers():
        reader = sub.reader()
        for fieldname, prefix in (("body", "comm"), ("body", "pr"), ("title", "s"), ("body", "t")):
            terms = terms_with_prefix(reader, fieldname, prefix)
            expected: dict[int, float] = {}
            for t in terms:
                for doc, w in reader.postings(fieldname, t.encode()).items_as("weight"):
                    expected[doc] = expected.get(doc, 0.0) + w  # Whoosh skips deleted ones
            ids, weights = term_postings(reader, fieldname, terms)
            assert list(ids) == sorted(expected), (fieldname, prefix)
            assert list(weights) == [expected[x] for x in sorted(expected)], (fieldname, prefix)
            checked += reader.has_deletions() and len(terms) > 1
    assert checked  # merged lists in a segment with deleted articles
    d.close()


def test_the_count_of_kept_postings_follows_every_change(
    news: Dossier, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lists kept one at a time (a pattern's terms: termrange keeps each), some kept
    again, the oldest dropped past the bound: the LRU's count is its postings' sum."""
    from index.terms import sorted_terms

    reader = news._searcher._searcher.leaf_searchers()[0][0].reader()
    segment_cache(reader).pop("flat_postings", None)
    monkeypatch.setattr(flatpostings, "CACHE_POSTINGS", 20_000)
    lexicon = sorted_terms(reader, "body")
    terms = [t.encode() for t in lexicon[:: max(1, len(lexicon) // 300)]]
    for t in terms + terms[:40]:
        flatpostings.keep(reader, "body", t, flatpostings.flat_postings(reader, "body", t))
    kept = segment_cache(reader)["flat_postings"]
    assert kept.held == sum(len(ids) for ids, _ in kept.values()) <= 20_000
    assert ("body", terms[0]) in kept and len(kept) < len(terms)
    segment_cache(reader).pop("flat_postings", None)
