"""Top hits and exact total of an AND of words and patterns, intersected on arrays.

``oil c`` (typed with prefix matching on) is ``(title:oil OR body:oil) AND (title:c* OR
body:c*)``. Whoosh answers it with a tree of intersection and union matchers, a few
Python calls per posting of every list, the prefix's lists included (thousands of
articles for one letter): 50 ms at 19,043 articles. Here, per segment, the group with
the fewest articles is read in full and scored; each other group is then looked up for
those candidates only: a word's posting blocks that hold no candidate are not decoded,
a prefix's (or wildcard's, or fuzzy word's) merged list is bisected. Only the articles
left at the end are scored in full.

Scores are Whoosh's: each word scored by its own BM25F scorer, each pattern as one word
(:class:`index.scoring.VirtualScorer`, as :mod:`index.patterns` scores it), a group's
two fields added, then the groups added in the shape of Whoosh's intersection tree
(``make_weighted_tree`` by estimated size); ties go to the lower article number.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from heapq import nsmallest
from typing import Any

from whoosh import query as wq

from index.codec import FlatLeafMatcher, live_postings
from index.patterns import _Expanding
from index.scoring import VirtualScorer, block_scores

Ranked = list[tuple[float, int]]  # (score, global document number), best first
Tree = int | tuple[Any, Any]  # a group's index, or two subtrees added


def and_groups(q: wq.Query) -> list[list[wq.Query]] | None:
    """The groups of an unboosted AND whose every part is a word or a pattern, alone or
    ORed over two fields (``oil``, ``c*``, ``title:oil``); None for any other shape."""
    if type(q) is not wq.And or q.boost != 1.0 or len(q.subqueries) < 2:
        return None
    groups = []
    for sub in q.subqueries:
        if _leaf_ok(sub):
            groups.append([sub])
        elif (
            type(sub) is wq.Or
            and sub.boost == 1.0
            and 1 <= len(sub.subqueries) <= 2  # two values add up the same either way
            and all(_leaf_ok(c) for c in sub.subqueries)
        ):
            groups.append(list(sub.subqueries))
        else:
            return None
    return groups


def _leaf_ok(q: wq.Query) -> bool:
    return (type(q) is wq.Term and q.boost == 1.0) or isinstance(q, _Expanding)


def and_top(searcher: Any, q: wq.Query, limit: int) -> tuple[Ranked, int] | None:
    """The best ``limit`` articles of an AND (see :func:`and_groups`) and how many match;
    None when the query has another shape or the index is not ours."""
    groups = and_groups(q)
    if groups is None:
        return None
    ranked: Ranked = []
    total = 0
    for sub, offset in searcher.leaf_searchers():
        got = _segment(sub, groups, searcher.weighting)
        if got is None:
            return None
        docs, scores = got
        total += len(docs)
        best = nsmallest(limit, zip(scores, docs, strict=True), key=lambda h: (-h[0], h[1]))
        ranked.extend((score, doc + offset) for score, doc in best)
    ranked.sort(key=lambda h: (-h[0], h[1]))
    return ranked[:limit], total


class _Leaf:
    """One word or pattern in one field of one segment."""

    estimate: int

    def full(self) -> dict[int, float]:
        raise NotImplementedError

    def lookup(self, wanted: list[int]) -> dict[int, float]:
        """Scores of the articles of ``wanted`` (ascending) that this leaf holds."""
        raise NotImplementedError


class _Word(_Leaf):
    def __init__(self, sub: Any, fieldname: str, btext: bytes, scorer: Any) -> None:
        reader = sub.reader()
        self.estimate = reader.doc_frequency(fieldname, btext)
        self.matcher, self.deleted = live_postings(reader.postings(fieldname, btext))
        self.scorer = scorer

    def _blocks(self, wanted: list[int] | None) -> dict[int, float]:
        m, scorer, deleted = self.matcher, self.scorer, self.deleted
        out: dict[int, float] = {}
        if type(m) is not FlatLeafMatcher:
            while m.is_active():
                doc = m.id()
                if doc not in deleted:
                    out[doc] = scorer._score(m.weight(), scorer.dfl(doc))
                m.next()
            return out if wanted is None else {d: out[d] for d in wanted if d in out}
        seen = 0
        while m.is_active():
            if wanted is not None:
                upto = bisect_right(wanted, m.block_max_id(), seen)
                if upto == seen:  # no candidate in this block: not decoded
                    m._next_block()
                    continue
                ids = m.block_ids()
                weights = m.block_weights()
                at = {d: i for i, d in enumerate(ids)}
                pick = [(d, weights[at[d]]) for d in wanted[seen:upto] if d in at]
                seen = upto
                if pick:
                    docs = [d for d, _ in pick]
                    out.update(
                        zip(docs, block_scores(scorer, docs, [w for _, w in pick]), strict=True)
                    )
            else:
                ids = m.block_ids()
                out.update(zip(ids, block_scores(scorer, ids, m.block_weights()), strict=True))
            m._next_block()
        for doc in deleted & out.keys():
            del out[doc]
        return out

    def full(self) -> dict[int, float]:
        return self._blocks(None)

    def lookup(self, wanted: list[int]) -> dict[int, float]:
        return self._blocks(wanted)


class _Pattern(_Leaf):
    def __init__(self, sub: Any, q: _Expanding) -> None:
        self.sub, self.q = sub, q
        self.ids, self.weights = q._postings(sub.reader())
        self.estimate = len(self.ids)

    def full(self) -> dict[int, float]:
        ids, scores = self.q.scored(self.sub)
        return dict(zip(ids, scores, strict=True))

    def lookup(self, wanted: list[int]) -> dict[int, float]:
        ids, weights = self.ids, self.weights
        if not ids or not wanted:
            return {}
        n = len(ids)
        if len(wanted) * 4 < n:  # few candidates: bisect for each, left to right
            pick = []
            i = 0
            for d in wanted:
                i = bisect_left(ids, d, i)
                if i == n:
                    break
                if ids[i] == d:
                    pick.append((d, weights[i]))
        else:
            tf = dict(zip(ids, weights, strict=True))
            pick = [(d, tf[d]) for d in wanted if d in tf]
        if not pick:
            return {}
        q = self.q
        scorer = VirtualScorer(self.sub, q.fieldname, q._df(self.sub))
        docs = [d for d, _ in pick]
        scores = block_scores(scorer, docs, [w for _, w in pick])
        if q.boost != 1.0:
            scores = [s * q.boost for s in scores]
        return dict(zip(docs, scores, strict=True))


def _leaf(sub: Any, q: wq.Query, weighting: Any) -> _Leaf | bool | None:
    """The leaf's reader in this segment; False when it matches nothing here, None when
    the index is not ours."""
    if isinstance(q, _Expanding):
        return _Pattern(sub, q) if q.fieldname in sub.schema else False
    schema = sub.schema
    if q.fieldname not in schema:
        return False
    try:
        btext = schema[q.fieldname].to_bytes(q.text)
    except ValueError:
        return False
    if (q.fieldname, btext) not in sub.reader():
        return False
    scorer = weighting.scorer(sub, q.fieldname, q.text)
    if not (hasattr(scorer, "_score") and hasattr(scorer, "dfl")):
        return None
    return _Word(sub, q.fieldname, btext, scorer)


def _segment(
    sub: Any, groups: list[list[wq.Query]], weighting: Any
) -> tuple[list[int], list[float]] | None:
    """The segment's matching articles and their scores (unordered)."""
    leaves: list[list[_Leaf]] = []
    for group in groups:
        present = []
        for q in group:
            leaf = _leaf(sub, q, weighting)
            if leaf is None:
                return None
            if leaf is not False:
                present.append(leaf)
        leaves.append(present)  # type: ignore[arg-type]
    if not all(leaves):
        return [], []
    sizes = [sum(leaf.estimate for leaf in group) for group in leaves]
    order = sorted(range(len(leaves)), key=lambda g: sizes[g])
    # per group, per article: the group's score (its one or two fields added)
    scored: list[dict[int, float]] = [{} for _ in leaves]
    wanted: list[int] | None = None
    for g in order:
        parts = [leaf.full() if wanted is None else leaf.lookup(wanted) for leaf in leaves[g]]
        merged = parts[0]
        if len(parts) == 2:
            merged = dict(merged)
            for d, s in parts[1].items():
                merged[d] = merged[d] + s if d in merged else s
        scored[g] = merged
        wanted = sorted(merged) if wanted is None else [d for d in wanted if d in merged]
        if not wanted:
            return [], []
    docs = wanted or []
    if len(scored) == 2:  # two values add up the same either way
        first, second = scored
        return docs, [first[d] + second[d] for d in docs]
    tree = _weighted_tree([-s for s in sizes])
    return docs, [_add(tree, scored, d) for d in docs]


def _weighted_tree(weights: list[int]) -> Tree:
    """The shape of ``whoosh.util.make_weighted_tree`` over the groups: the two lightest
    (here: the largest, weights being minus the sizes) joined first."""
    items: list[tuple[int, Tree]] = sorted(
        ((w, g) for g, w in enumerate(weights)), key=lambda x: x[0]
    )
    while len(items) > 1:
        (wa, a), (wb, b) = items[0], items[1]
        del items[:2]
        w = wa + wb
        at = bisect_right([x[0] for x in items], w)
        items.insert(at, (w, (a, b)))
    return items[0][1]


def _add(tree: Tree, scored: list[dict[int, float]], doc: int) -> float:
    if isinstance(tree, int):
        return scored[tree][doc]
    return _add(tree[0], scored, doc) + _add(tree[1], scored, doc)
