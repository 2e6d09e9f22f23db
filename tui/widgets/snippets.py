"""Where a result's one-line snippet starts: at a word, with its first match on screen.

The snippet is article text: these functions only measure it (cells, word starts).
"""

from __future__ import annotations

from rich.cells import cell_len

SNIPPET_LEAD = 12  # cells of context kept before a match the snippet line must show


def _in_word(c: str) -> bool:
    return c.isalnum() or c in "'’_"


def word_start(text: str, i: int) -> bool:
    """Whether a crop at ``i`` starts at a word: after a space (``(98)``), or a word's
    first character after a character that is not part of a word (``-``, ``…``, ``/``)."""
    if i <= 0:
        return True
    before, at = text[i - 1], text[i]
    return (before.isspace() and not at.isspace()) or (_in_word(at) and not _in_word(before))


def snippet_start(text: str, spans: list[tuple[int, int]], width: int) -> int:
    """Where to start a one-line snippet of ``width`` cells so that its first match is on
    screen: 0 when it already is, else the start of a word (a crop is drawn as "…" before
    it), about :data:`SNIPPET_LEAD` cells before the match, never inside a word unless
    the match itself starts inside one (then at the match)."""
    if not spans or cell_len(text) <= width:
        return 0
    first_start, first_end = spans[0]
    if cell_len(text[:first_end]) <= width:
        return 0

    def shows_match(start: int) -> bool:
        return 1 + cell_len(text[start:first_end]) <= width  # 1: the ellipsis

    starts = [i for i in range(1, first_start + 1) if word_start(text, i) and shows_match(i)]
    if not starts:
        return first_start  # no whole word before the match fits: the match first
    before = [i for i in starts if first_start - i >= SNIPPET_LEAD]
    # the nearest word start leaving at least the lead, else the farthest that fits
    return before[-1] if before else starts[0]
