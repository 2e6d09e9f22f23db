"""Whoosh's W3 posting format with blocks that decode without a Python object per posting.

Whoosh's W3 codec writes each block of 128 postings as a zlib-compressed pickle of
three tuples: the id deltas, the weights and one ``bytes`` per posting's positions.
Reading one block therefore inflates it and builds ~260 Python objects, even when only
the ids are wanted. At 100,000 articles ``body:the`` has 639 such blocks: 56 ms before
anything is scored or counted (zlib 17 ms, unpickling 31 ms). Every query that touches
a common word pays it: the exact count, a phrase's candidate intersection, a top-N of
``"the``, which every phrase typed from the start goes through.

:class:`FlatCodec` keeps W3's files, block headers, terms index and skipping, and only
changes what a block holds: the ids as a C array of deltas, the weights as a float
array, the values as one byte string with an array of lengths, sliced when a posting's
value is asked for. Nothing is compressed (the postings file is larger on disk; the
reads are cheaper). Segments record their codec, so an index written by this module
is read by it; older indexes are rebuilt (``SCHEMA_VERSION`` in ``index.analysis``).
"""

from __future__ import annotations

from array import array
from itertools import accumulate, pairwise
from pickle import loads
from typing import Any

from whoosh.codec.whoosh3 import W3Codec, W3LeafMatcher, W3PostingsWriter
from whoosh.formats import Positions
from whoosh.matching import ListMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.system import _INT_SIZE, pack_uint

BLOCK_LIMIT = 128


def _packed(numbers: Any) -> tuple[str, bytes]:
    """Non-negative integers as the smallest unsigned C array that holds them."""
    top = max(numbers, default=0)
    code = "B" if top < 1 << 8 else "H" if top < 1 << 16 else "I" if top < 1 << 32 else "Q"
    return code, array(code, numbers).tobytes()


def _unpacked(code: str, data: bytes) -> array:
    return array(code, data)  # bytes initialise an array through frombytes


class FlatPostingsWriter(W3PostingsWriter):
    """Writes each block as ``((first id, id deltas), weights, ((lengths), values))``: the
    deltas and value lengths as C arrays, the weights as a float array (or one float, or
    None for all 1.0), the values concatenated into one byte string."""

    def _mini_ids(self) -> Any:
        ids = self._ids
        if self._byteids:  # term vectors (not used by Dossier): W3's own encoding
            return super()._mini_ids()
        first = ids[0]
        return first, _packed([b - a for a, b in pairwise(ids)])

    def _mini_weights(self) -> Any:
        weights = self._weights
        first = weights[0]
        if all(w == first for w in weights):
            return None if first == 1.0 else float(first)
        return weights.tobytes()  # already an array("f")

    def _mini_values(self) -> Any:
        size = self._format.fixed_value_size()
        values = self._values
        if size == 0:
            return None
        if size is None or size < 0:
            return _packed([len(v) for v in values]), b"".join(values)
        return b"".join(values)


class FlatLeafMatcher(W3LeafMatcher):
    """Reads :class:`FlatPostingsWriter` blocks; values are sliced on demand."""

    _offsets: list[int] | None = None
    _blob: bytes = b""

    def _read_data(self) -> None:
        datalen = self._nextoffset - self._dataoffset
        self._data = loads(self._postfile.get(self._dataoffset, datalen))

    def _read_ids(self) -> None:
        if self._data is None:
            self._read_data()
        if self._byteids:
            super()._read_ids()
            return
        first, (code, deltas) = self._data[0]
        self._ids = list(accumulate(_unpacked(code, deltas), initial=first))

    def block_ids(self) -> list[int]:
        """The ids of the current block (all of them, wherever the matcher stands in it)."""
        if self._ids is None:
            self._read_ids()
        return self._ids

    def block_weights(self) -> array:
        if self._weights is None:
            self._read_weights()
        return self._weights

    def block_value(self, i: int) -> Any:
        """The value of the block's ``i``-th posting."""
        if self._values is None:
            self._read_values()
        offsets = self._offsets
        if offsets is None:
            return self._values[i]
        return self._blob[offsets[i] : offsets[i + 1]]

    def _read_weights(self) -> None:
        if self._data is None:
            self._read_data()
        weights = self._data[1]
        if weights is None:
            self._weights = array("f", [1.0]) * self._blocklength
        elif isinstance(weights, float):
            self._weights = array("f", [weights]) * self._blocklength
        else:
            self._weights = _unpacked("f", weights)

    def _read_values(self) -> None:
        if self._data is None:
            self._read_data()
        size = self._fixedsize
        values = self._data[2]
        self._offsets = None
        if size == 0:
            self._values = (None,) * self._blocklength
        elif size is None or size < 0:
            (code, lengths), blob = values
            self._blob = blob
            self._offsets = list(accumulate(_unpacked(code, lengths), initial=0))
            self._values = ()  # read through _offsets
        else:
            self._values = tuple(values[i : i + size] for i in range(0, len(values), size))

    def value(self) -> Any:
        return self.block_value(self._i)


def live_postings(m: Any) -> tuple[Any, frozenset[int]]:
    """A segment's posting matcher without Whoosh's deleted-documents filter, and the
    deleted documents it filtered (read blocks directly, drop those afterwards)."""
    if isinstance(m, FilterMatcher) and m._exclude:
        return m.child, m._ids
    return m, frozenset()


class FlatCodec(W3Codec):
    """W3 with :class:`FlatPostingsWriter` blocks, uncompressed."""

    def __init__(self, blocklimit: int = BLOCK_LIMIT, inlinelimit: int = 1):
        super().__init__(blocklimit=blocklimit, compression=0, inlinelimit=inlinelimit)

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> Any:
        if byteids:
            return super().postings_writer(dbfile, byteids=True)
        return FlatPostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=False,
            compression=0,
            inlinelimit=self._inlinelimit,
        )

    def postings_reader(
        self, dbfile: Any, terminfo: Any, format_: Any, term: Any = None, scorer: Any = None
    ) -> Any:
        if terminfo.is_inlined():
            ids, weights, values = terminfo.inlined_postings()
            return ListMatcher(
                ids, weights, values, format_, scorer=scorer, term=term, terminfo=terminfo
            )
        offset, length = terminfo.extent()
        return FlatLeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)


class FlatPositions(Positions):
    """Whoosh's ``Positions`` format with the positions as a C array instead of a pickle.

    A value is Whoosh's 4-byte count, one byte naming the array type, then the positions
    themselves (not deltas), so checking a phrase decodes a posting with one
    ``array.frombytes`` instead of unpickling a list and summing it in Python.
    """

    def encode(self, poslist: Any) -> bytes:
        code, data = _packed(poslist)
        return pack_uint(len(poslist)) + code.encode("ascii") + data

    def decode_positions(self, valuestring: bytes) -> list[int]:
        return positions_of(valuestring).tolist()

    def combine(self, vs: Any) -> bytes:
        merged: set[int] = set()
        for v in vs:
            merged.update(positions_of(v))
        return self.encode(sorted(merged))


_TYPE_AT = _INT_SIZE  # where a FlatPositions value names its array type
_DATA_AT = _INT_SIZE + 1  # where its positions start


def positions_of(value: bytes) -> array:
    """The positions in one :class:`FlatPositions` value."""
    return array(chr(value[_TYPE_AT]), value[_DATA_AT:])
