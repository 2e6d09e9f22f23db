"""Which articles hold a common word followed by a given word: phrases of common words
without a scan.

A phrase whose words are all common (``"the first"``, ``"reference dsr"`` in 81 % of a
replicated archive) or whose last whole word is common (``"the c`` being typed) was
answered by one regex scan of the segment's forward file (:mod:`index.forward`): a fixed
20 ms at 100,000 articles (40 MB) before the first match, 40-85 ms with many matches.
Here each segment keeps, for every *lead* word (one in more than ``1/LEAD_SHARE`` of
the articles, as the phrase code's forward scan requires of every word) and every word
that follows it somewhere, the articles where the two stand in a row: the "next-word
index" of Williams, Zobel and Bahle (*Fast phrase querying with combined indexes*, 2004),
which keeps exactly the pairs that make a positional index slow.

* ``"a b"`` (``a`` lead) is one list: its hits, exact.
* ``"a b``, typed (``b`` a prefix): the pairs of ``a`` with the words starting with ``b``
  are consecutive in the table (words are numbered in sorted order), so their articles
  are one slice of it, made unique.
* longer phrases: the pairs' lists intersected give the candidates, each then checked in
  its own span of the forward file (or, when they are too many, the whole file scanned).

Per field, the articles are cut in chunks of :data:`CHUNK` (an article is then 2 bytes);
each chunk holds its sorted pair keys (lead rank << 24 | next word), where each pair's
articles start, and the articles. Derived from the forward file after a commit, written
once, removed with the segment (like :mod:`index.prefixes`); a segment without one is
answered by the scan.
"""

from __future__ import annotations

import mmap
import pickle
from bisect import bisect_left
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

from index.atomic import atomic_file, write_atomically
from index.forward import FIELDS, Forward, forward_index
from index.segcache import derived_file

SUFFIX, META_SUFFIX = ".nxt", ".nxtx"
LEAD_SHARE = 20  # a lead word is in more than 1/20 of the segment's articles
CHUNK = 1 << 14  # articles per chunk (numbered 0..CHUNK-1 within it: 2 bytes)
VERIFY_SHARE = 4  # check candidates one by one when fewer than 1/4 of the articles
_DOC_BITS, _WORD_BITS = 16, 24
_PAIR_SHIFT = np.uint64(_WORD_BITS + _DOC_BITS)

Chunk = tuple[int, int, int, int, int]  # first article, keys at, key count, docs at, doc count
FieldMeta = dict[str, Any]  # "lead": {word number: rank}, "chunks": [Chunk]


def write(reader: Any, folder: Path, sid: str) -> None:
    """Write the segment's next-word file from its forward file (which must exist)."""
    fwd = Forward(folder, sid)
    leads = {f: lead_words(fwd, f) for f in FIELDS if fwd.has(f)}
    write_file(fwd, folder, sid, leads)


def write_file(fwd: Forward, folder: Path, sid: str, leads: dict[str, dict[int, int]]) -> None:
    """Write the next-word file of the forward file ``fwd`` for the fields of ``leads``
    (field -> its lead words' numbers -> rank, from 1)."""
    meta: dict[str, FieldMeta] = {}
    with atomic_file(folder / (sid + SUFFIX), durable=False) as out:
        at = 0
        for fieldname, lead in leads.items():
            chunks: list[Chunk] = []
            starts = np.frombuffer(fwd.word_starts(fieldname), dtype=np.uint32)
            articles = len(starts) - 1
            for base in range(0, articles, CHUNK):
                top = min(base + CHUNK, articles)
                keys, offsets, docs = _chunk_pairs(fwd, fieldname, starts, base, top, lead)
                keys_at = at
                at += _put(out, keys) + _put(out, offsets)
                chunks.append((base, keys_at, len(keys), at, len(docs)))
                at += _put(out, docs)
            meta[fieldname] = {"lead": lead, "chunks": chunks}
    write_atomically(
        folder / (sid + META_SUFFIX),
        pickle.dumps(meta, protocol=pickle.HIGHEST_PROTOCOL),
        durable=False,
    )


def _put(out: Any, part: np.ndarray) -> int:
    """Write ``part`` padded to 8 bytes (so that every array starts aligned)."""
    raw = part.tobytes()
    pad = -len(raw) % 8
    out.write(raw + bytes(pad))
    return len(raw) + pad


def lead_words(fwd: Forward, fieldname: str) -> dict[int, int]:
    """The field's lead words (in more than 1/LEAD_SHARE of the articles, counted in the
    forward file): their number in the sorted terms -> rank (1, 2, ...)."""
    starts = fwd.word_starts(fieldname)
    articles = len(starts) - 1
    chunks = [(b, min(b + CHUNK, articles)) for b in range(0, articles, CHUNK)]
    gap = fwd.gap(fieldname)
    counts = np.zeros(0, dtype=np.int64)  # occurrences, then articles, per number
    for base, top in chunks:
        seq = _numbers(fwd, fieldname, starts[base], starts[top])
        here = np.bincount(seq[seq != gap])
        if len(here) > len(counts):
            counts = np.r_[counts, np.zeros(len(here) - len(counts), dtype=np.int64)]
        counts[: len(here)] += here
    often = np.r_[counts * LEAD_SHARE > articles, False]  # a superset; the gap (last): no
    counts[:] = 0
    for base, top in chunks:
        seq = _numbers(fwd, fieldname, starts[base], starts[top])
        owner = np.repeat(np.arange(top - base, dtype=np.uint64), np.diff(starts[base : top + 1]))
        kept = often[np.minimum(seq, len(often) - 1)]
        once = _sorted_unique((owner[kept] << np.uint64(24)) | seq[kept].astype(np.uint64))
        counts += np.bincount(
            (once & np.uint64((1 << 24) - 1)).astype(np.int64), minlength=len(counts)
        )
    numbers = np.flatnonzero(counts * LEAD_SHARE > articles).tolist()
    return {number: rank for rank, number in enumerate(numbers, 1)}


def _sorted_unique(keys: np.ndarray) -> np.ndarray:
    """``keys`` sorted, once each (a sort: NumPy's ``unique`` hashes first, 15x slower)."""
    keys = np.sort(keys)
    return keys[np.r_[True, keys[1:] != keys[:-1]]] if len(keys) else keys


def _numbers(fwd: Forward, fieldname: str, first: int, stop: int) -> np.ndarray:
    """The words ``first`` to ``stop - 1`` of the field, as numbers (the gap's too)."""
    width = fwd.meta[fieldname][1]
    raw = np.frombuffer(fwd.raw(fieldname, first, stop), dtype=np.uint8).reshape(-1, width)
    out = raw[:, 0].astype(np.uint32)
    for k in range(1, width):
        out = (out << 8) | raw[:, k]
    return out


def _chunk_pairs(
    fwd: Forward, fieldname: str, starts: np.ndarray, base: int, top: int, lead: dict[int, int]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One chunk's sorted pair keys, where each key's articles start (and the end), and
    the articles (numbered from ``base``)."""
    seq = _numbers(fwd, fieldname, int(starts[base]), int(starts[top]))
    owner = np.repeat(np.arange(top - base, dtype=np.uint32), np.diff(starts[base : top + 1]))
    ranks = np.zeros(max(lead, default=0) + 2, dtype=np.uint32)
    ranks[list(lead)] = list(lead.values())
    first, after = seq[:-1], seq[1:]
    rank = ranks[np.minimum(first, len(ranks) - 1)]  # the gap, and words past every lead: 0
    keep = np.flatnonzero((rank > 0) & (owner[:-1] == owner[1:]) & (after != fwd.gap(fieldname)))
    wide = np.uint64
    keys = (
        (rank[keep].astype(wide) << _PAIR_SHIFT)
        | (after[keep].astype(wide) << wide(_DOC_BITS))
        | owner[keep].astype(wide)
    )
    found = _sorted_unique(keys)
    pairs = found >> _DOC_BITS
    docs = (found & ((1 << _DOC_BITS) - 1)).astype(np.uint16)
    firsts = np.flatnonzero(np.r_[True, pairs[1:] != pairs[:-1]]) if len(pairs) else pairs
    offsets = np.r_[firsts, len(pairs)].astype(np.uint32)
    return pairs[firsts].astype(np.uint64), offsets, docs


class NextWords:
    """One segment's next-word file, memory-mapped."""

    def __init__(self, folder: Path, sid: str) -> None:
        self.meta: dict[str, FieldMeta] = pickle.loads((folder / (sid + META_SUFFIX)).read_bytes())
        path = folder / (sid + SUFFIX)
        self._view = memoryview(b"")
        if path.stat().st_size:
            with path.open("rb") as f:
                self._view = memoryview(mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ))
        self._chunks: dict[str, list[tuple[int, Any, Any, Any]]] = {}

    def has(self, fieldname: str) -> bool:
        return fieldname in self.meta

    def _tables(self, fieldname: str) -> list[tuple[int, Any, Any, Any]]:
        tables = self._chunks.get(fieldname)
        if tables is None:
            tables = []
            view = self._view
            for base, keys_at, n_keys, docs_at, n_docs in self.meta[fieldname]["chunks"]:
                offsets_at = keys_at + 8 * n_keys
                keys = view[keys_at:offsets_at].cast("Q")
                offsets = view[offsets_at : offsets_at + 4 * (n_keys + 1)].cast("I")
                docs = view[docs_at : docs_at + 2 * n_docs].cast("H")
                tables.append((base, keys, offsets, docs))
            self._chunks[fieldname] = tables
        return tables

    def docs_after(self, fieldname: str, word: int, lo: int, hi: int) -> list[int] | None:
        """The articles (ascending) where word number ``word`` is followed by a word
        numbered ``lo`` to ``hi - 1``; None when ``word`` is not a lead word."""
        found = self._docs_after(fieldname, word, lo, hi)
        return None if found is None else found.tolist()

    def _docs_after(self, fieldname: str, word: int, lo: int, hi: int) -> np.ndarray | None:
        rank = self.meta[fieldname]["lead"].get(word)
        if rank is None:
            return None
        first, stop = (rank << _WORD_BITS) | lo, (rank << _WORD_BITS) | hi
        parts = []
        for base, keys, offsets, docs in self._tables(fieldname):
            i = bisect_left(keys, first)
            j = bisect_left(keys, stop, i)
            if i == j:
                continue
            part = np.frombuffer(docs, dtype=np.uint16)[offsets[i] : offsets[j]]
            if j - i > 1:  # several next words: each article once, in order
                seen = np.zeros(CHUNK, dtype=bool)
                seen[part] = True
                part = np.flatnonzero(seen)
            parts.append(part.astype(np.int64) + base)
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)

    def candidates(
        self, fieldname: str, words: list[int], lo: int, hi: int
    ) -> tuple[list[int], bool] | None:
        """The articles (ascending) holding every pair of the phrase (``words`` in a row,
        then a word numbered ``lo`` to ``hi - 1``) whose first word is a lead word, and
        whether every pair was looked up (then an article where each inner word occurs
        once holds the whole phrase). None when no pair starts with a lead word."""
        got = self.candidate_array(fieldname, words, lo, hi)
        return None if got is None else (got[0].tolist(), got[1])

    def candidate_array(
        self, fieldname: str, words: list[int], lo: int, hi: int
    ) -> tuple[np.ndarray, bool] | None:
        """:meth:`candidates` with the articles as an int64 array."""
        if not words or lo >= hi:
            return np.zeros(0, dtype=np.int64), True
        lists = []
        every = True
        pairs = [(w, a, a + 1) for w, a in pairwise(words)] + [(words[-1], lo, hi)]
        for word, first, stop in pairs:
            got = self._docs_after(fieldname, word, first, stop)
            if got is None:
                every = False
            else:
                lists.append(got)
        if not lists:
            return None
        lists.sort(key=len)
        found = lists[0]
        for other in lists[1:]:
            if not len(found):
                break
            held = np.zeros(int(max(found[-1], other[-1] if len(other) else 0)) + 1, dtype=bool)
            held[other] = True
            found = found[held[found]]
        return found, every


def next_words(reader: Any) -> NextWords | None:
    """The segment's next-word file, or None when it (or its forward file) is missing."""
    if forward_index(reader) is None:
        return None
    errors = (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError)
    return derived_file(reader, "next_words", META_SUFFIX, NextWords, errors)
