"""Top N of a pattern over two fields by score levels (index.levels) against scoring
every posting: same scores, same order, same total, whichever field leads."""

from __future__ import annotations

import random
from array import array
from types import SimpleNamespace

import pytest

from index import levels
from index.levels import Lazy, bm25, top_of_union, union_size


def _scorer(rng: random.Random, n: int, idf: float) -> SimpleNamespace:
    lengths = bytes(rng.randrange(1, 120) for _ in range(n))
    return SimpleNamespace(idf=idf, B=0.75, K1=1.2, avgfl=30.0, flat_lengths=lengths)


def _field(rng: random.Random, scorer: SimpleNamespace, n: int, share: float, tf: int) -> Lazy:
    ids = array("I", sorted(d for d in range(n) if rng.random() < share))
    weights = array("f", [float(rng.choice(range(1, tf + 1))) for _ in ids])
    return Lazy(scorer, ids, weights)


def _brute(fields: list[Lazy], limit: int) -> tuple[list[tuple[float, int]], int]:
    total: dict[int, float] = {}
    for f in fields:
        for d, w in zip(f.ids, f.weights, strict=True):
            s = bm25(f.scorer, w, f.scorer.flat_lengths[d])
            total[d] = total[d] + s if d in total else s
    ranked = sorted(((s, d) for d, s in total.items()), key=lambda h: (-h[0], h[1]))
    return ranked[:limit], len(total)


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("limit", [1, 5, 20, 500])
@pytest.mark.parametrize("lookup_ratio", [0, 8, 10**9])  # weights by bisection / a dict
def test_top_of_union_equals_scoring_every_posting(
    seed: int, limit: int, lookup_ratio: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(levels, "LOOKUP_RATIO", lookup_ratio)
    rng = random.Random(seed)
    n = rng.choice([50, 700, 3000])
    # short titles with a high idf, long bodies: either may lead (seed decides)
    title = _field(rng, _scorer(rng, n, rng.uniform(0.5, 4)), n, rng.uniform(0.05, 0.9), 2)
    body = _field(rng, _scorer(rng, n, rng.uniform(0.5, 4)), n, rng.uniform(0.05, 1.0), 40)
    for fields in ([title, body], [body, title], [title], [body]):
        got = top_of_union(fields, limit)
        assert got == _brute(fields, limit), (seed, limit, len(fields))


def test_union_size_counts_each_article_once() -> None:
    assert union_size([1, 2, 5, 9], [2, 3, 9]) == 5
    assert union_size([2, 3, 9], [1, 2, 5, 9]) == 5
    assert union_size([], [4]) == 1
    assert union_size(array("I", [7]), array("I", [])) == 1


def test_lists_and_arrays_rank_alike() -> None:
    """The prefix files give C arrays, turned into lists: the same ranking either way."""
    rng = random.Random(3)
    scorer = _scorer(rng, 2000, 2.0)
    a = _field(rng, scorer, 2000, 0.4, 3)
    b = _field(rng, _scorer(rng, 2000, 1.0), 2000, 0.9, 30)
    as_lists = [Lazy(f.scorer, f.ids.tolist(), f.weights.tolist(), min(f.column)) for f in (a, b)]
    assert top_of_union(as_lists, 20) == top_of_union([a, b], 20)


def test_the_bound_is_the_best_weight_at_the_shortest_length() -> None:
    rng = random.Random(4)
    scorer = _scorer(rng, 500, 1.5)
    f = _field(rng, scorer, 500, 0.5, 9)
    best = bm25(scorer, max(f.weights), min(scorer.flat_lengths))
    for shortest in (None, min(scorer.flat_lengths)):
        lazy = Lazy(scorer, f.ids, f.weights, shortest)
        assert lazy.bound() == best
        assert max(lazy.scores()) <= best


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("limit", [1, 3, 20])
def test_best_of_a_long_list_equals_a_full_ranking(seed: int, limit: int) -> None:
    """Cut at the N-th score first (the list is over CUT_FROM times the limit), with many
    ties at the cut: the same hits, order and ties to the lower article as sorting all."""
    from index.levels import CUT_FROM, best_of

    rng = random.Random(seed)
    n = limit * CUT_FROM * 3
    ids = sorted(rng.sample(range(n * 4), n))
    scores = [float(rng.choice(range(1, 40))) / 7 for _ in ids]  # few distinct: ties
    ranked = sorted(zip(scores, ids, strict=True), key=lambda h: (-h[0], h[1]))
    assert best_of(ids, scores, limit) == ranked[:limit]
    assert best_of(ids[:limit], scores[:limit], limit) == sorted(
        zip(scores[:limit], ids[:limit], strict=True), key=lambda h: (-h[0], h[1])
    )


@pytest.mark.parametrize("words", [2, 3, 4])
def test_level_sums_are_the_block_scores_added_in_whoosh_order(words: int) -> None:
    from index.levels import level_sums
    from index.scoring import block_scores, tree_sum

    rng = random.Random(words)
    n = 3000
    lengths = bytes(rng.randrange(0, 256) for _ in range(n))
    scorers = [
        SimpleNamespace(idf=rng.uniform(1, 9), B=0.75, K1=1.2, avgfl=31.7, flat_lengths=lengths)
        for _ in range(words)
    ]
    hits = sorted(rng.sample(range(n), 900))
    weights = [[float(rng.randrange(1, 30)) for _ in hits] for _ in range(words)]
    columns = [block_scores(sc, hits, w) for sc, w in zip(scorers, weights, strict=True)]
    expected = [tree_sum(list(row)) for row in zip(*columns, strict=True)]
    assert level_sums(scorers, weights, hits) == expected  # the same floats, not close ones
    other = SimpleNamespace(**{**vars(scorers[0]), "flat_lengths": lengths[::-1]})
    assert level_sums([*scorers[1:], other], weights, hits) is None  # not one shared column
