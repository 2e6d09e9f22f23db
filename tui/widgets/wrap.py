"""Word wrapping that keeps character offsets, so a span of the text maps to screen lines."""

from __future__ import annotations

import re

from rich.cells import cell_len

_WORD = re.compile(r"\S+")

Span = tuple[int, int]


def _fold(text: str, start: int, end: int, width: int) -> list[Span]:
    """Split text[start:end] (one long word) into pieces of at most ``width`` cells."""
    out: list[Span] = []
    piece, cells = start, 0
    for i in range(start, end):
        w = cell_len(text[i])
        if cells + w > width and i > piece:
            out.append((piece, i))
            piece, cells = i, 0
        cells += w
    out.append((piece, end))
    return out


def wrap_offsets(text: str, width: int) -> list[Span]:
    """Lines of ``text`` (no newlines in it) as (start, end) offsets, each at most ``width`` cells.

    Breaks at whitespace; a word longer than the width is folded. Trailing
    spaces are left out of a line. An empty text is one empty line.
    """
    width = max(width, 1)
    lines: list[Span] = []
    line_start: int | None = None
    line_end = 0
    cells = 0
    for m in _WORD.finditer(text):
        ws, we = m.span()
        wcells = cell_len(m.group())
        if line_start is not None:
            gap = cell_len(text[line_end:ws])
            if cells + gap + wcells <= width:
                cells += gap + wcells
                line_end = we
                continue
            lines.append((line_start, line_end))
        if wcells > width:
            pieces = _fold(text, ws, we, width)
            lines.extend(pieces[:-1])
            line_start, line_end = pieces[-1]
            cells = cell_len(text[line_start:line_end])
        else:
            line_start, line_end, cells = ws, we, wcells
    if line_start is not None:
        lines.append((line_start, line_end))
    return lines or [(0, 0)]


DOC_GUTTER = 1  # blank columns left and right of an article's text (the left one marks bookmarks)
