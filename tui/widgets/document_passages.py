"""The reader's passages: the passage cursor (``[``/``]``), ``v`` selection, the mouse,
and ``m`` to bookmark the passage. A part of ``DocumentView`` (kept apart to keep each
module small); it uses the view's rows and spans.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

from textual import events
from textual.selection import Selection

from tui.widgets.passage import GRANULARITIES, passage_units
from tui.widgets.wrap import DOC_GUTTER, Span

if TYPE_CHECKING:
    from tui.widgets.document import Page, Row
    from tui.widgets.passage import PassageCursor

GUTTER = DOC_GUTTER


class PassageActions:
    """Mixed into ``DocumentView``."""

    page: Page | None
    cursor: PassageCursor
    fixed: Span | None
    current: Span | None
    granularity: str
    _rows: list[Row]
    _body_rows: list[int]

    # -- passages: the cursor, the selection, bookmarking ---------------------------------
    def _units(self) -> list[Span]:
        if self.page is None:
            return []
        return passage_units(self.page.text, self.page.paragraphs, self.granularity)

    def passage_span(self) -> Span | None:
        """What ``m`` bookmarks: the mouse selection, else a passage shown on request, else
        the passage cursor's selection (or unit)."""
        if self.page is None:
            return None
        selection = self.text_selection
        if selection is not None:
            span = self.selection_span(selection)
            if span is not None:
                return span
        if self.fixed is not None:
            return self.fixed
        return self.cursor.span()

    def passage_text(self) -> str:
        span = self.passage_span()
        return self.page.text[span[0] : span[1]] if self.page and span else ""

    def show_passage(self, span: Span) -> None:
        """Highlight ``span`` (clipped to the text) and scroll to it."""
        if self.page is None:
            return
        s, e = max(0, span[0]), min(len(self.page.text), span[1])
        self.fixed = (s, e) if e > s else None
        self.cursor.anchor = None
        self.cursor.index = self.cursor.unit_at(s)
        self._invalidate()
        if self.fixed:
            self._scroll_into_view(s, e)

    def _default_unit(self) -> int | None:
        """Where the cursor appears: at a passage shown on request, at the current match if it
        is in view, else at the first passage in view."""
        if self.fixed is not None:
            return self.cursor.unit_at(self.fixed[0])
        if self.current is not None and self._in_view(self.current[0]):
            return self.cursor.unit_at(self.current[0])
        return self.cursor.unit_at(self.top_offset())

    def _in_view(self, offset: int) -> bool:
        row = self.row_of_offset(offset)
        top = int(self.scroll_y)
        return top <= row < top + max(self.scrollable_content_region.height, 1)

    def _place_cursor(self) -> bool:
        """Show the cursor where the reader is; True if it was placed (not moved)."""
        c = self.cursor
        if c.index is not None and (c.selecting or self._in_view(c.units[c.index][0])):
            return False
        c.index = self._default_unit()
        c.anchor = None
        return True

    def _cursor_changed(self) -> None:
        self.fixed = None
        self._clear_mouse_selection()
        self._invalidate()
        if self.cursor.index is not None:
            self._scroll_into_view(*self.cursor.units[self.cursor.index])

    def _scroll_into_view(self, start: int, end: int) -> None:
        first, last = self.row_of_offset(start), self.row_of_offset(max(start, end - 1))
        top = int(self.scroll_y)
        height = max(self.scrollable_content_region.height, 1)
        if first < top or last >= top + height:
            y = first - height // 3 if last - first < height else first
            self.scroll_to(y=max(0, y), animate=False, immediate=True, force=True)

    def action_passage(self, step: int) -> None:
        if self.page is None or not self.cursor.units:
            return
        if self.fixed is not None and self.cursor.index is not None:
            self.cursor.anchor = None
        elif self._place_cursor():
            self._cursor_changed()
            return
        self.cursor.move(step)
        self._cursor_changed()

    def action_toggle_select(self) -> None:
        """``v``: start a selection at the cursor (movement extends it); again: stop."""
        if self.page is None or not self.cursor.units:
            return
        c = self.cursor
        if c.selecting:
            c.anchor = None
        else:
            if self.fixed is None:
                self._place_cursor()
            c.anchor = c.index
        self._cursor_changed()

    def action_toggle_granularity(self) -> None:
        i = GRANULARITIES.index(self.granularity)
        self.granularity = GRANULARITIES[(i + 1) % len(GRANULARITIES)]
        self.cursor.regranulate(self._units())
        self._invalidate()
        self.notify(f"Passages: {self.granularity}s", timeout=2, markup=False)

    @property
    def has_passage_selection(self) -> bool:
        """A selection (mouse, ``v``) or a passage shown on request: Esc ends it."""
        return self.text_selection is not None or self.cursor.selecting or self.fixed is not None

    def clear_passage_selection(self) -> None:
        self.cursor.anchor = None
        self.fixed = None
        self._clear_mouse_selection()
        self._invalidate()

    def action_bookmark(self) -> None:
        if self.page is None:
            return
        span = self.passage_span()
        if span is None:
            if self.cursor.index is None:
                self.cursor.index = self._default_unit()
                self._invalidate()
            span = self.cursor.span()
        if span is None:
            self.app.bell()
            return
        self.post_message(self.BookmarkRequested(self.page.doc_id, *span))

    # -- the mouse: a click moves the cursor, shift+click extends, a drag selects ------------
    def _clear_mouse_selection(self) -> None:
        if self.is_attached and self.text_selection is not None:
            self.screen.clear_selection()

    def offset_at(self, row: int, column: int, end: bool = False) -> int | None:
        """The text offset at a row and (text) column; off the body text, the nearest body
        offset after it (``end``: before it)."""
        if self.page is None or not self._body_rows:
            return None
        row = max(0, min(row, len(self._rows) - 1))
        r = self._rows[row]
        if r.kind == "body":
            return r.start + max(0, min(column, r.end - r.start))
        if end:
            i = bisect_left(self._body_rows, row) - 1
            return self._rows[self._body_rows[i]].end if i >= 0 else 0
        i = bisect_left(self._body_rows, row)
        if i >= len(self._body_rows):
            return len(self.page.text)
        return self._rows[self._body_rows[i]].start

    def selection_span(self, selection: Selection) -> Span | None:
        """The article text a (mouse) selection covers, as offsets."""
        if self.page is None:
            return None
        text_len = len(self.page.text)
        start: int | None = 0
        end: int | None = text_len
        if selection.start is not None:
            start = self.offset_at(selection.start.y, selection.start.x - GUTTER)
        if selection.end is not None:
            end = self.offset_at(selection.end.y, selection.end.x - GUTTER, end=True)
        if start is None or end is None or end <= start:
            return None
        return (start, end)

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        span = self.selection_span(selection)
        if span is None or self.page is None:
            return None
        return self.page.text[span[0] : span[1]], "\n"

    def selection_updated(self, selection: Selection | None) -> None:
        self._invalidate()

    def on_click(self, event: events.Click) -> None:
        if self.page is None or event.chain != 1:
            return
        x, y = event.x + int(self.scroll_x), event.y + int(self.scroll_y)
        offset = self.offset_at(y, x - GUTTER)
        unit = None if offset is None else self.cursor.unit_at(offset)
        if unit is None:
            return
        c = self.cursor
        if event.shift:
            if c.index is None:
                c.index = self._default_unit()
            if c.anchor is None:
                c.anchor = c.index
        else:
            c.anchor = None
        c.index = unit
        self.fixed = None
        self._invalidate()
