"""Exact character spans of a query's matches in a text (a phrase is one span)."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable
from functools import lru_cache

from whoosh import query as wq

from index.analysis import Tok, tokens
from index.query import ParsedQuery
from index.terms import edit_distance

Span = tuple[int, int]


def _pattern_matches(q: wq.Query, word: str) -> bool:
    expansions = getattr(q, "expansions", None)
    if expansions is not None:  # the words a fuzzy query was expanded to
        return word in expansions
    if isinstance(q, wq.FuzzyTerm):
        plen = q.prefixlength
        if plen and word[:plen] != q.text[:plen]:
            return False
        return edit_distance(word, q.text, q.maxdist) <= q.maxdist
    if isinstance(q, wq.Prefix):
        return word.startswith(q.text)
    if isinstance(q, wq.Wildcard):
        return fnmatch.fnmatchcase(word, q.text)
    return False


def find_spans(text: str, parsed: ParsedQuery, fieldname: str) -> list[Span]:
    """Spans of every match of ``parsed`` in ``text`` (as indexed in ``fieldname``)."""
    words = {w for f, w in parsed.terms if f == fieldname}
    patterns = [q for f, q in parsed.patterns if f == fieldname]
    phrases = [p for f, p in parsed.phrases if f == fieldname]
    typed = [p for f, p in parsed.prefix_phrases if f == fieldname]
    sloppy = [(p, slop) for f, p, slop in parsed.sloppy if f == fieldname]
    if not (words or patterns or phrases or typed or sloppy):
        return []
    if not sloppy and text.isascii():
        specs = _ascii_specs(words, patterns, phrases, typed)
        fast = _ascii_matcher(specs) if specs is not None else None
        if fast is not None:
            # (a pattern of wildcards alone, '**', also matches the empty string)
            return merge_spans(m.span(1) for m in fast.finditer(text) if m.end(1) > m.start(1))
    toks = tokens(text)
    spans: list[Span] = []
    if words or patterns:
        for t in toks:
            if t.text in words or any(_pattern_matches(q, t.text) for q in patterns):
                spans.append((t.start, t.end))
    for phrase in phrases:
        spans.extend(_phrase_spans(toks, phrase))
    for phrase in typed:
        spans.extend(_phrase_spans(toks, phrase, last_is_prefix=True))
    for phrase, slop in sloppy:
        spans.extend(_sloppy_spans(toks, phrase, slop))
    return merge_spans(spans)


def _sloppy_spans(toks: list[Tok], phrase: tuple[str, ...], slop: int) -> Iterable[Span]:
    """Spans of ``"a b"~slop`` as Whoosh matches it: each word after the previous one,
    at most ``slop`` positions further, in order."""
    where: dict[str, list[Tok]] = {}
    for t in toks:
        where.setdefault(t.text, []).append(t)
    if not phrase or any(w not in where for w in phrase):
        return
    for first in where[phrase[0]]:
        prev = first
        for w in phrase[1:]:
            nxt = next((t for t in where[w] if prev.pos < t.pos <= prev.pos + slop), None)
            if nxt is None:
                break
            prev = nxt
        else:
            yield (first.start, prev.end)


_ASCII_PATTERN = re.compile(r"[a-z0-9*?]+")
Spec = tuple[tuple[str, str], ...]  # one sequence: (kind, text) per word; kind w/p/g


def _ascii_specs(
    words: set[str],
    patterns: list[wq.Query],
    phrases: list[tuple[str, ...]],
    typed: list[tuple[str, ...]],
) -> frozenset[Spec] | None:
    """The query's words as regex specs for ASCII text, or None when one cannot be (a
    fuzzy word not yet expanded, a word that is not a plain ASCII token)."""
    specs: set[Spec] = {(("w", w),) for w in words}
    for q in patterns:
        expansions = getattr(q, "expansions", None)
        if expansions is not None:
            specs.update((("w", w),) for w in expansions)
        elif isinstance(q, wq.Prefix):
            specs.add((("p", q.text),))
        elif isinstance(q, wq.Wildcard) and _ASCII_PATTERN.fullmatch(q.text):
            specs.add((("g", q.text),))
        else:
            return None
    specs.update(tuple(("w", w) for w in p) for p in phrases)
    specs.update((*(("w", w) for w in p[:-1]), ("p", p[-1])) for p in typed)
    if not specs or not all(
        spec and all(_ASCII_PATTERN.fullmatch(t) for _, t in spec) for spec in specs
    ):
        return None
    if any(k != "g" and ("*" in t or "?" in t) for spec in specs for k, t in spec):
        return None
    return frozenset(specs)


def _word_regex(kind: str, text: str) -> str:
    if kind == "p":
        return re.escape(text) + r"\w*"
    if kind == "g":
        return "".join(r"\w*" if c == "*" else r"\w" if c == "?" else c for c in text) + r"(?!\w)"
    return re.escape(text) + r"(?!\w)"


@lru_cache(maxsize=256)
def _ascii_matcher(specs: frozenset[Spec]) -> re.Pattern[str] | None:
    """A regex equivalent to tokenizing an ASCII text, for ASCII lowercase query words,
    prefixes (a word starting with them) and wildcards.

    In ASCII text a token is a run of ``[A-Za-z0-9_]``; tokens are lowercased; a
    phrase's words are separated by non-word characters within one paragraph (no
    newline).
    """
    # Longest first, inside a lookahead: every start position reports its longest
    # match, so overlapping phrases are all found (the spans are merged afterwards).
    sequences = sorted(specs, key=lambda seq: (-len(seq), seq))
    alts = [r"[^\w\n]+".join(_word_regex(k, t) for k, t in seq) for seq in sequences]
    return re.compile(r"(?<!\w)(?=(" + "|".join(alts) + "))", re.IGNORECASE | re.ASCII)


def _phrase_spans(
    toks: list[Tok], phrase: tuple[str, ...], last_is_prefix: bool = False
) -> Iterable[Span]:
    """Spans of a phrase's occurrences (the last word a prefix: it is being typed)."""
    n = len(phrase)
    if n == 0:
        return
    for i, t in enumerate(toks):
        if i + n > len(toks) or not _word_is(t.text, phrase[0], last_is_prefix and n == 1):
            continue
        run = toks[i : i + n]
        if all(
            _word_is(r.text, w, last_is_prefix and k == n - 1) and r.pos == t.pos + k
            for k, (r, w) in enumerate(zip(run, phrase, strict=True))
        ):
            yield (t.start, run[-1].end)


def _word_is(token: str, word: str, prefix: bool) -> bool:
    return token.startswith(word) if prefix else token == word


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Sorted, with overlapping or nested spans merged into one."""
    out: list[Span] = []
    for s, e in sorted(spans):
        if out and s < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def snippet(text: str, spans: list[Span], width: int = 200) -> tuple[str, list[Span]]:
    """An excerpt of about ``width`` characters around the densest run of matches.

    Returns the excerpt (newlines folded to spaces) and the match spans inside it.
    """
    if not text:
        return "", []
    if not spans:
        start, end = 0, min(len(text), width)
    else:
        best = _densest_start(merge_spans(spans), width - 40)
        start = _word_start(text, max(0, best - 40), best)
        while start < best and text[start].isspace():
            start += 1
        end = min(len(text), start + width)
    end = _word_end(text, end, start)
    while end > start and text[end - 1].isspace():
        end -= 1
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    body = text[start:end].replace("\n", " ")
    shift = len(prefix) - start
    inside = [
        (max(s, start) + shift, min(e, end) + shift) for s, e in spans if s < end and e > start
    ]
    return prefix + body + suffix, inside


_SLIDE = 20  # how far an excerpt's edge moves to reach a word boundary


def _word_start(text: str, i: int, limit: int) -> int:
    """``i`` moved back to the start of the word it falls in (never a word cut in two:
    ``…EXICO CITY``); forward past the word when it is very long (but not past ``limit``)."""
    if i <= 0 or not text[i - 1].isalnum():
        return i
    j = i
    while j > 0 and i - j < _SLIDE and text[j - 1].isalnum():
        j -= 1
    if j == 0 or not text[j - 1].isalnum():
        return j
    k = i
    while k < min(limit, len(text)) and text[k].isalnum():
        k += 1
    return k


def _word_end(text: str, i: int, floor: int) -> int:
    """``i`` moved forward to the end of the word it falls in (or back, for a very long one)."""
    if i >= len(text) or i <= 0 or not (text[i - 1].isalnum() and text[i].isalnum()):
        return i
    k = i
    while k < len(text) and k - i < _SLIDE and text[k].isalnum():
        k += 1
    if k == len(text) or not text[k].isalnum():
        return k
    j = i
    while j > floor + 1 and text[j - 1].isalnum():
        j -= 1
    return j if j > floor + 1 else i


def _densest_start(spans: list[Span], reach: int) -> int:
    """The start of the span from which the most spans end within ``reach`` characters.

    ``spans`` are sorted and disjoint, so their ends increase too: one pass with two
    indices (an article of 24 MB has 685,000 matches of ``the``; comparing every pair
    took hours).
    """
    best, best_count = spans[0][0], 0
    j = 0
    for i, (s, _) in enumerate(spans):
        j = max(j, i)
        while j < len(spans) and spans[j][1] <= s + reach:
            j += 1
        if j - i > best_count:
            best, best_count = s, j - i
    return best


def mark(text: str, spans: list[Span], before: str = "**", after: str = "**") -> str:
    out, pos = [], 0
    for s, e in spans:
        out.append(text[pos:s])
        out.append(before + text[s:e] + after)
        pos = e
    out.append(text[pos:])
    return "".join(out)
