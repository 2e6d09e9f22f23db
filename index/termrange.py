"""The summed posting lists of many terms of one field, read straight from the segment's
files (prefixes of 4+ letters, wildcards, fuzzy words).

``comp*`` in the body is 188 terms at 19,043 Reuters articles. Through Whoosh each term
cost two hash look-ups in the terms file (``in``, then ``postings``: an md5 and four
seeks each), a matcher object, a seek and a read per block, then a Python loop per
posting into a dict: 9.8 ms. The terms of a prefix are neighbours in the terms file
(sorted by field, then bytes) and their postings neighbours in the postings file
(written in the same order), so here each file is read once for the whole range and
parsed in memory; scattered terms (a fuzzy word's) are looked up one by one, still with
one look-up each. Each list's ids are rebuilt from its blocks' deltas by one NumPy
cumulative sum, and the lists merged by one stable sort (``"archive refe`` typed at
100,000 articles: ``refe*`` is 14 terms, 81,191 postings in the body; 13.8 ms through a
dict per posting, see ``docs/benchmarks.md``).

Returns the same articles and the same weights as reading each term through Whoosh and
adding the weights in term order (:func:`index.patterns.term_postings`), as lists
(:func:`range_postings`) or NumPy arrays (:func:`range_arrays`); None when the segment is
not one this module can read (then that is used instead).
"""

from __future__ import annotations

import struct
from array import array
from bisect import bisect_left
from pickle import dumps, loads
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermsReader

from index.codec import FlatCodec
from index.flatpostings import held, keep
from index.terms import sorted_terms

Postings = tuple[list[int], list[float]]  # ascending live article numbers, their weights
Arrays = tuple[np.ndarray, np.ndarray]  # the same as int64 and float64 arrays

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
    got = range_arrays(reader, fieldname, terms)
    return None if got is None else (got[0].tolist(), got[1].tolist())


def range_arrays(reader: Any, fieldname: str, terms: list[str]) -> Arrays | None:
    """:func:`range_postings` as arrays (int64 article numbers, float64 weights)."""
    tr = getattr(reader, "_terms", None)
    if type(tr) is not W3TermsReader or not isinstance(getattr(tr, "_codec", None), FlatCodec):
        return None
    if not terms:
        return _empty()
    fnum = tr._fieldmap.get(fieldname)
    if fnum is None:
        return _empty()
    field = _FIELD.pack(fnum)
    lists: list[Any] = [held(reader, fieldname, t.encode("utf-8")) for t in terms]
    missing = [i for i, flat in enumerate(lists) if flat is None]
    if missing:
        wanted = [terms[i] for i in missing]
        keys = [field + t.encode("utf-8") for t in wanted]
        infos = _term_infos(reader, tr._tindex, fieldname, wanted, keys)
        if infos is None:
            return None
        read = _postings(tr._postfile, infos)
        if read is None:
            return None
        for i, flat in zip(missing, read, strict=True):  # kept for the next keystroke
            single = flat[1].dtype == np.float32  # not a list inlined in the terms file
            lists[i] = keep(reader, fieldname, terms[i].encode("utf-8"), flat) if single else flat
    deleted = reader._perdoc.deleted_docs() if reader.has_deletions() else ()
    return merged_arrays([(_as_ids(ids), _as_weights(w)) for ids, w in lists], deleted)


def _as_ids(values: Any) -> np.ndarray:
    return np.frombuffer(values, dtype=np.uint32) if isinstance(values, array) else values


def _as_weights(values: Any) -> np.ndarray:
    return np.frombuffer(values, dtype=np.float32) if isinstance(values, array) else values


def _empty() -> Arrays:
    return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)


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


def _postings(postfile: Any, infos: list[bytes]) -> list[Arrays] | None:
    """Each term's posting list: (article numbers, weights) as int64 and float32 arrays."""
    out: list[Arrays] = []
    extents = []
    for value in infos:
        if value[0]:  # inlined in the terms file (not written by Dossier's codec)
            ids, weights, _ = loads(value[_INFO.size :])
            out.append((np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float64)))
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
        got = _blocks(buf, at)
        if got is None:
            return None
        out.append(got)
    return out


def _blocks(buf: memoryview, at: int) -> Arrays | None:
    """One term's postings (its blocks start at ``at`` in ``buf``); None when they are
    not :class:`index.codec.FlatCodec` blocks.

    A block is its byte length, its info (a pickled tuple) and its data (a pickled
    tuple). The info is unpickled from the bytes after the length (what follows is
    ignored) and pickled again for its own length (``pickle.load`` from a file object,
    which knows where it stopped, costs three times as much). The blocks' first ids and
    id deltas are gathered, then summed up in one pass."""
    if buf[at : at + 4] != WHOOSH3_HEADER_MAGIC:
        return None
    pos = at + 4
    firsts: list[int] = []
    counts: list[int] = []
    codes: list[str] = []
    deltas: list[bytes] = []
    weights = array("f")
    while True:
        (length,) = _BLOCK_LENGTH.unpack_from(buf, pos)
        pos += _BLOCK_LENGTH.size
        end = pos + abs(length)
        info = loads(buf[pos:end])
        data_at = pos + len(dumps(info, 2))
        if info[3] or buf[data_at - 1] != _STOP or buf[data_at : data_at + 2] != _PROTO_2:
            return None  # compressed, or not the length it was written with
        (first, (code, block_deltas)), block_weights, _ = loads(buf[data_at:end])
        count = info[0]
        firsts.append(first)
        counts.append(count)
        codes.append(code)
        deltas.append(block_deltas)
        if block_weights is None:
            weights.extend(array("f", [1.0]) * count)
        elif isinstance(block_weights, float):
            weights.extend(array("f", [block_weights]) * count)
        else:
            weights.frombytes(block_weights)
        if length < 0:
            break
        pos = end
    ids = _ids(firsts, counts, codes, deltas)
    if ids is None or len(ids) != len(weights):
        return None
    return ids, np.frombuffer(weights, dtype=np.float32)


def _ids(firsts: list[int], counts: list[int], codes: list[str], deltas: list[bytes]) -> Any:
    """The article numbers of blocks given by their first ids and id deltas (each
    block's ``count - 1`` deltas, as C arrays of type ``code``), as one int64 array."""
    n = np.asarray(counts, dtype=np.int64)
    if len(set(codes)) == 1:
        steps = np.frombuffer(b"".join(deltas), dtype=np.dtype(codes[0])).astype(np.int64)
    else:  # each width's blocks joined, then put in their places
        steps = np.empty(int(n.sum()) - len(n), dtype=np.int64)
        step_starts = np.zeros(len(n), dtype=np.int64)
        np.cumsum(n[:-1] - 1, out=step_starts[1:])
        for code in set(codes):
            mine = [j for j, c in enumerate(codes) if c == code]
            got = np.frombuffer(b"".join(deltas[j] for j in mine), dtype=np.dtype(code))
            sizes = n[mine] - 1
            if len(got) != int(sizes.sum()):
                return None
            local = np.arange(len(got)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
            steps[np.repeat(step_starts[mine], sizes) + local] = got
    if len(steps) != int(n.sum()) - len(n):
        return None
    starts = np.zeros(len(n), dtype=np.int64)
    np.cumsum(n[:-1], out=starts[1:])
    is_step = np.ones(int(n.sum()), dtype=bool)
    is_step[starts] = False
    values = np.empty(len(is_step), dtype=np.int64)
    values[is_step] = steps
    values[starts] = firsts
    sums = np.cumsum(values)
    before = np.zeros(len(n), dtype=np.int64)  # each block's sum before its first id
    before[1:] = sums[starts[1:] - 1]
    return sums - np.repeat(before, n)


def merged(lists: list[tuple[Any, Any]], deleted: Any = ()) -> Postings:
    """:func:`merged_arrays` of any sequences, as lists."""
    ids, weights = merged_arrays(
        [(np.asarray(i, dtype=np.int64), np.asarray(w, dtype=np.float64)) for i, w in lists],
        deleted,
    )
    return ids.tolist(), weights.tolist()


def merged_arrays(lists: list[Arrays], deleted: Any = ()) -> Arrays:
    """The articles of the posting lists ``lists`` (ascending ids, their weights) in
    one ascending array, each with the sum of its weights in float64 (added one by one
    in list order, as Python adds them), without ``deleted``.

    One stable sort of all the ids keeps each article's postings in list order; the
    k-th posting of each article is added in the k-th pass, over the articles having
    that many (one pass for most: few articles hold many of a prefix's words)."""
    if not lists:
        return _empty()
    if len(lists) == 1:
        ids, weights = lists[0][0], lists[0][1].astype(np.float64)
    else:
        all_ids = np.concatenate([ids for ids, _ in lists])
        all_weights = np.concatenate([w.astype(np.float64) for _, w in lists])
        order = np.argsort(all_ids, kind="stable")
        all_ids, all_weights = all_ids[order], all_weights[order]
        new = np.ones(len(all_ids), dtype=bool)
        np.not_equal(all_ids[1:], all_ids[:-1], out=new[1:])
        starts = np.flatnonzero(new)
        ids, weights = all_ids[starts], all_weights[starts]
        if len(starts) < len(all_ids):
            runs = np.diff(np.append(starts, len(all_ids)))
            more = np.flatnonzero(runs > 1)
            k = 1
            while len(more):
                weights[more] += all_weights[starts[more] + k]
                k += 1
                more = more[runs[more] > k]
    dead = np.fromiter(deleted, dtype=np.int64)  # any iterable (Whoosh gives an iterator)
    if len(dead) and len(ids):
        live = ~np.isin(ids, dead)
        ids, weights = ids[live], weights[live]
    return ids.astype(np.int64, copy=False), weights
