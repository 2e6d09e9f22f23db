"""Top N of a pattern query over one or two fields (``c`` typed, ``con*``), by score levels.

A one-letter prefix matches nearly every article: scoring each posting in Python and
then merging the title's and the body's scores took 27 ms at 19,043 articles. But a
pattern scores as one word (BM25F: its frequency in the article and the article's field
length, one byte), so a field's scores take few distinct values (a title's about 40, a
body's about 2,000): each is computed once, and the postings are mapped to them by C
loops (``itemgetter`` for the length bytes, ``map`` over a dict). Then only the articles
that can still reach the top N are added up: those of the field with the higher best
score (the "driver") whose own score, plus the other field's best, reaches the N-th
best total seen; and articles of the other field alone scoring that much by themselves.
The total is the size of the union of the two lists (a set operation in C).

Exact: the same scores (same floats as :func:`index.scoring.block_scores`), the same
ranking (ties to the lower article number) as scoring every posting.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from heapq import nlargest, nsmallest
from itertools import compress, repeat
from operator import add, eq, ge, itemgetter, mul
from typing import Any

from index.bulkscore import best_of as bulk_best
from index.scoring import LENGTH_OF_BYTE, tree_sum

CUT_FROM = 50  # lists over 50 times the limit are cut at the limit-th score first
SLACK = 1e-9  # bounds compared with this margin: a rounding never drops a tie
ROUND_ONE = 2  # round 1 of top_of_union scores this many times the articles asked for
BULK_TOP = 2_000  # lists longer than this are ranked by NumPy (index.bulkscore.top)
LOOKUP_RATIO = 8  # weights of more than 1 in 8 of a list's articles: through a dict


class _Levels(dict):
    """(weight, length byte) -> score, each computed the first time it is asked for."""

    def __init__(self, scorer: Any) -> None:
        super().__init__()
        self.scorer = scorer

    def __missing__(self, key: tuple[float, int]) -> float:
        value = self[key] = bm25(self.scorer, *key)
        return value


def bm25(scorer: Any, tf: float, length_byte: int) -> float:
    """The score :func:`index.scoring.block_scores` gives (the same expression)."""
    idf, B, K1, avgfl = scorer.idf, scorer.B, scorer.K1, scorer.avgfl
    return idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * LENGTH_OF_BYTE[length_byte] / avgfl)))


def level_scores(scorer: Any, ids: Any, weights: Any) -> list[float] | None:
    """Each posting's score, computed once per distinct (weight, length byte); None when
    the scorer has no in-memory lengths for these articles."""
    column = getattr(scorer, "flat_lengths", None)
    if column is None or not len(ids) or ids[-1] >= len(column):
        return None
    lengths = itemgetter(*ids)(column) if len(ids) > 1 else (column[ids[0]],)
    return list(map(_Levels(scorer).__getitem__, zip(weights, lengths)))  # noqa: B905


class _Sums(dict):
    """(weight of each word..., length byte) -> the words' scores added up as
    :func:`index.scoring.tree_sum` adds them, each computed the first time (from each
    word's own levels: a typed word's weights vary, so rows are many)."""

    def __init__(self, scorers: list[Any]) -> None:
        super().__init__()
        self.levels = [_Levels(sc) for sc in scorers]

    def __missing__(self, key: tuple) -> float:
        *weights, length_byte = key
        levels = self.levels
        if len(levels) == 2:  # tree_sum's order for two
            value = levels[0][(weights[0], length_byte)] + levels[1][(weights[1], length_byte)]
        else:
            value = tree_sum(
                [lv[(w, length_byte)] for lv, w in zip(levels, weights)]  # noqa: B905
            )
        self[key] = value
        return value


def level_sums(scorers: list[Any], weights: list[Any], ids: list[int]) -> list[float] | None:
    """Each article's sum of several words' scores (``weights``: per word, its weight in
    each article), computed once per distinct row of weights and length byte; None when
    the scorers do not share one in-memory length column covering these articles."""
    column = getattr(scorers[0], "flat_lengths", None) if scorers else None
    if column is None or not len(ids) or ids[-1] >= len(column):
        return None
    if any(getattr(sc, "flat_lengths", None) is not column for sc in scorers):
        return None
    lengths = itemgetter(*ids)(column) if len(ids) > 1 else (column[ids[0]],)
    return list(map(_Sums(scorers).__getitem__, zip(*weights, lengths)))  # noqa: B905


class Lazy:
    """One field's matching articles and weights, scored only as far as asked."""

    def __init__(self, scorer: Any, ids: Any, weights: Any, shortest: int | None = None) -> None:
        """``shortest``: the column's smallest length byte, if known."""
        self.scorer, self.ids, self.weights = scorer, ids, weights
        self.column: bytes = scorer.flat_lengths
        self.shortest = shortest
        self._scores: list[float] | None = None
        self.flat: tuple[Any, Any] | None = None  # ids and weights as C arrays, if at hand
        self._levels = _Levels(scorer)

    def usable(self) -> bool:
        return bool(len(self.ids)) and self.ids[-1] < len(self.column)

    def bound(self) -> float:
        """No article scores more: the highest weight at the shortest length."""
        if self.shortest is None:
            self.shortest = min(self.column)  # lengths grow with their byte
        return self._levels[(max(self.weights), self.shortest)]

    def scores(self) -> list[float]:
        if self._scores is None:
            ids = self.ids
            lengths = itemgetter(*ids)(self.column) if len(ids) > 1 else (self.column[ids[0]],)
            self._scores = list(map(self._levels.__getitem__, zip(self.weights, lengths)))  # noqa: B905
        return self._scores

    def lengths(self, docs: list[int]) -> tuple[int, ...]:
        if len(docs) > 1:
            return itemgetter(*docs)(self.column)
        return tuple(self.column[d] for d in docs)

    def weights_of(self, docs: list[int]) -> Any:
        """Each article's weight, 0.0 where it has none."""
        if len(docs) * LOOKUP_RATIO > len(self.ids):  # many: one dict beats a bisection each
            return map(dict(zip(self.ids, self.weights)).get, docs, repeat(0.0))  # noqa: B905
        return weights_at(self.ids, self.weights, docs)

    def score_of(self, doc: int) -> float | None:
        ids = self.ids
        i = bisect_left(ids, doc)
        if i < len(ids) and ids[i] == doc:
            return self._levels[(self.weights[i], self.column[doc])]
        return None


def weights_at(ids: Any, weights: Any, docs: list[int]) -> Any:
    """Each article's weight in a posting list (``ids`` ascending, not empty), 0.0 where
    it has none (a weight of 0 scores 0.0), found by bisection in C loops: no Python
    frame per article."""
    last = len(ids) - 1
    # past the end: the last article (smaller, so not found)
    at = list(map(min, map(bisect_left, repeat(ids), docs), repeat(last)))
    found = map(eq, map(ids.__getitem__, at), docs)
    return map(mul, map(weights.__getitem__, at), found)


def top_of_union(lists: list[Lazy], limit: int) -> tuple[list[tuple[float, int]], int]:
    """The best ``limit`` (score, article) of one or two fields' lists whose scores add up
    where an article is in both, best first, and how many articles are in either."""
    lists = [x for x in lists if len(x.ids)]
    if not lists:
        return [], 0
    if len(lists) == 1:
        (a,) = lists
        best = nsmallest(limit, zip(a.scores(), a.ids), key=_rank)  # noqa: B905
        return best, len(a.ids)
    a, b = lists
    a_bound, b_bound = a.bound(), b.bound()
    if a_bound < b_bound:
        a, b, a_bound, b_bound = b, a, b_bound, a_bound  # the driver: the higher bound
    a_ids, a_scores = a.ids, a.scores()
    # Round 1: the driver's articles at its top levels (at least ``ROUND_ONE * limit``
    # of them: a few more than ``limit`` can give a far higher N-th best total, so far
    # fewer articles in round 2: 2,245 -> 332 for ``c`` at 19K), for a first N-th best
    # total.
    counts = Counter(a_scores)
    seen = 0
    first_cut = enough = min(counts)
    for level in sorted(counts, reverse=True):
        seen += counts[level]
        if seen >= limit * ROUND_ONE:
            # not a level holding thousands, when the levels above hold enough
            big = seen > 4 * limit * ROUND_ONE and seen - counts[level] >= limit
            first_cut = enough if big else level
            break
        enough = level
    firsts = sorted(_totals(a, b, first_cut).values(), reverse=True)
    theta = firsts[limit - 1] if len(firsts) >= limit else float("-inf")
    # Round 2: every driver article that could still reach it, with the other field's
    # score added (0.0 where it has none: a weight of 0 scores 0.0) by C loops.
    done = _totals(a, b, theta - b_bound - SLACK)
    total = union_size(a_ids, b.ids)
    # Articles of the other field alone (none can reach it when its bound is below).
    if b_bound >= theta - SLACK:
        a_set = set(a_ids)
        for doc, s in zip(*_at_least(b.ids, b.scores(), theta - SLACK)):  # noqa: B905
            if doc not in a_set:
                done[doc] = s
    if len(done) > BULK_TOP:
        return bulk_best(list(done), list(done.values()), limit), total
    return nsmallest(limit, ((s, d) for d, s in done.items()), key=_rank), total


def _totals(a: Lazy, b: Lazy, cut: float) -> dict[int, float]:
    """The articles of ``a`` scoring ``cut`` or more there, and their score in ``a``
    plus their score in ``b`` (0.0 where it has none: a weight of 0 scores 0.0)."""
    docs, scores = _at_least(a.ids, a.scores(), cut)
    b_scores = map(b._levels.__getitem__, zip(b.weights_of(docs), b.lengths(docs)))  # noqa: B905
    return dict(zip(docs, map(add, scores, b_scores)))  # noqa: B905


def union_size(a: Any, b: Any) -> int:
    """How many articles are in ``a`` or ``b`` (each without repeats): a set of the
    shorter one only."""
    small, big = (a, b) if len(a) <= len(b) else (b, a)
    return len(big) + len(set(small).difference(big))


def best_of(ids: Any, scores: list[float], limit: int) -> list[tuple[float, int]]:
    """The best ``limit`` (score, article) of a list, best first, ties to the lower
    article. A long list is cut first, in C loops, at the ``limit``-th best score (every
    tie of it kept): the ranking with a key per hit took 10 ms for 80,000 hits."""
    if len(scores) > BULK_TOP:
        return bulk_best(ids, scores, limit)
    pairs: Any = zip(scores, ids)  # noqa: B905
    if limit > 0 and len(scores) > limit * CUT_FROM:
        cut = nlargest(limit, scores)[-1]
        keep = list(map(ge, scores, repeat(cut)))
        pairs = zip(compress(scores, keep), compress(ids, keep))  # noqa: B905
    return nsmallest(limit, pairs, key=_rank)


def _at_least(ids: Any, scores: list[float], cut: float) -> tuple[list[int], list[float]]:
    """The articles scoring ``cut`` or more, and their scores."""
    keep = list(map(ge, scores, repeat(cut)))
    return list(compress(ids, keep)), list(compress(scores, keep))


def _rank(hit: tuple[float, int]) -> tuple[float, int]:
    return -hit[0], hit[1]
