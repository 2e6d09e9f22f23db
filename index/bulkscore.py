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
    ids = _array(flat[0], np.uint32)
    weights = _array(flat[1], np.float32)
    return weights[np.searchsorted(ids, hits)].astype(np.float64)


def _array(values: Any, dtype: Any) -> np.ndarray:
    if isinstance(values, np.ndarray):
        return values
    if hasattr(values, "typecode") and np.dtype(dtype).itemsize == values.itemsize:
        return np.frombuffer(values, dtype=dtype)  # an array("I") / array("f"): no copy
    return np.asarray(values, dtype=dtype)


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
    else:
        ids = np.concatenate(ids_parts)
        scores = np.concatenate(score_parts)
        order = np.argsort(ids, kind="stable")
        ids, scores = ids[order], scores[order]
        starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]]) if len(ids) else ids
        scores = np.add.reduceat(scores, starts) if len(ids) else scores  # a + b: either order
        ids = ids[starts]
    return top(ids, scores, limit), len(ids)


def top(ids: np.ndarray, scores: np.ndarray, limit: int) -> list[tuple[float, int]]:
    """The best ``limit`` (score, article), best first, ties to the lower article."""
    if limit <= 0 or not len(ids):
        return []
    if len(ids) > limit:
        cut = np.partition(scores, len(scores) - limit)[len(scores) - limit]
        kept = np.flatnonzero(scores >= cut)  # every tie of the limit-th score
        ids, scores = ids[kept], scores[kept]
    order = np.lexsort((ids, -scores))[:limit]
    return list(zip(scores[order].tolist(), ids[order].tolist(), strict=True))
