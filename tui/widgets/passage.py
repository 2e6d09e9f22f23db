"""Passages of an article for the document's passage cursor: sentences or paragraphs.

A unit is a ``(start, end)`` span of the article text, trimmed of white space. Units
never cross a paragraph. Sentences come from ``index.sentences`` (through ``index.api``):
they do not end at abbreviations ("U.S.", "Corp.", "Mr.", an initial).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from index.api import paragraph_spans, sentence_spans
from tui.widgets.wrap import Span

GRANULARITIES = ("sentence", "paragraph")


def passage_units(text: str, paragraphs: list[Span], granularity: str) -> list[Span]:
    if granularity == "paragraph":
        return paragraph_spans(text, paragraphs)
    return sentence_spans(text, paragraphs)


@dataclass
class PassageCursor:
    """A cursor over units, with an optional anchor: the selection runs from anchor to cursor."""

    units: list[Span]
    index: int | None = None  # None: the cursor is not shown
    anchor: int | None = None  # where ``v`` started the selection

    def unit_at(self, offset: int) -> int | None:
        """The unit containing ``offset``, else the nearest one after it (else the last)."""
        if not self.units:
            return None
        starts = [s for s, _ in self.units]
        i = max(0, bisect_right(starts, offset) - 1)
        if self.units[i][1] <= offset and i + 1 < len(self.units):
            i += 1
        return i

    @property
    def selecting(self) -> bool:
        return self.anchor is not None

    def span(self) -> Span | None:
        if self.index is None or not self.units:
            return None
        lo = self.index if self.anchor is None else min(self.index, self.anchor)
        hi = self.index if self.anchor is None else max(self.index, self.anchor)
        return (self.units[lo][0], self.units[hi][1])

    def move(self, step: int) -> None:
        if self.index is None or not self.units:
            return
        self.index = max(0, min(len(self.units) - 1, self.index + step))

    def regranulate(self, units: list[Span]) -> None:
        """Switch to other units, keeping the cursor (and anchor) at the same text."""
        old = self.units
        self.units = units

        def remap(i: int | None) -> int | None:
            return None if i is None or not old else self.unit_at(old[i][0])

        self.index, self.anchor = remap(self.index), remap(self.anchor)
