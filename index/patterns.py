"""Prefix, wildcard and fuzzy queries over in-memory term lists and prefix postings.

Whoosh's ``Prefix``/``Wildcard``/``FuzzyTerm`` walk the term dictionary on disk and
then run a union matcher over every expansion: ``con*`` took 29 s at 100,000 articles.
Here:

- a prefix of 1..``PREFIX_MAX`` characters in ``title``/``body`` reads one posting list
  from the segment's prefix file (:mod:`index.prefixes`), as a one-word query does, and
  so does a ``LONG_PREFIX``-character one of many terms (``comp``);
- longer prefixes, wildcards and fuzzy words are expanded from the segment's sorted term
  list (:mod:`index.terms`) and their postings merged.

Each is scored as one word (BM25F, :class:`index.scoring.VirtualScorer`): an article's
frequency is that of every word it holds that matches, and the document frequency the
number of articles holding any. The matched articles are the same as Whoosh's.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.matching import NullMatcher

from index import bulkscore
from index.analysis import fold
from index.bulkscore import lazy_top, union_top, weights_of
from index.codec import FlatLeafMatcher, live_postings, positions_of
from index.flatpostings import flat_postings, hit_weights, term_weights
from index.forward import Forward, forward_index
from index.levels import Lazy, best_of, level_scores, top_of_union
from index.phrase import (
    FastPhrase,
    ScoredIdsMatcher,
    as_lists,
    forward_hits,
    phrase_scores,
    rarest_first,
    scored_in_bulk,
    word_keys,
    word_scorers,
)
from index.prefixes import LONG_PREFIX, PREFIX_FIELDS, PREFIX_MAX, prefix_postings
from index.scoring import VirtualScorer, block_scores, tree_sum
from index.segcache import segment_cache
from index.termrange import range_arrays
from index.terms import fuzzy_terms, sorted_terms, terms_like, terms_with_prefix

Postings = tuple[list[int], list[float]]  # ascending live article numbers, their weights


def add_postings(m: Any, tf: dict[int, float]) -> None:
    """Add one posting list's weights into ``tf`` (live articles only)."""
    m, deleted = live_postings(m)
    if type(m) is FlatLeafMatcher:
        while m.is_active():
            for doc, w in zip(m.block_ids(), m.block_weights(), strict=True):
                tf[doc] = tf.get(doc, 0.0) + w
            m._next_block()
    else:
        while m.is_active():
            doc = m.id()
            tf[doc] = tf.get(doc, 0.0) + m.weight()
            m.next()
    for doc in deleted:
        tf.pop(doc, None)


def shortest_length(reader: Any, fieldname: str, column: bytes) -> int:
    """The smallest of the segment's length bytes ``column`` of ``fieldname`` (kept
    with the segment: a pass over every article)."""
    cache = segment_cache(reader)
    key = ("shortest", fieldname)
    got = cache.get(key)
    if got is None:
        got = cache[key] = min(column)
    return got


def term_postings(reader: Any, fieldname: str, terms: list[str]) -> Any:
    """The live articles holding any of ``terms`` (sorted) and their summed weights: as
    NumPy arrays when read straight from the segment's files, else as lists."""
    fast = range_arrays(reader, fieldname, terms)
    if fast is not None:
        return fast
    return whoosh_postings(reader, fieldname, terms)


def whoosh_postings(reader: Any, fieldname: str, terms: list[str]) -> Postings:
    """:func:`term_postings` through Whoosh's matchers, one term at a time."""
    tf: dict[int, float] = {}
    for t in terms:
        b = t.encode("utf-8")
        if (fieldname, b) in reader:
            add_postings(reader.postings(fieldname, b), tf)
    ids = sorted(tf)
    return ids, [tf[d] for d in ids]


class _Expanding:
    """What the three pattern queries share: per-segment postings, computed once per
    query object, counted for the total and scored as one word."""

    fieldname: str
    text: str
    boost: float

    def expand(self, reader: Any) -> list[str]:
        raise NotImplementedError

    def arrays(self, reader: Any) -> tuple[Any, Any]:
        """The segment's matching live articles (ascending) and their weights, read once
        per query object: C or NumPy arrays when read as such (the prefix file's, many
        terms' postings read straight from the files), else lists."""
        cache = self.__dict__.setdefault("_segment_arrays", {})
        key = id(reader)
        if key not in cache:
            cache[key] = (reader, self._read(reader))  # the reader kept alive with its id
        return cache[key][1]

    def _postings(self, reader: Any) -> Postings:
        """:meth:`arrays` as lists (made once, when asked for: 80,000 postings take
        ~2 ms, and the bulk paths never ask)."""
        cache = self.__dict__.setdefault("_segment_postings", {})
        key = id(reader)
        if key not in cache:
            ids, weights = self.arrays(reader)
            lists = (
                ids if isinstance(ids, list) else ids.tolist(),
                weights if isinstance(weights, list) else weights.tolist(),
            )
            cache[key] = (reader, lists)
        return cache[key][1]

    def _read(self, reader: Any) -> tuple[Any, Any]:
        return term_postings(reader, self.fieldname, self.expand(reader))

    def segment_ids(self, reader: Any) -> list[int]:
        return self._postings(reader)[0]

    def count(self, reader: Any) -> int:
        """How many live articles of the segment match."""
        return len(self.arrays(reader)[0])

    def estimate_size(self, ixreader: Any) -> int:
        return self.count(ixreader) if hasattr(ixreader, "lexicon") else 0

    def _df(self, searcher: Any) -> int:
        parent = searcher.get_parent()
        return sum(self.count(sub.reader()) for sub, _ in parent.leaf_searchers())

    def scored(self, searcher: Any) -> tuple[list[int], list[float]]:
        """One segment's matching articles (ascending) and their scores."""
        if self.fieldname not in searcher.schema:
            return [], []
        ids, weights = self._postings(searcher.reader())
        if not ids:
            return [], []
        scorer = VirtualScorer(searcher, self.fieldname, self._df(searcher))
        scores = level_scores(scorer, ids, weights) or block_scores(scorer, ids, weights)
        if self.boost != 1.0:
            scores = [s * self.boost for s in scores]
        return ids, scores

    def lazy(self, searcher: Any) -> Lazy | None:
        """One segment's articles and weights, to be scored as far as needed (None: not
        possible here; :meth:`scored` then)."""
        if self.boost != 1.0 or self.fieldname not in searcher.schema:
            return None
        reader = searcher.reader()
        flat = self.arrays(reader)
        many = len(flat[0]) >= bulkscore.BULK_FROM
        # A list this long is ranked by lazy_top from the arrays (the two fields' lists
        # add up to BULK_FROM or more), never by top_of_union, which wants lists.
        ids, weights = flat if many else self._postings(reader)
        scorer = VirtualScorer(searcher, self.fieldname, self._df(searcher) if len(ids) else 0)
        column = getattr(scorer, "flat_lengths", None)
        if column is None:
            return None
        shortest = shortest_length(reader, self.fieldname, column) if column else None
        lazy = Lazy(scorer, ids, weights, shortest)
        lazy.flat = flat  # the same postings, as C or NumPy arrays if read so
        return lazy if not len(ids) or lazy.usable() else None

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        ids, scores = self.scored(searcher)
        return ScoredIdsMatcher(ids, scores) if ids else NullMatcher()


class FastPrefix(_Expanding, wq.Prefix):
    """``field:text*``."""

    def expand(self, reader: Any) -> list[str]:
        return terms_with_prefix(reader, self.fieldname, self.text)

    def _short(self) -> bool:
        return self.fieldname in PREFIX_FIELDS and 0 < len(self.text) <= PREFIX_MAX

    def _read(self, reader: Any) -> Postings:
        stored = None
        if self._short():
            stored = prefix_postings(reader)
        elif self.fieldname in PREFIX_FIELDS and len(self.text) == LONG_PREFIX:
            stored = prefix_postings(reader)  # stored when it expands to many terms
            if stored is not None and not stored.has(self.fieldname, self.text):
                stored = None
        if stored is None:
            return super()._read(reader)
        ids, weights = stored.postings(self.fieldname, self.text)
        if reader.has_deletions():
            kept = [(d, w) for d, w in zip(ids, weights, strict=True) if not reader.is_deleted(d)]
            return [d for d, _ in kept], [w for _, w in kept]
        return ids, weights  # C arrays, no copy (as lists when asked: _postings)


class FastWildcard(_Expanding, wq.Wildcard):
    """``field:c*t?r``."""

    def expand(self, reader: Any) -> list[str]:
        return terms_like(reader, self.fieldname, self.text)


class FastFuzzy(_Expanding, wq.FuzzyTerm):
    """``field:word~N/P``: terms within edit distance N sharing the first P characters."""

    def expand(self, reader: Any) -> list[str]:
        terms = fuzzy_terms(reader, self.fieldname, self.text, self.maxdist, self.prefixlength)
        self.__dict__.setdefault("expansions", set()).update(terms)
        return terms


def pattern_top(
    searcher: Any, q: wq.Query, limit: int
) -> tuple[list[tuple[float, int]], int] | None:
    """Top ``limit`` (score, global article number) and the total of a pattern query or a
    phrase (whole or being typed), or of an OR of them (``con*`` in title and body), without a
    matcher tree; None otherwise.

    Scores add up in the OR's order (as Whoosh's union would); ties go to the lower
    article number."""
    kinds = (_Expanding, FastPhrase)  # a phrase being typed is a FastPhrase too
    if isinstance(q, kinds):
        leaves = [q]
    elif type(q) is wq.Or and q.subqueries and all(isinstance(c, kinds) for c in q.subqueries):
        leaves = list(q.subqueries)
    else:
        return None
    if q.boost != 1.0 and len(leaves) > 1:
        return None
    ranked: list[tuple[float, int]] = []
    total = 0
    for sub, offset in searcher.leaf_searchers():
        lazies = [
            leaf.lazy(sub) if isinstance(leaf, _Expanding) and len(leaves) <= 2 else None
            for leaf in leaves
        ]
        if all(lazies):  # two scores add up the same either way
            got = lazy_top(lazies, limit)  # long lists: NumPy
            best, n = got if got is not None else top_of_union(lazies, limit)  # type: ignore[arg-type]
            total += n
            ranked.extend((sc, d + offset) for sc, d in best)
            continue
        parts = [
            leaf.scored_bulk(sub) if isinstance(leaf, FastPhrase) else leaf.scored(sub)
            for leaf in leaves
        ]
        if any(isinstance(ids, np.ndarray) for ids, _ in parts):
            got = union_top(parts, limit)
            if got is not None:
                best_bulk, n = got
                total += n
                ranked.extend((sc, d + offset) for sc, d in best_bulk)
                continue
            parts = [as_lists(part) for part in parts]
        if len(parts) == 1:
            ids, scores = parts[0]
        elif len(parts) == 2:  # two scores add up the same either way
            small, large = sorted(parts, key=lambda p: len(p[0]))
            ids, scores = large
            if len(small[0]):  # the larger list into a dict in C, the smaller added
                both = dict(zip(*large, strict=True))
                for d, sc in zip(*small, strict=True):
                    both[d] = both[d] + sc if d in both else sc
                ids, scores = list(both), list(both.values())
        else:
            acc: dict[int, list[float]] = {}
            for part_ids, part_scores in parts:
                for d, sc in zip(part_ids, part_scores, strict=True):
                    acc.setdefault(d, []).append(sc)
            ids, scores = list(acc), [tree_sum(v) for v in acc.values()]
        total += len(ids)
        ranked.extend((sc, d + offset) for sc, d in best_of(ids, scores, limit))
    ranked.sort(key=lambda h: (-h[0], h[1]))
    return ranked[:limit], total


def fast_pattern(q: wq.Query) -> wq.Query:
    """Whoosh's prefix / wildcard / fuzzy query as ours (the same articles)."""
    if isinstance(q, _Expanding):
        return q
    if type(q) is wq.Prefix:
        return FastPrefix(q.fieldname, fold(q.text), boost=q.boost)
    if type(q) is wq.Wildcard:
        return FastWildcard(q.fieldname, fold(q.text), boost=q.boost)
    if type(q) is wq.FuzzyTerm:
        return FastFuzzy(
            q.fieldname,
            fold(q.text),
            boost=q.boost,
            maxdist=q.maxdist,
            prefixlength=q.prefixlength,
        )
    return q


class PrefixPhrase(FastPhrase):
    """A phrase whose last word is being typed: ``"opec quo`` matches "OPEC quota".

    The whole words are read as :class:`FastPhrase` reads them (rarest first), the
    candidates are narrowed by the prefix's own posting list, and only then are the
    positions of the words starting with the prefix read, for those candidates only,
    most frequent word first. An article is settled as soon as one of them stands
    where the phrase needs it (a hit), or as soon as every occurrence of the prefix in
    it has been seen (the prefix's posting weight counts them: not a hit); the rare
    words are read only for the articles still open. A hit scores the sum of its
    whole words' scores and the prefix's (as :class:`FastPrefix` scores it).
    """

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        ids, scores = self.scored(searcher, context)
        return ScoredIdsMatcher(ids, scores) if ids else NullMatcher()

    def scored(self, searcher: Any, context: Any = None) -> tuple[list[int], list[float]]:
        """One segment's matching articles (ascending) and their scores."""
        return as_lists(self.scored_bulk(searcher, context))

    def scored_bulk(self, searcher: Any, context: Any = None) -> tuple[Any, Any]:
        """:meth:`scored`, as NumPy arrays when the hits are many, else as lists."""
        fieldname = self.fieldname
        if fieldname not in searcher.schema or len(self.words) < 2:
            return [], []
        reader = searcher.reader()
        *whole, prefix = self.words
        tail = FastPrefix(fieldname, prefix)
        if not tail.count(reader):
            return [], []
        fwd = forward_index(reader)
        if fwd is not None and fwd.has(fieldname):
            hits = _scanned(reader, fwd, fieldname, whole, prefix)
            if not hits:
                return [], []
            scorers = self._scorers(searcher, context, tail)
            flats = [lambda w=w: flat_postings(reader, fieldname, w.encode("utf-8")) for w in whole]
            flats.append(lambda: tail.arrays(reader))
            bulk = scored_in_bulk(scorers, flats, hits)
            if bulk is not None:
                ids, scores = bulk
                return ids, (scores * self.boost if self.boost != 1.0 else scores)
            weights = [term_weights(reader, fieldname, w.encode("utf-8"), hits) for w in whole]
        else:
            tail_ids, tail_weights = tail._postings(reader)
            hits, word_postings = self._read(
                reader, fieldname, whole, prefix, tail_ids, tail_weights
            )
            weights = [[p[d][0] for d in hits] for p in word_postings]
        if not hits:
            return [], []
        weights.append(_hit_weights(tail.arrays(reader), hits))
        scores = phrase_scores(self._scorers(searcher, context, tail), weights, hits)
        if self.boost != 1.0:
            scores = [sc * self.boost for sc in scores]
        return hits, scores

    def _scorers(self, searcher: Any, context: Any, tail: FastPrefix) -> list[Any]:
        """The whole words' scorers (each in the field: the phrase has hits), the tail's."""
        scorers = word_scorers(searcher, context, self.fieldname, self.words[:-1])
        scorers.append(VirtualScorer(searcher, self.fieldname, tail._df(searcher)))
        return scorers

    def _read(
        self,
        reader: Any,
        fieldname: str,
        whole: list,
        prefix: str,
        tail_ids: Any,
        tail_weights: Any,
    ) -> tuple[list[int], list[dict]]:
        """The hits from positions (a segment without a forward file)."""
        field = reader.schema[fieldname]
        keys = word_keys(reader, field, fieldname, whole)
        if keys is None:
            return [], []
        _, postings, wanted = rarest_first(reader, fieldname, keys, set(tail_ids))
        if not wanted:
            return [], []
        tail_weight = dict(zip(tail_ids, tail_weights, strict=True))
        word_postings = [postings[key] for key in keys]
        ends = _phrase_ends(wanted, word_postings)
        hits = _confirmed(reader, fieldname, prefix, ends, tail_weight)
        hits.sort()
        return hits, word_postings


def _hit_weights(flat: tuple[Any, Any], hits: list[int]) -> list[float]:
    """:func:`index.flatpostings.hit_weights` of lists, C arrays or NumPy arrays."""
    if isinstance(flat[0], np.ndarray):
        return weights_of(flat, np.asarray(hits, dtype=np.int64)).tolist()
    return hit_weights(flat, hits)


def _scanned(reader: Any, fwd: Forward, fieldname: str, whole: list, prefix: str) -> list[int]:
    """The live articles where the whole words stand in a row followed by a word starting
    with ``prefix``, from the segment's forward file."""
    terms = sorted_terms(reader, fieldname)
    lo = bisect_left(terms, prefix)
    hi = bisect_left(terms, prefix[:-1] + chr(ord(prefix[-1]) + 1), lo)
    return forward_hits(reader, fwd, fieldname, whole, lo, hi)


def _phrase_ends(wanted: set[int], word_postings: list[dict]) -> dict[int, set[int]]:
    """Per candidate, where the word after the whole words would stand."""
    n = len(word_postings)
    ends: dict[int, set[int]] = {}
    first = word_postings[0]
    for d in wanted:
        starts = positions_of(first[d][1]).tolist()
        for k in range(1, n):
            present = positions_of(word_postings[k][d][1])
            starts = [p for p in starts if p + k in present]
            if not starts:
                break
        else:
            ends[d] = {p + n for p in starts}
    return ends


def _confirmed(
    reader: Any, fieldname: str, prefix: str, ends: dict[int, set[int]], tail_weight: dict
) -> list[int]:
    """The candidates where a word starting with ``prefix`` stands at one of ``ends``."""
    left = {d: tail_weight[d] for d in ends}  # occurrences of the prefix not yet seen
    expansion = terms_with_prefix(reader, fieldname, prefix)
    expansion.sort(key=lambda t: -reader.doc_frequency(fieldname, t.encode("utf-8")))
    hits = []
    order = sorted(left)
    for term in expansion:
        if not left:
            break
        if len(left) * 2 < len(order):
            order = sorted(left)
        m, deleted = live_postings(reader.postings(fieldname, term.encode("utf-8")))
        for d, w, value in _open_postings(m, order, left):
            if d in deleted:
                continue
            need = ends[d]
            if any(p in need for p in positions_of(value)):
                hits.append(d)
                del left[d]
            else:
                rest = left[d] - w
                if rest < 0.5:  # every occurrence seen: not a hit
                    del left[d]
                else:
                    left[d] = rest
    return hits


def _open_postings(m: Any, order: list[int], left: dict) -> Any:
    """(article, weight, value) of the postings of ``m`` whose article is in ``left``;
    blocks holding none of ``order`` (a sorted superset) are not decoded."""
    if type(m) is not FlatLeafMatcher:
        while m.is_active():
            d = m.id()
            if d in left:
                yield d, m.weight(), m.value()
            m.next()
        return
    seen = 0
    while m.is_active():
        upto = bisect_right(order, m.block_max_id(), seen)
        if upto > seen:
            seen = upto
            ids = m.block_ids()
            weights = None
            for i, d in enumerate(ids):
                if d in left:
                    if weights is None:
                        weights = m.block_weights()
                    yield d, weights[i], m.block_value(i)
        m._next_block()
