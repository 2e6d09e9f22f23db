"""A segment's terms of one field as a sorted in-memory list: prefix, wildcard and fuzzy
expansion without walking Whoosh's term dictionary on disk.

Whoosh expands ``con*`` or ``barrel~`` by walking its term file one seek and read at a
time, three times per query and field (estimate, matcher, count). Here each segment
reader loads a field's terms once (~70 ms for the 42,000 body terms of 19,043 Reuters
articles), then a prefix is two bisections, a wildcard a regex over a bisected range,
and a fuzzy word a neighbourhood looked up in a set (distance 1) or a length-bucketed
scan with a cheap letter-count filter before the exact edit distance (distance 2+).
"""

from __future__ import annotations

import fnmatch
import re
from bisect import bisect_left
from typing import Any

from index.segcache import segment_cache


def sorted_terms(reader: Any, fieldname: str) -> list[str]:
    """The segment's terms of ``fieldname``, sorted (Whoosh's own order: by bytes)."""
    cache = segment_cache(reader)
    key = ("terms", fieldname)
    terms = cache.get(key)
    if terms is None:
        if fieldname in reader.schema:
            terms = [b.decode("utf-8") for b in reader.lexicon(fieldname)]
        else:
            terms = []
        cache[key] = terms
    return terms


def _term_set(reader: Any, fieldname: str) -> frozenset[str]:
    cache = segment_cache(reader)
    key = ("termset", fieldname)
    got = cache.get(key)
    if got is None:
        got = cache[key] = frozenset(sorted_terms(reader, fieldname))
    return got


def _alphabet(reader: Any, fieldname: str) -> str:
    cache = segment_cache(reader)
    key = ("alphabet", fieldname)
    got = cache.get(key)
    if got is None:
        got = cache[key] = "".join(sorted(set().union(*map(set, sorted_terms(reader, fieldname)))))
    return got


def _range(terms: list[str], prefix: str) -> tuple[int, int]:
    lo = bisect_left(terms, prefix)
    if not prefix:
        return 0, len(terms)
    # The first string after every string that starts with ``prefix``.
    hi = bisect_left(terms, prefix[:-1] + chr(ord(prefix[-1]) + 1), lo)
    return lo, hi


def terms_with_prefix(reader: Any, fieldname: str, prefix: str) -> list[str]:
    terms = sorted_terms(reader, fieldname)
    lo, hi = _range(terms, prefix)
    return terms[lo:hi]


def terms_like(reader: Any, fieldname: str, pattern: str) -> list[str]:
    """Terms matching a wildcard pattern (``*`` any run, ``?`` one character)."""
    literal = re.match(r"[^*?\[]*", pattern).group(0)  # type: ignore[union-attr]
    terms = sorted_terms(reader, fieldname)
    lo, hi = _range(terms, literal)
    rx = re.compile(fnmatch.translate(pattern), re.DOTALL)
    return list(filter(rx.match, terms[lo:hi]))


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, or ``limit + 1`` once it is certain to exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


def prefix_distance(word: str, term: str, limit: int) -> int:
    """The smallest edit distance between ``word`` and a prefix of ``term`` (``zinovx``
    and ``zinoviev``: 1), or ``limit + 1`` once it is certain to exceed ``limit``."""
    prev = list(range(len(term) + 1))
    for i, ca in enumerate(word, 1):
        cur = [i]
        for j, cb in enumerate(term, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return min(min(prev), limit + 1)


def completions_near(reader: Any, fieldname: str, word: str, maxdist: int) -> list[str]:
    """Terms starting with a string within edit distance ``maxdist`` of ``word`` (a word
    being typed, not yet matching anything): its neighbours' completions for distance 1,
    a scan of the terms sharing its first two letters for more."""
    terms = sorted_terms(reader, fieldname)
    if maxdist <= 1:
        out: set[str] = set()
        for near in _neighbours(word, _alphabet(reader, fieldname)):
            if len(near) >= 2:
                lo, hi = _range(terms, near)
                out.update(terms[lo:hi])
        return sorted(out)
    return [
        t
        for t in terms_with_prefix(reader, fieldname, word[:2])
        if prefix_distance(word, t, maxdist) <= maxdist
    ]


def _neighbours(word: str, alphabet: str) -> set[str]:
    """Every string at edit distance 1 from ``word`` (letters from ``alphabet``)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out.update(a + c + b[1:] for a, b in splits if b for c in alphabet)
    out.update(a + c + b for a, b in splits for c in alphabet)
    return out


def fuzzy_terms(
    reader: Any, fieldname: str, word: str, maxdist: int, prefixlength: int = 0
) -> list[str]:
    """Terms within Levenshtein distance ``maxdist`` of ``word`` that share its first
    ``prefixlength`` characters (Whoosh's ``FuzzyTerm``), sorted."""
    fixed = word[:prefixlength]
    if maxdist <= 0:
        return [word] if word in _term_set(reader, fieldname) else []
    if maxdist == 1:
        have = _term_set(reader, fieldname)
        near = _neighbours(word, _alphabet(reader, fieldname)) | {word}
        return sorted(t for t in near if t in have and t.startswith(fixed))
    n = len(word)
    want = _mask(word)
    out = []
    if fixed:  # the words sharing the first characters: a bisected range, usually small
        for t in terms_with_prefix(reader, fieldname, fixed):
            if abs(len(t) - n) <= maxdist and edit_distance(word, t, maxdist) <= maxdist:
                out.append(t)
        return out
    for length in range(max(1, n - maxdist), n + maxdist + 1):
        terms, masks = _by_length(reader, fieldname).get(length, ((), ()))
        # Each edit changes the set of letters by at most two: a cheap bound first.
        for t, m in zip(terms, masks, strict=True):
            if (
                (m ^ want).bit_count() <= 2 * maxdist
                and t.startswith(fixed)
                and edit_distance(word, t, maxdist) <= maxdist
            ):
                out.append(t)
    return sorted(out)


def _mask(word: str) -> int:
    m = 0
    for ch in word:
        m |= 1 << (ord(ch) & 63)
    return m


def _by_length(reader: Any, fieldname: str) -> dict[int, tuple[list[str], list[int]]]:
    cache = segment_cache(reader)
    key = ("by_length", fieldname)
    got = cache.get(key)
    if got is None:
        groups: dict[int, list[str]] = {}
        for t in sorted_terms(reader, fieldname):
            groups.setdefault(len(t), []).append(t)
        got = cache[key] = {n: (ts, [_mask(t) for t in ts]) for n, ts in groups.items()}
    return got
