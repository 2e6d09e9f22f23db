"""Finding a bookmarked quote again after its article changed.

A bookmark keeps a W3C TextQuoteSelector (``quote`` with ``prefix`` and ``suffix``)
and a TextPositionSelector (``start``/``end``), taken from the article's text when
it was made. :func:`anchor` looks for the quote in the current text and says how
well it was found:

``exact``     the quote is at its stored offsets;
``moved``     the same quote, at other offsets (the context picks among repeats);
``fuzzy``     only a close match (character edit ratio >= ``MIN_SCORE``);
``orphaned``  nothing close enough, or nothing that can be told apart safely.

The character edit ratio of a candidate is ``1 - levenshtein(quote, candidate) /
max(len(quote), len(candidate))``. Levenshtein distances use Myers' bit-parallel
algorithm (one pass over the text, the pattern packed into one Python integer), so
scoring a window is linear in the window's length.

Never the wrong place: a candidate away from the stored offsets is accepted only if
its context agrees (the text before it resembles the stored prefix, or the text after
it the stored suffix), or if the quote is long enough to be distinctive on its own and
it is the only candidate. Otherwise the bookmark is orphaned rather than moved to a
look-alike passage.

Efficiency: the fuzzy search never scans the whole text with an edit-distance matcher.
Exact occurrences of pieces of the quote and of the ends of its prefix and suffix vote
for where the quote starts; only the few best-voted windows (each ``len(quote)`` plus a
margin of the allowed edits) are scored. Pieces that occur very often vote for nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "CONTEXT_CHARS",
    "MIN_SCORE",
    "Anchor",
    "anchor",
    "edit_ratio",
    "find_quote",
    "levenshtein",
    "selector_at",
]

EXACT, MOVED, FUZZY, ORPHANED = "exact", "moved", "fuzzy", "orphaned"
STATUSES = (EXACT, MOVED, FUZZY, ORPHANED)

MIN_SCORE = 0.85  # the least edit ratio of a fuzzy match
CONTEXT_CHARS = 32  # prefix and suffix length stored with a quote
CONTEXT_MIN = 0.7  # edit ratio of prefix (or suffix) for the context to "agree"
DISTINCT_LEN = 32  # a quote at least this long may be trusted without its context
BOUNDARY = "\x00"  # stands for the start or end of the text in a context comparison

MAX_EXACT = 1000  # exact occurrences examined one by one
MAX_PIECES = 16  # pieces of the quote used as seeds for the fuzzy search
MAX_PIECE_HITS = 64  # a piece found more often than this votes for nothing
MAX_WINDOWS = 8  # windows scored with an edit distance
SEED_CONTEXT = 16  # characters of prefix/suffix used as seeds


@dataclass(frozen=True)
class Anchor:
    status: str
    start: int | None = None
    end: int | None = None
    matched: str | None = None
    score: float | None = None


# -- edit distance ---------------------------------------------------------------


def _peq(pattern: str) -> dict[str, int]:
    table: dict[str, int] = {}
    for i, ch in enumerate(pattern):
        table[ch] = table.get(ch, 0) | (1 << i)
    return table


def _column_scores(pattern: str, text: str, anchored: bool) -> list[int]:
    """Myers/Hyyrö bit-parallel edit distance, one score per text position.

    ``scores[j]`` is the distance between ``pattern`` and the best substring of
    ``text`` ending at ``j + 1``; with ``anchored`` the substring must start at 0
    (so ``scores[-1]`` is the plain Levenshtein distance).
    """
    m = len(pattern)
    if m == 0:
        return [0 if not anchored else j + 1 for j in range(len(text))]
    peq = _peq(pattern)
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    carry = 1 if anchored else 0
    pv, mv, score = mask, 0, m
    scores: list[int] = []
    append = scores.append
    for ch in text:
        eq = peq.get(ch, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = ((ph << 1) | carry) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
        append(score)
    return scores


def levenshtein(a: str, b: str) -> int:
    """The number of single-character insertions, deletions and substitutions."""
    if a == b:
        return 0
    if not a or not b:
        return len(a) or len(b)
    if len(a) < len(b):  # loop over the shorter string, pack the longer into bits
        a, b = b, a
    return _column_scores(a, b, anchored=True)[-1]


def edit_ratio(a: str, b: str) -> float:
    """1 - levenshtein(a, b) / max(len(a), len(b)); 1.0 for two empty strings."""
    longest = max(len(a), len(b))
    return 1.0 if longest == 0 else 1.0 - levenshtein(a, b) / longest


# -- selectors -------------------------------------------------------------------


def selector_at(
    text: str, start: int, end: int, context: int = CONTEXT_CHARS
) -> tuple[str, str, str]:
    """(quote, prefix, suffix) for ``text[start:end]``."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"invalid range {start}-{end} for a text of {len(text)} characters")
    return text[start:end], text[max(0, start - context) : start], text[end : end + context]


_EQUIVALENT = ["'’‘ʼ′`", '"“”„″', "-‐‑‒–—―"]
_CLASS_OF = {ch: "[" + re.escape(group) + "]" for group in _EQUIVALENT for ch in group}


def find_quote(text: str, quote: str) -> list[tuple[int, int]]:
    """Where ``quote`` occurs in ``text``: exactly, else ignoring differences in
    whitespace runs and in typographic quotes and dashes (as typed on a keyboard)."""
    quote = quote.strip()
    if not quote:
        return []
    spans = [(s, s + len(quote)) for s in _find_all(text, quote, cap=None)]
    if spans:
        return spans
    parts: list[str] = []
    for chunk in re.split(r"(\s+)", quote):
        if not chunk:
            continue
        if chunk.isspace():
            parts.append(r"\s+")
        else:
            parts.append("".join(_CLASS_OF.get(ch) or re.escape(ch) for ch in chunk))
    return [m.span() for m in re.finditer("".join(parts), text)]


def _find_all(text: str, needle: str, cap: int | None) -> list[int]:
    """Start offsets of ``needle`` (overlaps included); [] if there are more than ``cap``."""
    found: list[int] = []
    if not needle:
        return found
    i = text.find(needle)
    while i != -1:
        found.append(i)
        if cap is not None and len(found) > cap:
            return []
        i = text.find(needle, i + 1)
    return found


# -- anchoring -------------------------------------------------------------------


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    score: float
    context: float  # agreement of the better side of the context
    other: float  # ... and of the worse side
    distance: int

    def overlaps(self, other: _Candidate) -> bool:
        return self.start < other.end and other.start < self.end


def _side_score(stored: str, actual: str, at_edge: bool, before: bool) -> float:
    """Agreement of one side of the context, weighted by how much context there is.

    A stored side shorter than ``CONTEXT_CHARS`` means the text's edge was that close; the
    edge is then compared too, as one more character. A short side is weak evidence."""
    if not stored and not at_edge:
        return 0.0
    marked = len(stored) < CONTEXT_CHARS
    if marked:
        stored = BOUNDARY + stored if before else stored + BOUNDARY
    if at_edge:
        actual = BOUNDARY + actual if before else actual + BOUNDARY
    return edit_ratio(stored, actual) * min(1.0, len(stored) / CONTEXT_CHARS)


def _context_score(
    text: str, start: int, end: int, prefix: str, suffix: str
) -> tuple[float, float]:
    """How well the text around [start, end) agrees with the stored context (0..1), as
    (better side, worse side): an insertion on one side must not hide the other."""
    n = len(prefix)
    marked = n < CONTEXT_CHARS
    before = _side_score(
        prefix, text[max(0, start - n) : start], start <= n if marked else start < n, True
    )
    n = len(suffix)
    marked = n < CONTEXT_CHARS
    rest = len(text) - end
    after = _side_score(suffix, text[end : end + n], rest <= n if marked else rest < n, False)
    return max(before, after), min(before, after)


def anchor(
    text: str,
    quote: str,
    prefix: str,
    suffix: str,
    start: int,
    end: int,
    hints: tuple[int, ...] = (),
    min_score: float = MIN_SCORE,
) -> Anchor:
    """Find ``quote`` (stored at ``start``-``end`` with ``prefix``/``suffix``) in ``text``.

    ``hints`` are other likely start offsets (e.g. where it was found last time);
    they only break ties and seed the search, they never make a match.
    """
    if not quote:
        return Anchor(ORPHANED)
    if (
        text[start:end] == quote
        and min(_context_score(text, start, end, prefix, suffix)) >= CONTEXT_MIN
    ):
        return Anchor(EXACT, start, end, quote, 1.0)  # the quote and all its context in place
    positions = (start, *hints)

    def distance(s: int) -> int:
        return min(abs(s - p) for p in positions)

    candidates = [
        _Candidate(
            s,
            s + len(quote),
            1.0,
            *_context_score(text, s, s + len(quote), prefix, suffix),
            distance(s),
        )
        for s in _exact_starts(text, quote, prefix, suffix, positions)
        if _same_word_edges(text, s, s + len(quote), quote, prefix, suffix)
    ]
    if not any(c.context >= CONTEXT_MIN for c in candidates):
        for fuzzy in _fuzzy_candidates(text, quote, prefix, suffix, positions, min_score):
            if not any(fuzzy.overlaps(c) for c in candidates):
                candidates.append(fuzzy)
    best = _choose(candidates, start, len(quote))
    if best is None:
        return Anchor(ORPHANED)
    matched = text[best.start : best.end]
    if best.score >= 1.0:
        status = EXACT if (best.start, best.end) == (start, end) else MOVED
        return Anchor(status, best.start, best.end, matched, 1.0)
    return Anchor(FUZZY, best.start, best.end, matched, round(best.score, 4))


def _same_word_edges(text: str, start: int, end: int, quote: str, prefix: str, suffix: str) -> bool:
    """A quote that began (ended) at a word boundary is not found inside a word."""

    def cut(before: str, after: str) -> bool:  # a boundary between two word characters?
        return bool(before) and bool(after) and before.isalnum() and after.isalnum()

    if not cut(prefix[-1:], quote[0]) and cut(text[start - 1 : start] if start else "", quote[0]):
        return False
    return cut(quote[-1], suffix[:1]) or not cut(quote[-1], text[end : end + 1])


def _choose(candidates: list[_Candidate], start: int, quote_len: int) -> _Candidate | None:
    if not candidates:
        return None
    # Trusted: the context agrees, or it is the very quote at its stored offsets.
    trusted = [
        c for c in candidates if c.context >= CONTEXT_MIN or (c.score >= 1.0 and c.start == start)
    ]
    if trusted:
        return max(
            trusted,
            key=lambda c: (c.context >= CONTEXT_MIN, c.score, c.context, c.other, -c.distance),
        )
    # No context to go by: trust the quote alone only if it is distinctive and unique.
    if quote_len >= DISTINCT_LEN and len(candidates) == 1:
        return candidates[0]
    return None


def _exact_starts(
    text: str, quote: str, prefix: str, suffix: str, positions: tuple[int, ...]
) -> list[int]:
    starts = _find_all(text, quote, cap=MAX_EXACT)
    if not starts and quote in text:  # too many to examine: those with some context
        found = {p for p in positions if text.startswith(quote, p)}
        before, after = prefix[-8:], suffix[:8]
        if before:
            found.update(s + len(before) for s in _find_all(text, before + quote, cap=MAX_EXACT))
        if after:
            found.update(_find_all(text, quote + after, cap=MAX_EXACT))
        starts = sorted(found)
    return starts


def _fuzzy_candidates(
    text: str,
    quote: str,
    prefix: str,
    suffix: str,
    positions: tuple[int, ...],
    min_score: float,
) -> list[_Candidate]:
    length = len(quote)
    max_edits = int(length * (1 - min_score) / min_score)  # ratio >= min_score allows no more
    if max_edits == 0:
        return []
    votes = _votes(text, quote, prefix, suffix, max_edits)
    windows = _windows(votes, positions, max_edits)
    margin = 2 * max_edits + 1
    found: list[_Candidate] = []
    for guess in windows:
        lo = max(0, guess - margin)
        hi = min(len(text), guess + length + margin)
        if hi <= lo:
            continue
        best = _best_in_window(quote, text, lo, hi)
        if best is None:
            continue
        s, e, dist = best
        score = 1.0 - dist / max(length, e - s)
        if score < min_score or score >= 1.0:  # exact ones were found already
            continue
        cand = _Candidate(
            s,
            e,
            score,
            *_context_score(text, s, e, prefix, suffix),
            min(abs(s - p) for p in positions),
        )
        if not any(cand.overlaps(f) for f in found):
            found.append(cand)
    return found


def _votes(text: str, quote: str, prefix: str, suffix: str, max_edits: int) -> list[int]:
    """Guesses of where the quote starts, one per seed occurrence."""
    length = len(quote)
    # Pigeonhole: split into max_edits + 1 pieces and one of them survives intact.
    # (Capped at MAX_PIECES for very long quotes, where pieces are long and specific.)
    count = max(1, min(max_edits + 1, MAX_PIECES, length // 4))
    size = length // count
    guesses: list[int] = []
    for i in range(count):
        offset = i * size
        piece = quote[offset : length if i == count - 1 else offset + size]
        guesses.extend(p - offset for p in _find_all(text, piece, cap=MAX_PIECE_HITS))
    before, after = prefix[-SEED_CONTEXT:], suffix[:SEED_CONTEXT]
    if before:
        guesses.extend(p + len(before) for p in _find_all(text, before, cap=MAX_PIECE_HITS))
    if after:
        guesses.extend(p - length for p in _find_all(text, after, cap=MAX_PIECE_HITS))
    return guesses


def _windows(votes: list[int], positions: tuple[int, ...], max_edits: int) -> list[int]:
    """The best-voted start guesses (clustered), then the position hints."""
    clusters: list[list[int]] = []
    for guess in sorted(votes):
        if clusters and guess - clusters[-1][-1] <= max_edits + 1:
            clusters[-1].append(guess)
        else:
            clusters.append([guess])
    clusters.sort(key=lambda c: (-len(c), min(abs(c[0] - p) for p in positions)))
    chosen = [c[len(c) // 2] for c in clusters[:MAX_WINDOWS]]
    return chosen + [p for p in positions if p not in chosen]


def _best_in_window(quote: str, text: str, lo: int, hi: int) -> tuple[int, int, int] | None:
    """The substring of text[lo:hi] closest to ``quote``: (start, end, distance)."""
    window = text[lo:hi]
    ends = _column_scores(quote, window, anchored=False)
    if not ends:
        return None
    dist = min(ends)
    end = ends.index(dist) + 1
    # Where does it start? Align the reversed quote with the text read backwards from end.
    backwards = _column_scores(quote[::-1], window[:end][::-1], anchored=True)
    best_len, best_dist = None, None
    for n, d in enumerate(backwards, 1):
        if (
            best_dist is None
            or d < best_dist
            or (
                d == best_dist and abs(n - len(quote)) < abs(best_len - len(quote))  # type: ignore[operator]
            )
        ):
            best_len, best_dist = n, d
    if best_len is None or best_dist is None:
        return None
    return lo + end - best_len, lo + end, best_dist
