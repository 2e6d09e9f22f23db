"""Exact phrase matching over whole posting lists, with set operations instead of spans.

Whoosh's ``Phrase`` walks an intersection of the words' matchers one article at a
time and builds a ``Span`` object for every position of every word of every candidate.
:class:`FastPhrase` answers the same query per segment in bulk: the words' posting
lists are read a block at a time, rarest word first, keeping only the articles every
word so far occurs in (blocks holding none of them are not even decoded); then each
remaining article's positions (C arrays, see :class:`index.codec.FlatPositions`) are
checked with set look-ups. Hits get Whoosh's own score for a phrase: the sum of its
words' scores, added up in the same order. At 100,000 articles ``"sales of"`` went
from 190 ms (Whoosh's ``Phrase``) to a fraction of it.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from operator import add
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.matching import Matcher, NullMatcher, ReadTooFar

from index import bulkscore
from index.codec import FlatLeafMatcher, FlatPositions, live_postings, positions_of
from index.flatpostings import flat_postings, term_weights, weights_in
from index.forward import Forward, forward_index
from index.levels import level_scores, level_sums
from index.nextwords import VERIFY_SHARE, next_words
from index.scoring import block_scores
from index.terms import sorted_terms

Posting = tuple[float, Any]  # weight, encoded value


class ScoredIdsMatcher(Matcher):
    """A finished list of (article, score), presented as a Whoosh matcher."""

    def __init__(self, ids: list[int], scores: list[float], i: int = 0) -> None:
        self._ids = ids
        self._scores = scores
        self._i = i
        self._max = max(scores, default=0.0)

    def is_active(self) -> bool:
        return self._i < len(self._ids)

    def reset(self) -> None:
        self._i = 0

    def id(self) -> int:
        return self._ids[self._i]

    def next(self) -> bool:
        if not self.is_active():
            raise ReadTooFar
        self._i += 1
        return False

    def skip_to(self, id: int) -> bool:
        if not self.is_active():
            raise ReadTooFar
        self._i = bisect_left(self._ids, id, self._i)
        return False

    def all_ids(self) -> Iterator[int]:
        return iter(self._ids[self._i :])

    def copy(self) -> ScoredIdsMatcher:
        return ScoredIdsMatcher(self._ids, self._scores, self._i)

    def supports(self, astype: str) -> bool:
        return False

    def supports_block_quality(self) -> bool:
        return True  # the whole list is one block, its quality its best score

    def max_quality(self) -> float:
        return self._max

    def block_quality(self) -> float:
        return self._max

    def skip_to_quality(self, minquality: float) -> int:
        if self._max <= minquality:
            self._i = len(self._ids)
            return 1
        return 0

    def replace(self, minquality: float = 0) -> Matcher:
        return self if self.is_active() else NullMatcher()

    def weight(self) -> float:
        return self._scores[self._i]

    def score(self) -> float:
        return self._scores[self._i]

    def value(self) -> bytes:
        return b""


def read_postings(m: Any, wanted: set[int] | None) -> dict[int, Posting]:
    """Weight and value of each live posting of ``m`` whose article is in ``wanted``
    (every posting when ``wanted`` is None)."""
    m, deleted = live_postings(m)
    out: dict[int, Posting] = {}
    if type(m) is FlatLeafMatcher:
        order = sorted(wanted) if wanted is not None else None
        seen = 0  # wanted ids already below the previous block's end
        while m.is_active():
            if order is not None:
                upto = bisect_right(order, m.block_max_id())
                if upto == seen:  # none of the wanted articles is in this block
                    m._next_block()
                    continue
                seen = upto
            ids = m.block_ids()
            at = (
                range(len(ids)) if wanted is None else [i for i, d in enumerate(ids) if d in wanted]
            )
            if at:
                weights = m.block_weights()
                for i in at:
                    out[ids[i]] = (weights[i], m.block_value(i))
            m._next_block()
    else:  # a one-posting list kept in the terms file, or another codec's matcher
        while m.is_active():
            doc = m.id()
            if wanted is None or doc in wanted:
                out[doc] = (m.weight(), m.value())
            m.next()
    for doc in deleted & out.keys():
        del out[doc]
    return out


class FastPhrase(wq.Phrase):
    """``wq.Phrase`` with slop 1 (made by :func:`fast_phrase`), matched in bulk."""

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        ids, scores = self.scored(searcher, context)
        return ScoredIdsMatcher(ids, scores) if ids else NullMatcher()

    def scored(self, searcher: Any, context: Any = None) -> tuple[list[int], list[float]]:
        """One segment's matching articles (ascending) and their scores."""
        return as_lists(self.scored_bulk(searcher, context))

    def scored_bulk(self, searcher: Any, context: Any = None) -> tuple[Any, Any]:
        """:meth:`scored`, as NumPy arrays when the hits are many
        (:mod:`index.bulkscore`), else as lists."""
        fieldname = self.fieldname
        if fieldname not in searcher.schema:
            return [], []
        field = searcher.schema[fieldname]
        reader = searcher.reader()
        keys = word_keys(reader, field, fieldname, self.words)
        if keys is None:
            return [], []
        ids, scores = self._evaluate(searcher, context, field, keys)
        if self.boost != 1.0:
            scores = (
                scores * self.boost
                if isinstance(scores, np.ndarray)
                else [s * self.boost for s in scores]
            )
        return ids, scores

    def _evaluate(
        self, searcher: Any, context: Any, field: Any, keys: list[bytes]
    ) -> tuple[Any, Any]:
        reader = searcher.reader()
        fieldname = self.fieldname
        commonest = max(reader.doc_frequency(fieldname, k) for k in keys)
        # A common word among them: reading its positions for each candidate costs more
        # than finding the phrase in the forward and next-word files.
        fwd = forward_index(reader) if commonest * SCAN_SHARE > reader.doc_count_all() else None
        if fwd is not None and fwd.has(fieldname):
            *whole, last = (k.decode("utf-8") for k in keys)
            number = term_number(reader, fieldname, last)
            hits = forward_hits(reader, fwd, fieldname, whole, number, number + 1)
            scorers = word_scorers(searcher, context, fieldname, self.words)
            flats = [lambda k=k: flat_postings(reader, fieldname, k) for k in keys]
            bulk = scored_in_bulk(scorers, flats, hits)
            if bulk is not None:
                return bulk
            weights = [term_weights(reader, fieldname, k, hits) for k in keys]
            return hits, phrase_scores(scorers, weights, hits)
        else:
            order, postings, wanted = rarest_first(reader, fieldname, keys)
            if not wanted:
                return [], []
            word_postings = [postings[key] for key in keys]
            hits = _phrase_hits(wanted, word_postings, order[0], field.format)
            weights = [[p[d][0] for d in hits] for p in word_postings]
        scorers = word_scorers(searcher, context, fieldname, self.words)
        return hits, phrase_scores(scorers, weights, hits)


def scored_in_bulk(
    scorers: list[Any], flats: list[Any], hits: list[int]
) -> tuple[np.ndarray, np.ndarray] | None:
    """The hits and their scores as NumPy arrays (:mod:`index.bulkscore`) when they are
    many and the scorers allow it (``flats``: per word, a function giving its posting
    list as ascending ids and weights); None otherwise."""
    if len(hits) < bulkscore.BULK_FROM:
        return None
    ids = np.asarray(hits, dtype=np.int64)
    column = bulkscore.shared_column(scorers, ids)
    if column is None:
        return None
    weights = [bulkscore.weights_of(flat(), ids) for flat in flats]
    return ids, bulkscore.phrase_scores(scorers, weights, ids, column)


def as_lists(part: tuple[Any, Any]) -> tuple[list[int], list[float]]:
    """(ids, scores) as lists (from NumPy arrays, or as they are)."""
    ids, scores = part
    if isinstance(ids, np.ndarray):
        return ids.tolist(), scores.tolist()
    return ids, scores


def word_scorers(searcher: Any, context: Any, fieldname: str, words: Any) -> list[Any]:
    """Each word's scorer, as its own term matcher would have it."""
    weighting = getattr(context, "weighting", None) or searcher.weighting
    return [weighting.scorer(searcher, fieldname, word) for word in words]


def phrase_scores(scorers: list[Any], weights: list[list[float]], hits: list[int]) -> list[float]:
    """Each hit's score: the sum of its words' scores (``weights``: each word's weight in
    each hit) in the order Whoosh adds them, one computation per distinct row of weights
    and length when the field's lengths are in memory (C loops; the same floats)."""
    scores = level_sums(scorers, weights, hits)
    if scores is not None:
        return scores
    return add_up([hit_scores(sc, hits, w) for sc, w in zip(scorers, weights, strict=True)])


def hit_scores(scorer: Any, hits: list[int], weights: list[float]) -> list[float]:
    """One word's BM25F in each hit: one computation per distinct (weight, length) when
    the field's lengths are in memory, else one per hit; a scorer without lengths gives
    the weight itself."""
    if not (hasattr(scorer, "_score") and hasattr(scorer, "dfl")):
        return list(weights)
    scores = level_scores(scorer, hits, weights)
    return scores if scores is not None else block_scores(scorer, hits, weights)


def add_up(columns: list[list[float]]) -> list[float]:
    """Each hit's scores added in the order of Whoosh's tree (:func:`tree_sum`: halves
    first), a column at a time in C loops."""
    if len(columns) == 1:
        return list(columns[0])
    mid = len(columns) // 2
    return list(map(add, add_up(columns[:mid]), add_up(columns[mid:])))


SCAN_SHARE = 20  # scan the forward file when every word is in over 1/20 of the articles


def term_number(reader: Any, fieldname: str, word: str) -> int:
    """The word's place in the segment's sorted terms (-1: not there)."""
    terms = sorted_terms(reader, fieldname)
    i = bisect_left(terms, word)
    return i if i < len(terms) and terms[i] == word else -1


def forward_hits(
    reader: Any, fwd: Forward, fieldname: str, whole: list[str], lo: int, hi: int
) -> list[int]:
    """The live articles where the ``whole`` words stand in a row followed by a word
    numbered ``lo`` to ``hi - 1``: candidates from the segment's next-word file
    (:mod:`index.nextwords`) or from the rarest whole word's articles, each checked in
    its own span of the forward file; when they are too many, one scan of the file."""
    numbers = [term_number(reader, fieldname, w) for w in whole]
    if -1 in numbers or lo < 0:
        return []
    hits = _paired(reader, fwd, fieldname, whole, numbers, lo, hi)
    if hits is None and (rare := _rarest_articles(reader, fieldname, whole)) is not None:
        hits = fwd.check_docs(fieldname, numbers, lo, hi, rare)
    if hits is None:
        hits = fwd.phrase_docs(fieldname, numbers, lo, hi)
    if reader.has_deletions():
        hits = [d for d in hits if not reader.is_deleted(d)]
    return hits


def _paired(
    reader: Any,
    fwd: Forward,
    fieldname: str,
    whole: list[str],
    numbers: list[int],
    lo: int,
    hi: int,
) -> list[int] | None:
    """The hits among the next-word file's candidates: sure where every pair of the
    phrase was looked up and each inner word occurs once in the article (it stands
    after the word before it and before the word after it), else checked in the
    article's span of the forward file; None when the file cannot narrow the phrase
    (no pair starts with a lead word) or the scan is the cheaper way."""
    nxt = next_words(reader)
    got = nxt.candidate_array(fieldname, numbers, lo, hi) if nxt and nxt.has(fieldname) else None
    if got is None:
        return None
    found, every = got
    if not len(found) or (len(numbers) == 1 and every):
        return found.tolist()
    unsure = found
    if every:  # each inner word's weight in each candidate: one look-up in NumPy
        once = array("f", [reader.schema[fieldname].format.field_boost])[0]
        sure = np.ones(len(found), dtype=bool)
        for word in whole[1:]:
            sure &= weights_in(reader, fieldname, word.encode("utf-8"), found) == once
        unsure = found[~sure]
        if not len(unsure):
            return found.tolist()
    else:  # a pair not looked up: an article lacking the rarest word cannot hold it
        unsure = _holding_rarest(reader, fieldname, whole, found)
    if len(unsure) * VERIFY_SHARE > reader.doc_count_all():
        return None
    checked = fwd.check_docs(fieldname, numbers, lo, hi, unsure.tolist())
    if not every:
        return checked
    return np.union1d(found[sure], np.asarray(checked, dtype=np.int64)).tolist()


def _holding_rarest(reader: Any, fieldname: str, whole: list[str], found: np.ndarray) -> Any:
    """Those of ``found`` holding the rarest of the ``whole`` words, when it is in fewer
    articles than ``found`` has (``"computer and c``: 18,394 candidates of "and c*",
    3,597 articles with "computer": five times fewer to check); else ``found``."""
    keys = [w.encode("utf-8") for w in whole]
    rarest = min(keys, key=lambda k: reader.doc_frequency(fieldname, k))
    if reader.doc_frequency(fieldname, rarest) >= len(found):
        return found
    ids = np.frombuffer(flat_postings(reader, fieldname, rarest)[0], dtype=np.uint32)
    return found[np.isin(found, ids, assume_unique=True)]


def _rarest_articles(reader: Any, fieldname: str, whole: list[str]) -> list[int] | None:
    """The articles of the rarest whole word (deleted ones too), when fewer than
    1/VERIFY_SHARE of all (checking each then costs less than the scan); else None."""
    keys = [w.encode("utf-8") for w in whole]
    if not keys:
        return None
    rarest = min(keys, key=lambda k: reader.doc_frequency(fieldname, k))
    if reader.doc_frequency(fieldname, rarest) * VERIFY_SHARE > reader.doc_count_all():
        return None
    return flat_postings(reader, fieldname, rarest)[0].tolist()


def word_keys(reader: Any, field: Any, fieldname: str, words: Any) -> list[bytes] | None:
    """Each word's term in ``fieldname``; None when one is not indexed (nothing matches)."""
    keys = []
    for word in words:
        try:
            btext = field.to_bytes(word)
        except ValueError:
            return None
        if (fieldname, btext) not in reader:
            return None
        keys.append(btext)
    return keys


def rarest_first(
    reader: Any, fieldname: str, keys: list[bytes], within: set[int] | None = None
) -> tuple[list[int], dict[bytes, dict[int, Posting]], set[int]]:
    """The words' order, rarest first (it bounds the candidates the others are read for),
    each word's postings read for those candidates only (and for articles ``within``,
    when given), and the articles holding every word (empty: none; reading stops
    there)."""
    order = sorted(range(len(keys)), key=lambda k: reader.doc_frequency(fieldname, keys[k]))
    postings: dict[bytes, dict[int, Posting]] = {}
    wanted: set[int] | None = within
    for k in order:
        key = keys[k]
        if key not in postings:
            postings[key] = read_postings(reader.postings(fieldname, key), wanted)
        got = postings[key]
        wanted = set(got) if wanted is None else wanted & got.keys()
        if not wanted:
            return order, postings, set()
    return order, postings, wanted or set()


def _phrase_hits(
    candidates: set[int], word_postings: list[dict[int, Posting]], anchor: int, fmt: Any
) -> list[int]:
    """The candidates where word ``k`` occurs at ``s + k`` for some start ``s``.

    ``anchor`` is the rarest word: its few positions are the starts tried; the other
    words' positions are C arrays searched in place (no set built per article).
    """
    decode = positions_of if isinstance(fmt, FlatPositions) else fmt.decode_positions
    anchor_postings = word_postings[anchor]
    others = [(k - anchor, p) for k, p in enumerate(word_postings) if k != anchor]
    hits = []
    for d in candidates:
        starts = decode(anchor_postings[d][1])
        for delta, postings in others:
            present = decode(postings[d][1])
            starts = [p for p in starts if p + delta in present]
            if not starts:
                break
        else:
            hits.append(d)
    hits.sort()
    return hits


def fast_phrase(q: wq.Phrase) -> wq.Phrase:
    """The same phrase, matched by :class:`FastPhrase` when its slop allows."""
    if q.slop != 1 or isinstance(q, FastPhrase):
        return q
    return FastPhrase(q.fieldname, q.words, slop=1, boost=q.boost, char_ranges=q.char_ranges)
