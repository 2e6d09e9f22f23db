"""The forward file (:mod:`index.forward`) of a first build, made while it is indexed.

:func:`index.forward.write` reads every posting of the new segment back, twice (each
article's extent, then each word at its place): 6.9 s of the 36 s it took to index
19,043 Reuters articles, on one core, after the commit. On a first build the articles
go through the writer in order, as article numbers 0, 1, 2..., and each one's analyzed
postings (:class:`index.analysis.Analyzed`) already hold its words' positions. So while
they are indexed, each article's words are written in order, as numbers in the order the
words were first seen, to a nameless scratch file in the index folder (the whole sequence
is 52 MB at 100,000 articles: not held in memory); after the commit, one NumPy lookup turns those
numbers into the segment's term numbers.

Only for an index that was empty, whose commit made one segment of exactly the articles
fed here, with exactly the words seen here: otherwise nothing is written, and
:func:`index.prefixes.build_missing` derives the file from the postings as before.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from array import array
from collections import deque
from itertools import repeat
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from index.analysis import Analyzed
from index.atomic import atomic_file, write_atomically
from index.codec import positions_of
from index.forward import FIELDS, META_SUFFIX, SUFFIX, _width
from index.segcache import segment_id

_GAP = 0xFFFFFFFF  # a place with no word, in the spill file
_CHUNK = 1 << 20  # words mapped and written at a time (~20 MB of arrays each)


class _FieldSpill:
    """One field's words in article order (first-seen numbers) and each article's extent."""

    def __init__(self, folder: Path, fieldname: str) -> None:
        # A scratch file with no name (gone when closed, or when the process dies), on
        # the index's disk rather than in /tmp (52 MB at 100,000 articles).
        self.file: BinaryIO = tempfile.TemporaryFile(prefix=f".fresh-{fieldname}-", dir=folder)  # noqa: SIM115 (closed by close())
        self.vocab: dict[bytes, int] = {}
        self.extents = array("I")

    def add(self, analyzed: Analyzed | None) -> None:
        items = analyzed.items if analyzed is not None else []
        vocab = self.vocab
        placed: list[tuple[int, array]] = []
        end = 0
        for term, _freq, _weight, value in items:
            number = vocab.get(term)
            if number is None:
                number = vocab[term] = len(vocab)
            positions = positions_of(value)
            placed.append((number, positions))
            if positions and positions[-1] >= end:
                end = positions[-1] + 1
        words = array("I", [_GAP]) * end
        put = words.__setitem__
        for number, positions in placed:
            deque(map(put, positions, repeat(number)), maxlen=0)
        words.tofile(self.file)
        self.extents.append(end)

    def close(self) -> None:
        self.file.close()


class FreshForward:
    """Fed every article of a first build in the order they are added to the writer;
    :meth:`write` makes the new segment's forward file from what it was fed."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.articles = 0
        self._fields = {name: _FieldSpill(folder, name) for name in FIELDS}

    def add(self, analyzed: dict[str, Analyzed]) -> None:
        for name, spill in self._fields.items():
            spill.add(analyzed.get(name))
        self.articles += 1

    def write(self, reader: Any, sid: str) -> bool:
        """Write ``<sid>.fwd``/``.fwdx`` if ``reader`` (the only segment) holds exactly
        the articles and words fed here; False (nothing written) otherwise."""
        if reader.doc_count_all() != self.articles or reader.has_deletions():
            return False
        plans: list[tuple[str, _FieldSpill, np.ndarray, int]] = []
        for name, spill in self._fields.items():
            if name not in reader.schema or not reader.schema[name].format.supports("positions"):
                continue
            terms = list(reader.lexicon(name))
            width = _width(len(terms))
            if width is None:
                return False  # forward.write leaves such a field out: let it decide
            if len(terms) != len(spill.vocab):
                return False
            # The spill's numbers -> the segment's (its terms sorted), and the gap.
            numbers = np.empty(len(terms) + 1, dtype=np.uint32)
            vocab = spill.vocab
            for rank, term in enumerate(terms):
                first_seen = vocab.get(term)
                if first_seen is None:
                    return False
                numbers[first_seen] = rank
            numbers[-1] = (1 << (8 * width)) - 1
            plans.append((name, spill, numbers, width))
        meta: dict[str, Any] = {}
        offset = 0
        with atomic_file(self.folder / (sid + SUFFIX), durable=False) as out:
            for name, spill, numbers, width in plans:
                spill.file.flush()
                starts = array("I", [0])
                for n in spill.extents:
                    starts.append(starts[-1] + n)
                size = _copy_mapped(spill.file, numbers, width, out)
                meta[name] = (offset, width, starts.tobytes())
                offset += size
        write_atomically(
            self.folder / (sid + META_SUFFIX),
            pickle.dumps(meta, protocol=pickle.HIGHEST_PROTOCOL),
            durable=False,
        )
        return True

    def close(self) -> None:
        """Remove the spill files (after :meth:`write`, or when the update failed)."""
        for spill in self._fields.values():
            spill.close()


def _copy_mapped(spill: BinaryIO, numbers: np.ndarray, width: int, out: Any) -> int:
    """Write the spill's words as the segment's numbers, big-endian, ``width`` bytes each
    (:func:`index.forward._encode`); the bytes written."""
    if not os.fstat(spill.fileno()).st_size:
        return 0
    words = np.memmap(spill, dtype=np.uint32, mode="r")
    total = 0
    gap = np.uint32(len(numbers) - 1)
    for first in range(0, len(words), _CHUNK):
        chunk = np.asarray(words[first : first + _CHUNK])
        chunk = np.where(chunk == _GAP, gap, chunk)
        mapped = numbers[chunk].astype(">u4")
        data = mapped.view(np.uint8).reshape(-1, 4)[:, 4 - width :]
        raw = data.tobytes()
        out.write(raw)
        total += len(raw)
    del words
    return total


def write_fresh(ix: Any, fresh: FreshForward) -> bool:
    """The forward file of ``ix``'s only segment from ``fresh``, if it is that segment's
    (see :meth:`FreshForward.write`); False when the index has other segments."""
    with ix.reader() as reader:
        if not reader.is_atomic():
            return False
        sid = segment_id(reader)
        if sid is None or (fresh.folder / (sid + META_SUFFIX)).exists():
            return False
        return fresh.write(reader, sid)
