"""Phrases with thousands of hits scored with NumPy: the same floats, a few C passes.

A phrase of common words at 100,000 articles (``"reference dsr"``: 80,957 hits, ``"the c``
typed: 46,774) is found in a few milliseconds (:mod:`index.nextwords`), but scoring it
took 30-40 ms: each word's weight in each hit gathered, BM25 per distinct row of weights
and length, the title's and body's scores merged through a dict, the best 20 picked, at
~40 ns per hit and pass with Python's C loops, over ~20 passes. Here each step is one
NumPy operation over all the hits (about 1 ms each at 80,000).

Exact: BM25 is computed with the operations of :func:`index.levels.bm25`, in the same
order, on float64 (IEEE, as Python's floats: the same bits); the words' scores are added
in the order of :func:`index.phrase.add_up`; ties go to the lower article number.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from index.scoring import LENGTH_OF_BYTE

BULK_FROM = 1_000  # hits from which a phrase is scored here

_LENGTHS = np.array(LENGTH_OF_BYTE, dtype=np.float64)


def shared_column(scorers: list[Any], hits: np.ndarray) -> bytes | None:
    """The length column every scorer reads (one field), when all have it in memory
    and it covers the hits; None otherwise (the scorers are then used one by one)."""
    column = getattr(scorers[0], "flat_lengths", None) if scorers else None
    if column is None or not len(hits) or hits[-1] >= len(column):
        return None
    if any(getattr(sc, "flat_lengths", None) is not column for sc in scorers):
        return None
    if not all(hasattr(sc, name) for sc in scorers for name in ("idf", "B", "K1", "avgfl")):
        return None
    return column


def weights_of(flat: tuple[Any, Any], hits: np.ndarray) -> np.ndarray:
    """Each hit's weight in a posting list given as ascending ids and their weights
    (C arrays or lists; every hit is in it), as float64."""
    return _weights(flat[1])[np.searchsorted(_ids(flat[0]), hits)]


def _ids(values: Any) -> np.ndarray:
    """Article numbers (an ``array("I")`` without a copy, or a list) as an array."""
    if hasattr(values, "typecode") and values.itemsize == 4:
        return np.frombuffer(values, dtype=np.uint32)
    return np.asarray(values, dtype=np.int64)


def _weights(values: Any) -> np.ndarray:
    """Weights (an ``array("f")``, or a list of Python floats) as float64, exactly."""
    if hasattr(values, "typecode") and values.typecode == "f":
        return np.frombuffer(values, dtype=np.float32).astype(np.float64)
    return np.asarray(values, dtype=np.float64)


def bm25(scorer: Any, tf: np.ndarray, length_bytes: np.ndarray) -> np.ndarray:
    """:func:`index.levels.bm25` of each (weight, length byte): the same operations."""
    idf, B, K1, avgfl = scorer.idf, scorer.B, scorer.K1, scorer.avgfl
    norms = K1 * ((1 - B) + B * _LENGTHS / avgfl)  # per length byte, as Python computes it
    return idf * ((tf * (K1 + 1)) / (tf + norms[length_bytes]))


def phrase_scores(
    scorers: list[Any], weights: list[np.ndarray], hits: np.ndarray, column: bytes
) -> np.ndarray:
    """Each hit's sum of its words' scores, added as :func:`index.phrase.add_up` adds."""
    length_bytes = np.frombuffer(column, dtype=np.uint8)[hits]
    return _add_up([bm25(sc, w, length_bytes) for sc, w in zip(scorers, weights, strict=True)])


def _add_up(columns: list[np.ndarray]) -> np.ndarray:
    if len(columns) == 1:
        return columns[0]
    mid = len(columns) // 2
    return _add_up(columns[:mid]) + _add_up(columns[mid:])


def union_top(
    parts: list[tuple[Any, Any]], limit: int
) -> tuple[list[tuple[float, int]], int] | None:
    """The best ``limit`` (score, article) of one or two fields' (ids, scores), scores
    added where an article is in both, best first (ties: lower article first), and
    how many articles are in either; None for more parts (their sums' order matters)."""
    if len(parts) > 2:
        return None
    ids_parts = [np.asarray(ids, dtype=np.int64) for ids, _ in parts]
    score_parts = [np.asarray(scores, dtype=np.float64) for _, scores in parts]
    if len(parts) == 1:
        ids, scores = ids_parts[0], score_parts[0]
    else:  # the shorter list looked up in the longer one (no sort of both)
        (a_ids, a_scores), (b_ids, b_scores) = sorted(
            zip(ids_parts, score_parts, strict=True), key=lambda part: len(part[0])
        )
        if not len(b_ids):
            ids, scores = a_ids, a_scores
        else:
            at = np.minimum(np.searchsorted(b_ids, a_ids), len(b_ids) - 1)
            both = b_ids[at] == a_ids
            scores = b_scores.copy()
            scores[at[both]] += a_scores[both]  # a + b: either order gives the same float
            ids = np.concatenate([b_ids, a_ids[~both]])
            scores = np.concatenate([scores, a_scores[~both]])
    return top(ids, scores, limit), len(ids)


def top(ids: np.ndarray, scores: np.ndarray, limit: int) -> list[tuple[float, int]]:
    """The best ``limit`` (score, article), best first, ties to the lower article: those
    above the ``limit``-th score, then the lowest articles of its ties (80,000 articles
    can tie: a word once in each), in O(n)."""
    if limit <= 0 or not len(ids):
        return []
    if len(ids) > limit:
        cut = np.partition(scores, len(scores) - limit)[len(scores) - limit]
        above = np.flatnonzero(scores > cut)
        ties = np.flatnonzero(scores == cut)
        need = limit - len(above)
        if len(ties) > need:
            ties = ties[np.argpartition(ids[ties], need - 1)[:need]]
        kept = np.concatenate([above, ties])
        ids, scores = ids[kept], scores[kept]
    order = np.lexsort((ids, -scores))[:limit]
    return list(zip(scores[order].tolist(), ids[order].tolist(), strict=True))


def best_of(ids: Any, scores: Any, limit: int) -> list[tuple[float, int]]:
    """:func:`top` of lists or arrays."""
    return top(np.asarray(ids, dtype=np.int64), np.asarray(scores, dtype=np.float64), limit)


WORD_BULK_FROM = 5_000  # postings (all fields) from which one word is ranked here


def word_top(
    searcher: Any, terms: list[Any], limit: int
) -> tuple[list[tuple[float, int]], int] | None:
    """The best ``limit`` (score, global article number) and the total of one word (an OR
    of its plain terms in one or two fields, :func:`index.wordquery.word_terms`) when its
    posting lists are long (``in``: 69,216 articles at 100,000, 80 ms through
    :mod:`index.wordquery`, whose block bounds prune little for so common a word); None
    otherwise. The same scores as Whoosh's: each term's BM25F scorer, added."""
    if not 1 <= len(terms) <= 2:
        return None
    segments = []
    size = 0
    for sub, offset in searcher.leaf_searchers():
        lists = [(term, btext) for term in terms if (btext := _indexed(sub, term)) is not None]
        size += sum(sub.reader().doc_frequency(t.fieldname, b) for t, b in lists)
        segments.append((sub, offset, lists))
    if size < WORD_BULK_FROM:
        return None
    ranked: list[tuple[float, int]] = []
    total = 0
    for sub, offset, lists in segments:
        parts = [_scored_list(searcher, sub, term, btext) for term, btext in lists]
        if any(part is None for part in parts):
            return None
        if not parts:
            continue
        best, n = union_top(parts, limit)  # type: ignore[misc]
        total += n
        ranked.extend((score, doc + offset) for score, doc in best)
    ranked.sort(key=lambda hit: (-hit[0], hit[1]))
    return ranked[:limit], total


def _indexed(sub: Any, term: Any) -> bytes | None:
    """The term's bytes when the segment has it."""
    if term.fieldname not in sub.schema:
        return None
    try:
        btext = sub.schema[term.fieldname].to_bytes(term.text)
    except ValueError:
        return None
    return btext if (term.fieldname, btext) in sub.reader() else None


def _scored_list(
    searcher: Any, sub: Any, term: Any, btext: bytes
) -> tuple[np.ndarray, np.ndarray] | None:
    """A term's live articles in a segment and their scores (None: lengths not in memory)."""
    from index.codec import live_postings
    from index.flatpostings import flat_postings

    reader = sub.reader()
    flat_ids, flat_weights = flat_postings(reader, term.fieldname, btext)
    ids = np.frombuffer(flat_ids, dtype=np.uint32).astype(np.int64)
    weights = np.frombuffer(flat_weights, dtype=np.float32).astype(np.float64)
    _, deleted = live_postings(reader.postings(term.fieldname, btext))
    if deleted:
        live = ~np.isin(ids, np.fromiter(deleted, dtype=np.int64, count=len(deleted)))
        ids, weights = ids[live], weights[live]
    scorer = searcher.weighting.scorer(sub, term.fieldname, term.text)
    column = shared_column([scorer], ids)
    if column is None:
        return (ids, weights) if not len(ids) else None
    return ids, bm25(scorer, weights, np.frombuffer(column, dtype=np.uint8)[ids])


def lazy_top(lazies: list[Any], limit: int) -> tuple[list[tuple[float, int]], int] | None:
    """:func:`index.levels.top_of_union` of one or two fields' :class:`index.levels.Lazy`
    lists when they are long (``archive`` typed: 80,960 articles tying on one score level,
    which top_of_union's bounds cannot cut: 46 ms); None otherwise."""
    if sum(len(lazy.ids) for lazy in lazies) < BULK_FROM:
        return None
    parts = []
    for lazy in lazies:
        flat = getattr(lazy, "flat", None) or (lazy.ids, lazy.weights)  # C arrays: no copy
        ids = _ids(flat[0]).astype(np.int64)
        if not len(ids):
            continue
        weights = _weights(flat[1])
        lengths = np.frombuffer(lazy.column, dtype=np.uint8)[ids]
        parts.append((ids, bm25(lazy.scorer, weights, lengths)))
    return union_top(parts, limit) if parts else ([], 0)
