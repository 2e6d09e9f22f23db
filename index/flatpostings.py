"""A word's whole posting list as two C arrays, and the weights of a phrase's hits in it.

A phrase of common words (``"inc said it"``: 8,041 hits among 100,000 articles) needs
each hit's weight for every word to score it, and its hits are spread over nearly every
block of each word's posting list: reading those blocks into a dict per word took 40 ms
of the phrase's 67 ms. Here a list is decoded once into ``array("I")`` ids and
``array("f")`` weights (the codec's own floats), kept per segment reader in a small LRU
bounded by postings (the words of phrases typed a letter at a time come back on every
keystroke), and the hits' weights are picked out by C loops: a set look-up per posting
when the hits are many, a bisection per hit when they are few.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from itertools import compress
from typing import Any

import numpy as np

from index.codec import FlatLeafMatcher, live_postings
from index.levels import weights_at
from index.segcache import segment_cache

CACHE_POSTINGS = 1_500_000  # postings kept per segment reader (8 bytes each: 12 MB)
FEW = 256  # hits fewer than a 256th of the postings (half the blocks): read those blocks
Flat = tuple[array, array]  # ascending article numbers (deleted ones too), their weights


def term_weights(reader: Any, fieldname: str, btext: bytes, hits: list[int]) -> list[float]:
    """The term's weight in each of ``hits`` (ascending live articles, each holding it):
    from its whole list (decoded once and kept) unless the hits are too few to touch
    half its blocks, in which case only the blocks holding them are read."""
    if _held(reader, fieldname, btext) is None:
        m, _ = live_postings(reader.postings(fieldname, btext))
        if type(m) is FlatLeafMatcher and len(hits) * FEW < reader.doc_frequency(fieldname, btext):
            return _picked(m, hits)
    return hit_weights(flat_postings(reader, fieldname, btext), hits)


def weights_in(reader: Any, fieldname: str, btext: bytes, hits: np.ndarray) -> np.ndarray:
    """:func:`term_weights` of hits given as an int64 array, as float64 (the same
    weights): a searchsorted in the whole list (12,193 hits in ``the``'s 99,000
    postings: 0.3 ms, against 6.8 through bisections in C loops)."""
    if _held(reader, fieldname, btext) is None:
        m, _ = live_postings(reader.postings(fieldname, btext))
        if type(m) is FlatLeafMatcher and len(hits) * FEW < reader.doc_frequency(fieldname, btext):
            return np.asarray(_picked(m, hits.tolist()), dtype=np.float64)
    ids, weights = flat_postings(reader, fieldname, btext)
    ids_a = np.frombuffer(ids, dtype=np.uint32)
    return np.frombuffer(weights, dtype=np.float32).astype(np.float64)[np.searchsorted(ids_a, hits)]


def flat_postings(reader: Any, fieldname: str, btext: bytes) -> Flat:
    """The term's whole posting list (deleted articles too) as two C arrays, decoded
    once and kept in a per-segment LRU bounded by postings."""
    flat = _held(reader, fieldname, btext)
    if flat is not None:
        return flat
    m, _ = live_postings(reader.postings(fieldname, btext))
    return _kept(_lru(reader), (fieldname, btext), decode_postings(m))


def held(reader: Any, fieldname: str, btext: bytes) -> Flat | None:
    """The term's whole list if the segment's LRU holds it (then the most recently used)."""
    return _held(reader, fieldname, btext)


def keep(reader: Any, fieldname: str, btext: bytes, flat: tuple[Any, Any]) -> Flat:
    """The term's whole list (deleted articles too), decoded elsewhere as NumPy uint32 /
    int64 ids and float32 weights (:mod:`index.termrange`), kept in the LRU as C arrays."""
    ids = array("I", np.asarray(flat[0], dtype=np.uint32).tobytes())
    weights = array("f", np.asarray(flat[1], dtype=np.float32).tobytes())
    return _kept(_lru(reader), (fieldname, btext), (ids, weights))


class _Lists(OrderedDict):
    """The LRU: (field, term) -> Flat, with the number of postings it holds (kept up
    to date by :func:`_kept`, so a pattern's hundreds of terms kept one by one do not
    add them all up each time)."""

    def __init__(self) -> None:
        super().__init__()
        self.held = 0


def _lru(reader: Any) -> _Lists:
    cache = segment_cache(reader)
    lists = cache.get("flat_postings")
    if lists is None:
        lists = cache["flat_postings"] = _Lists()
    return lists


def _held(reader: Any, fieldname: str, btext: bytes) -> Flat | None:
    """The term's list if the LRU holds it (then it is the most recently used)."""
    cache = _lru(reader)
    flat = cache.get((fieldname, btext))
    if flat is not None:
        cache.move_to_end((fieldname, btext))
    return flat


def _kept(cache: _Lists, key: tuple[str, bytes], flat: Flat) -> Flat:
    """``flat`` kept in the LRU, the least recently used lists dropped past its bound."""
    old = cache.pop(key, None)
    if old is not None:
        cache.held -= len(old[0])
    cache[key] = flat
    cache.held += len(flat[0])
    while cache.held > CACHE_POSTINGS and len(cache) > 1:
        _, (ids, _) = cache.popitem(last=False)
        cache.held -= len(ids)
    return flat


def _picked(m: FlatLeafMatcher, hits: list[int]) -> list[float]:
    """The weights of ``hits`` read from the blocks that hold them."""
    out: list[float] = []
    seen = 0
    while m.is_active() and seen < len(hits):
        upto = bisect_right(hits, m.block_max_id(), seen)
        if upto > seen:
            ids, weights = m.block_ids(), m.block_weights()
            out.extend(weights[bisect_left(ids, d)] for d in hits[seen:upto])
            seen = upto
        m._next_block()
    return out


def decode_postings(m: Any) -> Flat:
    """Every posting of a matcher (unwrapped by ``live_postings``) as two arrays."""
    ids, weights = array("I"), array("f")
    if type(m) is FlatLeafMatcher:
        while m.is_active():
            ids.extend(m.block_ids())
            weights.extend(m.block_weights())
            m._next_block()
    else:  # a one-posting list kept in the terms file, or another codec's matcher
        while m.is_active():
            ids.append(m.id())
            weights.append(m.weight())
            m.next()
    return ids, weights


def hit_weights(flat: tuple[Any, Any], hits: list[int]) -> list[float]:
    """The weight of each of ``hits`` (ascending, every one in the list) in a posting
    list given as ascending ids and their weights (arrays or lists)."""
    ids, weights = flat
    if len(hits) == len(ids):  # every posting is a hit
        return list(weights)
    if not hits:
        return []
    if len(hits) * 8 < len(ids):  # few: bisect each
        return list(weights_at(ids, weights, hits))
    wanted = set(hits)
    return list(compress(weights, map(wanted.__contains__, ids)))
