"""The writer's pool of postings, kept per term as packed bytes: memory bounded by a limit.

Whoosh's ``PostingPool`` keeps every posting of a segment being written as a Python tuple
``(field, term, article, weight, positions)`` (about 220 bytes resident each, where its
own estimate counts ~170) and sorts them all when the segment is written: 2 million
postings and a 500 MB process at 19,043 articles, and runs of 384 MB to merge at
100,000. :class:`CompactPool` groups the postings by field and term as they come, each
posting packed into 16 bytes plus its positions, so the writer holds ~25 bytes per
posting, and only the terms are sorted. Past ``limitmb`` (counted in the bytes it
holds, dict and buffer overheads included) the pool is written to disk as a sorted run;
at the end the runs are merged term by term, each term's postings in the order they
came (the order of article numbers: a writer numbers its articles in the order it adds
them, merged segments after new articles).
"""

from __future__ import annotations

import contextlib
import heapq
import marshal
import struct
from collections.abc import Iterator
from itertools import groupby
from typing import Any

MB = 1024 * 1024
_POSTING = struct.Struct("<idI")  # article, weight, len(positions) + 1 (0: no value)
POSTING_BYTES = _POSTING.size
# What a new term costs beyond its postings: the dict slot, the term's bytes object and
# its two buffers (measured with tracemalloc: ~280 bytes on CPython 3.11).
TERM_OVERHEAD = 300

Posting = tuple[str, bytes, int, float, "bytes | None"]
Run = Iterator[tuple[str, bytes, bytes, bytes]]


class CompactPool:
    """A drop-in for Whoosh's ``PostingPool`` (``add``, ``iter_postings``, ``cleanup``)."""

    def __init__(self, tempstore: Any, limitmb: float) -> None:
        self.tempstore = tempstore
        self.limit = int(limitmb * MB)
        self.size = 0  # bytes held, by the estimate above
        self.runs: list[str] = []
        self._fields: dict[str, dict[bytes, tuple[bytearray, bytearray]]] = {}
        self._fieldname = ""  # the field of the last posting added, and its terms
        self._terms: dict[bytes, tuple[bytearray, bytearray]] = {}
        self._pack = _POSTING.pack

    def add(self, item: Posting) -> None:
        fieldname, tbytes, docnum, weight, vbytes = item
        if fieldname != self._fieldname:  # a document's postings come field by field
            self._fieldname = fieldname
            self._terms = self._fields.setdefault(fieldname, {})
        entry = self._terms.get(tbytes)
        if entry is None:
            entry = self._terms[tbytes] = (bytearray(), bytearray())
            self.size += TERM_OVERHEAD + len(tbytes)
        fixed, blob = entry
        if vbytes is None:
            fixed += self._pack(docnum, weight, 0)
            self.size += POSTING_BYTES
        else:
            n = len(vbytes)
            fixed += self._pack(docnum, weight, n + 1)
            blob += vbytes
            self.size += POSTING_BYTES + n
        if self.size > self.limit:
            self.save()

    def save(self) -> None:
        """Write what the pool holds to disk as one sorted run, and empty it."""
        if not self._fields:
            return
        name = f"{len(self.runs)}.crun"
        f = self.tempstore.create_file(name).raw_file()
        try:
            for fieldname, tbytes, fixed, blob in self._drain():
                marshal.dump((fieldname, tbytes, bytes(fixed), bytes(blob)), f)
        finally:
            f.close()
        self.runs.append(name)
        self.size = 0

    def _drain(self) -> Iterator[tuple[str, bytes, bytearray, bytearray]]:
        """Every term in order, each dropped from the pool once given."""
        fields, self._fields = self._fields, {}
        self._fieldname, self._terms = "", {}
        for fieldname in sorted(fields):
            terms = fields.pop(fieldname)
            for tbytes in sorted(terms):
                fixed, blob = terms.pop(tbytes)
                yield fieldname, tbytes, fixed, blob

    def _read_run(self, name: str) -> Run:
        f = self.tempstore.open_file(name).raw_file()
        try:
            while True:
                try:
                    yield marshal.load(f)
                except EOFError:
                    return
        finally:
            f.close()
            self.tempstore.delete_file(name)

    def iter_postings(self) -> Iterator[Posting]:
        """All postings sorted by field, term, then article."""
        if not self.runs:
            for fieldname, tbytes, fixed, blob in self._drain():
                yield from _unpack(fieldname, tbytes, [(fixed, blob)])
            return
        self.save()
        runs, self.runs = self.runs, []
        merged = heapq.merge(*(self._read_run(r) for r in runs), key=_term_of)
        for (fieldname, tbytes), parts in groupby(merged, key=_term_of):
            yield from _unpack(fieldname, tbytes, [(p[2], p[3]) for p in parts])

    def cleanup(self) -> None:
        self._fields, self._fieldname, self._terms = {}, "", {}
        for name in self.runs:
            with contextlib.suppress(OSError):
                self.tempstore.delete_file(name)
        self.runs = []


def _term_of(record: tuple[str, bytes, bytes, bytes]) -> tuple[str, bytes]:
    return record[0], record[1]


def _unpack(fieldname: str, tbytes: bytes, parts: list[tuple[Any, Any]]) -> list[Posting]:
    """One term's postings from its packed parts (runs in order), sorted by article."""
    out: list[Posting] = []
    append = out.append
    prev = -1
    ordered = True
    for fixed, blob in parts:
        blob = bytes(blob)
        at = 0
        for docnum, weight, n in _POSTING.iter_unpack(fixed):
            if docnum <= prev:
                ordered = False
            prev = docnum
            if n:
                append((fieldname, tbytes, docnum, weight, blob[at : at + n - 1]))
                at += n - 1
            else:
                append((fieldname, tbytes, docnum, weight, None))
    if not ordered:  # never seen from Whoosh's writer; kept correct all the same
        out.sort(key=_article_of)
    return out


def _article_of(posting: Posting) -> int:
    return posting[2]
