"""The summed posting lists of many terms of one field, read straight from the segment's
files (prefixes of 4+ letters, wildcards, fuzzy words).

``comp*`` in the body is 188 terms at 19,043 Reuters articles. Through Whoosh each term
cost two hash look-ups in the terms file (``in``, then ``postings``: an md5 and four
seeks each), a matcher object, a seek and a read per block, then a Python loop per
posting into a dict: 9.8 ms. The terms of a prefix are neighbours in the terms file
(sorted by field, then bytes) and their postings neighbours in the postings file
(written in the same order), so here each file is read once for the whole range and
parsed in memory; scattered terms (a fuzzy word's) are looked up one by one, still with
one look-up each. The lists are merged by dict updates and maps in C.

Returns the same articles and the same weights as reading each term through Whoosh and
adding the weights in term order (:func:`index.patterns.term_postings`); None when the
segment is not one this module can read (then that is used instead).
"""

from __future__ import annotations

import struct
from array import array
from bisect import bisect_left
from itertools import accumulate
from operator import add
from pickle import dumps, loads
from typing import Any

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermsReader

from index.codec import FlatCodec
from index.terms import sorted_terms

Postings = tuple[list[int], list[float]]  # ascending live article numbers, their weights

_LENGTHS = struct.Struct("!ii")  # a terms-file record: key length, value length
_INFO = struct.Struct("!BfIBBfII")  # W3TermInfo's fixed part (flags first)
_EXTENT = struct.Struct("!qi")  # after it: the postings' offset and length
_BLOCK_LENGTH = struct.Struct("!i")  # a block's byte length, negative for the last
_STOP, _PROTO_2 = ord("."), b"\x80\x02"  # a pickle's last byte, a block's data's first two
_FIELD = struct.Struct("!H")  # a terms-file key: the field number, then the term
SPREAD = 4  # read the terms file whole between the first and the last term when the
# terms are at least 1 in SPREAD of the terms between them
CONTIGUOUS = 2  # read the postings file in one piece when at most this many bytes per
# byte wanted lie between the first and the last term's postings


def range_postings(reader: Any, fieldname: str, terms: list[str]) -> Postings | None:
    """The live articles holding any of ``terms`` (all in the segment's lexicon),
    ascending, and the sum of their weights (added in ``terms`` order)."""
    tr = getattr(reader, "_terms", None)
    if type(tr) is not W3TermsReader or not isinstance(getattr(tr, "_codec", None), FlatCodec):
        return None
    if not terms:
        return [], []
    fnum = tr._fieldmap.get(fieldname)
    if fnum is None:
        return [], []
    field = _FIELD.pack(fnum)
    keys = [field + t.encode("utf-8") for t in terms]
    infos = _term_infos(reader, tr._tindex, fieldname, terms, keys)
    if infos is None:
        return None
    lists = _postings(tr._postfile, infos)
    if lists is None:
        return None
    deleted = reader._perdoc.deleted_docs() if reader.has_deletions() else ()
    return merged(lists, deleted)


def _term_infos(
    reader: Any, tindex: Any, fieldname: str, terms: list[str], keys: list[bytes]
) -> list[bytes] | None:
    """The terms-file value of each key, in order (None: a key is missing)."""
    lexicon = sorted_terms(reader, fieldname)
    lo = bisect_left(lexicon, min(terms))
    hi = bisect_left(lexicon, max(terms), lo) + 1
    if (hi - lo) > SPREAD * len(terms):  # scattered: one look-up each
        values = [tindex.get(k) for k in keys]
        return None if any(v is None for v in values) else values
    first, last = min(keys), max(keys)
    try:  # hash look-ups (a bisection of the ordered keys reads the file 16 times)
        first_at, _ = tindex.range_for_key(first)
        last_at, last_length = tindex.range_for_key(last)
    except KeyError:
        return None
    start = first_at - len(first) - _LENGTHS.size  # where the first record starts
    buf = tindex.dbfile.get(start, last_at + last_length - start)
    wanted = dict.fromkeys(keys)
    pos, size = 0, _LENGTHS.size
    while pos < len(buf):
        keylen, datalen = _LENGTHS.unpack_from(buf, pos)
        at = pos + size
        key = buf[at : at + keylen]
        if key in wanted:
            wanted[key] = buf[at + keylen : at + keylen + datalen]
        pos = at + keylen + datalen
    values = list(wanted.values())
    return None if any(v is None for v in values) else values


def _postings(postfile: Any, infos: list[bytes]) -> list[tuple[list[int], Any]] | None:
    """Each term's posting list: (articles, weights)."""
    out: list[tuple[list[int], Any]] = []
    extents = []
    for value in infos:
        if value[0]:  # inlined in the terms file (not written by Dossier's codec)
            ids, weights, _ = loads(value[_INFO.size :])
            out.append((list(ids), list(weights)))
            continue
        extents.append(_EXTENT.unpack_from(value, _INFO.size))
    if not extents:
        return out
    first = min(o for o, _ in extents)
    last = max(o + n for o, n in extents)
    wanted = sum(n for _, n in extents)
    if last - first <= CONTIGUOUS * wanted:
        whole = memoryview(postfile.get(first, last - first))
        pieces = [(whole, o - first) for o, _ in extents]
    else:
        pieces = [(memoryview(postfile.get(o, n)), 0) for o, n in extents]
    for buf, at in pieces:
        ids: list[int] = []
        weights = array("f")
        if not _blocks(buf, at, ids, weights):
            return None
        out.append((ids, weights))
    return out


def _blocks(buf: memoryview, at: int, ids: list[int], weights: array) -> bool:
    """Append one term's postings (its blocks start at ``at`` in ``buf``); False when
    they are not :class:`index.codec.FlatCodec` blocks.

    A block is its byte length, its info (a pickled tuple) and its data (a pickled
    tuple). The info is unpickled from the bytes after the length (what follows is
    ignored) and pickled again for its own length (``pickle.load`` from a file object,
    which knows where it stopped, costs three times as much)."""
    if buf[at : at + 4] != WHOOSH3_HEADER_MAGIC:
        return False
    pos = at + 4
    while True:
        (length,) = _BLOCK_LENGTH.unpack_from(buf, pos)
        pos += _BLOCK_LENGTH.size
        end = pos + abs(length)
        info = loads(buf[pos:end])
        data_at = pos + len(dumps(info, 2))
        if info[3] or buf[data_at - 1] != _STOP or buf[data_at : data_at + 2] != _PROTO_2:
            return False  # compressed, or not the length it was written with
        (first, (code, deltas)), block_weights, _ = loads(buf[data_at:end])
        count = info[0]
        ids.extend(accumulate(array(code, deltas), initial=first))
        if block_weights is None:
            weights.extend(array("f", [1.0]) * count)
        elif isinstance(block_weights, float):
            weights.extend(array("f", [block_weights]) * count)
        else:
            weights.frombytes(block_weights)
        if length < 0:
            return True
        pos = end


def merged(lists: list[tuple[list[int], Any]], deleted: Any = ()) -> Postings:
    """The articles of the posting lists ``lists`` ascending, each with the sum of its
    weights (added in list order), without ``deleted``: dict updates and maps, no
    Python loop over the postings."""
    tf: dict[int, float] = {}
    get = tf.__getitem__
    for ids, weights in lists:
        seen = list(tf.keys() & ids)
        if seen:
            before = list(map(get, seen))
            tf.update(zip(ids, weights))  # noqa: B905
            tf.update(zip(seen, map(add, before, map(get, seen))))  # noqa: B905
        else:
            tf.update(zip(ids, weights))  # noqa: B905
    for doc in deleted:
        tf.pop(doc, None)
    ids = sorted(tf)
    return ids, list(map(tf.__getitem__, ids))
