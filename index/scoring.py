"""BM25F with field lengths read from memory instead of one file seek per scored posting.

Whoosh's BM25F scorer asks the segment for a document's field length on every posting
it scores: a column look-up that seeks and reads one byte (a quarter of the time of
ranking ``the`` over 15,000 articles). A segment's length column is one byte per
article (100 KB at 100,000 articles), so :class:`CachedLengthsBM25F` reads it once per
segment reader and field and decodes bytes through a 256-entry table. The scores are
Whoosh's, to the last bit (same formula, same length decoding).
"""

from __future__ import annotations

import weakref
from math import log
from typing import Any

from whoosh import scoring
from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.util.numeric import byte_to_length

_LENGTHS = tuple(byte_to_length(b) for b in range(256))
# What Whoosh's look-up gives for a length byte: byte 0 (no length) reads as 1.
LENGTH_OF_BYTE = (1, *_LENGTHS[1:])


class CachedLengthsBM25F(scoring.BM25F):
    """``scoring.BM25F`` whose scorers read field lengths from an in-memory copy."""

    def __init__(self, B: float = 0.75, K1: float = 1.2, **kwargs: Any) -> None:
        super().__init__(B=B, K1=K1, **kwargs)
        self._columns: weakref.WeakKeyDictionary[Any, dict[str, bytes | None]] = (
            weakref.WeakKeyDictionary()
        )

    def scorer(self, searcher: Any, fieldname: str, text: Any, qf: int = 1) -> Any:
        scorer = super().scorer(searcher, fieldname, text, qf=qf)
        if isinstance(scorer, scoring.BM25FScorer):
            column = self._length_bytes(searcher.reader(), fieldname)
            if column is not None:
                scorer.dfl = _length_lookup(column)
                scorer.flat_lengths = column  # for scoring a block at a time
        return scorer

    def _length_bytes(self, reader: Any, fieldname: str) -> bytes | None:
        """The segment's length bytes for ``fieldname`` (None: not a plain segment)."""
        try:
            per_field = self._columns.setdefault(reader, {})
        except TypeError:  # not weak-referenceable
            return None
        if fieldname not in per_field:
            per_field[fieldname] = _read_lengths(reader, fieldname)
        return per_field[fieldname]


def _read_lengths(reader: Any, fieldname: str) -> bytes | None:
    perdoc = getattr(reader, "_perdoc", None)
    cached = getattr(perdoc, "_cached_reader", None)
    if cached is None:
        return None
    column = cached(f"_{fieldname}_len", LENGTHS_COLUMN)
    if column is None or getattr(column, "_fixedlen", None) != 1:
        return None
    return column._dbfile.get(column._basepos, column._count)


def _length_lookup(column: bytes) -> Any:
    size = len(column)

    def dfl(docnum: int) -> int:
        # Articles past the column's end have the column's default, 0, which
        # Whoosh's own look-up turns into the scorer's default of 1.
        return LENGTH_OF_BYTE[column[docnum]] if docnum < size else 1

    return dfl


def block_scores(scorer: Any, ids: list[int], weights: Any) -> list[float]:
    """BM25F scores of a block of postings: ``scorer._score(w, scorer.dfl(d))`` each,
    computed in one comprehension when the scorer is ours (the same expression as
    ``whoosh.scoring.bm25``, so the same floats)."""
    column = getattr(scorer, "flat_lengths", None)
    if column is None or not ids or ids[-1] >= len(column):
        return [scorer._score(w, scorer.dfl(d)) for d, w in zip(ids, weights, strict=True)]
    idf, B, K1, avgfl = scorer.idf, scorer.B, scorer.K1, scorer.avgfl
    table = LENGTH_OF_BYTE
    return [
        idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * table[column[d]] / avgfl)))
        for d, tf in zip(ids, weights, strict=True)
    ]


def tree_sum(values: list[float]) -> float:
    """A sum in the order Whoosh adds its children's scores (a balanced binary tree of
    union or intersection matchers), so that the floats come out the same."""
    if len(values) == 1:
        return values[0]
    mid = len(values) // 2
    return tree_sum(values[:mid]) + tree_sum(values[mid:])


class VirtualScorer:
    """BM25F for a "term" that is not one: a prefix, a wildcard, a fuzzy word, scored as
    one word whose frequency in an article is that of all its expansions together
    (``df`` articles hold it). Field lengths, B, K1 and the average are the field's own."""

    def __init__(self, searcher: Any, fieldname: str, df: int) -> None:
        parent = searcher.get_parent()
        weighting = searcher.weighting
        articles = parent.doc_count_all()  # 0: an empty index (its first update running)
        self.idf = log(articles / (df + 1)) + 1 if articles else 1.0
        self.avgfl = parent.avg_field_length(fieldname) or 1
        self.B = getattr(weighting, "_field_B", {}).get(fieldname, getattr(weighting, "B", 0.75))
        self.K1 = getattr(weighting, "K1", 1.2)
        reader = searcher.reader()
        column = None
        if isinstance(weighting, CachedLengthsBM25F):
            column = weighting._length_bytes(reader, fieldname)
        if column is not None:
            self.flat_lengths = column
            self.dfl = _length_lookup(column)
        else:
            self.dfl = lambda docnum: reader.doc_field_length(docnum, fieldname, 1)

    def _score(self, weight: float, length: int) -> float:
        return scoring.bm25(self.idf, weight, length, self.avgfl, self.B, self.K1)
