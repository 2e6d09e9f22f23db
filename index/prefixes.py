"""Term prefixes of 1..PREFIX_MAX characters (and the longer ones of many terms), per
segment, in a file beside it.

``c*``, ``co*`` or ``con*`` (or ``con`` typed with prefix matching on) expand to
thousands of words: merging their posting lists took 220 ms (one letter) and 40 ms (two)
at 19,043 Reuters articles, Whoosh's own ``Prefix`` 29 s for ``con*`` at 100,000. Like
Elasticsearch's ``index_prefixes``, each short prefix gets its own posting list, so that
it reads like a one-word query. They are not written through Whoosh's writer (that
tripled the cost of writing the index: 2.7 times as many postings), but derived after a
commit from each new segment's own posting lists, one pass over its terms, and kept in
``<segment>.pfx`` (the postings: article numbers and weights as C arrays) and
``<segment>.pfxdir`` (prefix -> where its postings lie). Segments never change once
written, so a segment's file is written once and removed with the segment. A segment
without one (an index written by an older Dossier) falls back to merging term postings.
"""

from __future__ import annotations

import mmap
import pickle
from array import array
from pathlib import Path
from typing import Any

import numpy as np

from index import forward, nextwords
from index.atomic import atomic_file, write_atomically
from index.codec import FlatLeafMatcher, live_postings
from index.segcache import derived_file, segment_id

PREFIX_MAX = 3
# A prefix one letter longer gets its own postings too when it expands to LONG_TERMS
# terms or more (``comp``: 188 body terms at 19K, 6-10 ms to merge; 335 such prefixes
# in the body, ~3 MB; the other 12,800 four-letter prefixes expand to a few terms).
LONG_PREFIX, LONG_TERMS = PREFIX_MAX + 1, 16
PREFIX_FIELDS = ("title", "body")
SUFFIX, DIR_SUFFIX = ".pfx", ".pfxdir"

Directory = dict[tuple[str, str], tuple[int, int]]  # (field, prefix) -> (offset, count)


def build_missing(ix: Any, folder: Path) -> None:
    """Write the prefix file and the forward file (:mod:`index.forward`) of every
    segment of ``ix`` that has none; remove those of segments that are gone."""
    with ix.reader() as top:
        readers = [r for r, _ in top.leaf_readers()] if not top.is_atomic() else [top]
        live = set()
        for reader in readers:
            sid = segment_id(reader)
            if sid is None:
                continue
            live.add(sid)
            if not (folder / (sid + DIR_SUFFIX)).exists():
                _write(reader, folder, sid)
            if not (folder / (sid + forward.META_SUFFIX)).exists():
                forward.write(reader, folder, sid)
            if not (folder / (sid + nextwords.META_SUFFIX)).exists():
                nextwords.write(reader, folder, sid)
    for suffix, data_suffix in (
        (DIR_SUFFIX, SUFFIX),
        (forward.META_SUFFIX, forward.SUFFIX),
        (nextwords.META_SUFFIX, nextwords.SUFFIX),
    ):
        for path in folder.glob("*" + suffix):
            if path.name[: -len(suffix)] not in live:
                path.unlink(missing_ok=True)
                path.with_suffix(data_suffix).unlink(missing_ok=True)


def _write(reader: Any, folder: Path, sid: str) -> None:
    """The segment's prefix postings, written to the file as each prefix is done (the
    file is ~1.2 times the postings of its segment: not held in memory whole)."""
    directory: Directory = {}
    offset = 0
    # Derived data (rebuilt if lost): no fsync. The directory last: its presence means
    # the postings file is complete.
    with atomic_file(folder / (sid + SUFFIX), durable=False) as out:
        for fieldname in PREFIX_FIELDS:
            if fieldname not in reader.schema:
                continue
            for prefix, ids, weights in _prefix_postings(reader, fieldname):
                out.write(ids.tobytes())
                out.write(weights.tobytes())
                directory[(fieldname, prefix)] = (offset, len(ids))
                offset += 8 * len(ids)
    write_atomically(
        folder / (sid + DIR_SUFFIX),
        pickle.dumps(directory, protocol=pickle.HIGHEST_PROTOCOL),
        durable=False,
    )


def _prefix_postings(reader: Any, fieldname: str) -> Any:
    """(prefix, articles, weights) for every prefix of 1..PREFIX_MAX characters and the
    :data:`LONG_PREFIX`-character prefixes of :func:`long_prefixes`, in one pass over
    the field's terms (sorted, so each prefix's words are consecutive): the articles
    ascending (uint32), each one's weights summed over the prefix's words (float32)."""
    long = long_prefixes(b.decode("utf-8") for b in reader.lexicon(fieldname))
    articles = reader.doc_count_all()
    # length -> (prefix, its words' articles, their weights), as the words come
    open_: dict[int, tuple[str, list[int], list[float]]] = {}
    for btext in reader.lexicon(fieldname):
        term = btext.decode("utf-8")
        for n in range(1, LONG_PREFIX + 1):
            current = open_.get(n)
            if current is not None and (len(term) < n or term[:n] != current[0]):
                yield _summed(current, articles)
                del open_[n]
        ids, weights = _term_postings(reader, fieldname, btext)
        for n in range(1, min(LONG_PREFIX, len(term)) + 1):
            if n == LONG_PREFIX and term[:n] not in long:
                continue
            current = open_.get(n)
            if current is None:
                current = open_[n] = (term[:n], [], [])
            current[1].extend(ids)
            current[2].extend(weights)
    for current in open_.values():
        yield _summed(current, articles)


def _summed(
    prefix_postings: tuple[str, list[int], list[float]], articles: int
) -> tuple[str, np.ndarray, np.ndarray]:
    """A prefix's postings, one per article: its words' weights summed in the order the
    words came, in double precision, then stored as float32 (as adding them one by one
    into a dict did: the same floats)."""
    prefix, ids, weights = prefix_postings
    docs = np.array(ids, dtype=np.int64)
    w = np.array(weights, dtype=np.float64)
    if len(docs) > articles // 8:  # a count per article costs less than sorting
        sums = np.bincount(docs, weights=w, minlength=articles)
        present = np.flatnonzero(np.bincount(docs, minlength=articles))
        return prefix, present.astype(np.uint32), sums[present].astype(np.float32)
    unique, where = np.unique(docs, return_inverse=True)
    sums = np.bincount(where.ravel(), weights=w, minlength=len(unique))
    return prefix, unique.astype(np.uint32), sums.astype(np.float32)


def long_prefixes(terms: Any) -> set[str]:
    """The :data:`LONG_PREFIX`-character prefixes of at least :data:`LONG_TERMS` of
    ``terms`` (sorted)."""
    counts: dict[str, int] = {}
    for term in terms:
        if len(term) >= LONG_PREFIX:
            key = term[:LONG_PREFIX]
            counts[key] = counts.get(key, 0) + 1
    return {p for p, n in counts.items() if n >= LONG_TERMS}


def _term_postings(reader: Any, fieldname: str, btext: bytes) -> tuple[list[int], list[float]]:
    m, _ = live_postings(reader.postings(fieldname, btext))  # every article: deleted too
    ids: list[int] = []
    weights: list[float] = []
    if type(m) is FlatLeafMatcher:
        while m.is_active():
            ids.extend(m.block_ids())
            weights.extend(m.block_weights())
            m._next_block()
    else:
        while m.is_active():
            ids.append(m.id())
            weights.append(m.weight())
            m.next()
    return ids, weights


class PrefixPostings:
    """One segment's prefix file, memory-mapped."""

    def __init__(self, folder: Path, sid: str) -> None:
        self.directory: Directory = pickle.loads((folder / (sid + DIR_SUFFIX)).read_bytes())
        path = folder / (sid + SUFFIX)
        self._map: Any = b""
        if path.stat().st_size:
            with path.open("rb") as f:
                self._map = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)

    def count(self, fieldname: str, prefix: str) -> int:
        return self.directory.get((fieldname, prefix), (0, 0))[1]

    def has(self, fieldname: str, prefix: str) -> bool:
        """Whether the file holds this prefix's postings (a prefix of 1..PREFIX_MAX
        characters without them matches nothing; a longer one may not be stored)."""
        return (fieldname, prefix) in self.directory

    def postings(self, fieldname: str, prefix: str) -> tuple[array, array]:
        offset, n = self.directory.get((fieldname, prefix), (0, 0))
        ids = array("I", self._map[offset : offset + 4 * n])
        weights = array("f", self._map[offset + 4 * n : offset + 8 * n])
        return ids, weights


def prefix_postings(reader: Any) -> PrefixPostings | None:
    """The segment's prefix file, or None when it has none."""
    errors = (OSError, pickle.UnpicklingError, EOFError, ValueError)
    return derived_file(reader, "prefixes", DIR_SUFFIX, PrefixPostings, errors)
