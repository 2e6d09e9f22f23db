"""The open article, wrapped to the pane, with the query's matches highlighted.

A line-API widget: the article is wrapped once per width into rows that keep
their character offsets, so a match span maps to a screen line, n/N can move
between spans, and the reading position is stored as an offset (it survives
a different terminal width). Article text is only ever put in ``rich.text.Text``
objects: it is never parsed as markup.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.keys import bindings_for
from tui.widgets.document_passages import PassageActions
from tui.widgets.passage import GRANULARITIES, PassageCursor
from tui.widgets.wrap import DOC_GUTTER, Span, wrap_offsets

GUTTER = DOC_GUTTER
BOOKMARK_MARK = "▌"  # in the left gutter of a row with a bookmarked passage (survives NO_COLOR)
MATCH_MARK = "▐"  # in the right column, where the view's rows map the article's matches
STRIP_CACHE = 1024  # rendered rows kept (least recently used dropped): a few screens


@dataclass(frozen=True)
class Row:
    kind: str  # "title" | "meta" | "body" | "blank" | "note"
    start: int = 0
    end: int = 0


@dataclass
class Page:
    """What the view shows: one article and the spans to mark in it."""

    doc_id: str
    title: str
    text: str
    paragraphs: list[Span]
    meta: str = ""
    body_spans: list[Span] = field(default_factory=list)
    title_spans: list[Span] = field(default_factory=list)
    actor_spans: list[Span] = field(default_factory=list)
    bookmark_spans: list[Span] = field(default_factory=list)


def normalise(spans: list[Span], limit: int) -> list[Span]:
    """Sorted, clipped to [0, limit], overlapping spans merged."""
    out: list[Span] = []
    for s, e in sorted(spans):
        s, e = max(0, s), min(limit, e)
        if e <= s:
            continue
        if out and s < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


class DocumentView(PassageActions, ScrollView, can_focus=True):
    """The article reader."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("document")

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "document--title",
        "document--meta",
        "document--match",
        "document--current",
        "document--actor",
        "document--note",
        "document--passage",
        "document--bookmark",
        "document--bookmark-mark",
    }

    class MatchesExhausted(Message):
        """n past the last match (forward=True) or N before the first one."""

        def __init__(self, forward: bool) -> None:
            super().__init__()
            self.forward = forward

    class BookmarkRequested(Message):
        """``m``: bookmark ``text[start:end]`` of the open article."""

        def __init__(self, doc_id: str, start: int, end: int) -> None:
            super().__init__()
            self.doc_id = doc_id
            self.start = start
            self.end = end

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.page: Page | None = None
        self.note = "No article open. Press / to search, Enter to open a result."
        self.show_actors = False
        self.current: Span | None = None  # the match (or mention) shown as current
        self._rows: list[Row] = []
        self._body_rows: list[int] = []  # row index of each body row, in text order
        self._body_starts: list[int] = []
        self._cache: OrderedDict[int, Strip] = OrderedDict()  # bounded: STRIP_CACHE
        self._span_starts: list[int] = []
        self._span_ends: list[int] = []
        self._ruler: tuple[tuple[int, int, int], frozenset[int]] | None = None
        self.granularity = GRANULARITIES[0]
        self.cursor = PassageCursor([])
        self.fixed: Span | None = None  # a passage shown on request (a bookmark jumped to)

    # -- content -----------------------------------------------------------------
    def show(self, page: Page | None, at: int | str | None = None) -> None:
        """Show ``page``; ``at`` is "first"/"last" (match) or a text offset to scroll to."""
        if page is not None:
            page.body_spans = normalise(page.body_spans, len(page.text))
            page.title_spans = normalise(page.title_spans, len(page.title))
            page.actor_spans = normalise(page.actor_spans, len(page.text))
            page.bookmark_spans = normalise(page.bookmark_spans, len(page.text))
        self.page = page
        self.current = None
        self.fixed = None
        self.cursor = PassageCursor(self._units())
        self._clear_mouse_selection()
        self._index_spans()
        self._reflow(keep_position=False)
        if page is None:
            return
        if at == "first" and page.body_spans:
            self._go_to(page.body_spans[0])
        elif at == "last" and page.body_spans:
            self._go_to(page.body_spans[-1])
        elif isinstance(at, int):
            self.scroll_to_offset(at)
        else:
            self.scroll_to(y=0, animate=False, immediate=True, force=True)

    def set_spans(self, body: list[Span], title: list[Span]) -> None:
        """New match spans for the open article (the query changed)."""
        if self.page is None:
            return
        self.page.body_spans = normalise(body, len(self.page.text))
        self.page.title_spans = normalise(title, len(self.page.title))
        if self.current not in self.page.body_spans:
            self.current = None
        self._index_spans()
        self._invalidate()

    def set_actor_spans(self, spans: list[Span]) -> None:
        if self.page is None:
            return
        self.page.actor_spans = normalise(spans, len(self.page.text))
        self._invalidate()

    def set_bookmarks(self, spans: list[Span]) -> None:
        """The open article's bookmarked passages (marked in the text and the gutter)."""
        if self.page is None:
            return
        self.page.bookmark_spans = normalise(spans, len(self.page.text))
        self._invalidate()

    @property
    def doc_id(self) -> str | None:
        return self.page.doc_id if self.page else None

    @property
    def match_count(self) -> int:
        return len(self.page.body_spans) if self.page else 0

    # -- navigation --------------------------------------------------------------
    def _anchor(self) -> int:
        """Where "next" counts from: the current span if it is in view, else the top."""
        if self.current is not None and self._in_view(self.current[0]):
            return self.current[0]
        return self.top_offset() - 1 if self.scroll_y > 0 else -1

    def _bottom_offset(self) -> int:
        """The text offset just past the last body row in view."""
        if self.page is None:
            return 0
        below = int(self.scroll_y) + max(self.scrollable_content_region.height, 1)
        i = bisect_left(self._body_rows, below)
        return self._body_starts[i] if i < len(self._body_rows) else len(self.page.text)

    def next_match(self) -> bool:
        """The next match after the current one if it is in view, else the first match
        from the top of the view on (as in ``less``)."""
        if self.page is None:
            return False
        spans = self.page.body_spans
        i = bisect_right(spans, (self._anchor(), 1 << 62))
        if i >= len(spans):
            return False
        self._go_to(spans[i])
        return True

    def prev_match(self) -> bool:
        """The match before the current one if it is in view, else the last match that
        starts above the bottom of the view."""
        if self.page is None:
            return False
        spans = self.page.body_spans
        if self.current is not None and self._in_view(self.current[0]):
            anchor = self.current[0]
        else:
            anchor = self._bottom_offset()
        i = bisect_left(spans, (anchor, -1)) - 1
        if i < 0:
            return False
        self._go_to(spans[i])
        return True

    def match_label(self) -> str:
        """ "match 3 of 17" (the current match), or "17 matches"."""
        n = self.match_count
        if not n or self.page is None:
            return ""
        if self.current is not None:
            i = bisect_left(self.page.body_spans, self.current)
            if i < n and self.page.body_spans[i] == self.current:
                return f"match {i + 1} of {n}"
        return f"{n} match{'' if n == 1 else 'es'}"

    def next_of(self, spans: list[Span]) -> bool:
        """Go to the first of ``spans`` after the current position, wrapping around."""
        if self.page is None or not spans:
            return False
        spans = sorted(spans)
        i = bisect_right(spans, (self._anchor(), 1 << 62))
        self._go_to(spans[i % len(spans)])
        return True

    def action_next_match(self) -> None:
        if not self.next_match():
            self.post_message(self.MatchesExhausted(forward=True))

    def action_prev_match(self) -> None:
        if not self.prev_match():
            self.post_message(self.MatchesExhausted(forward=False))

    def action_toggle_actor_highlight(self) -> None:
        self.show_actors = not self.show_actors
        self._invalidate()

    def _go_to(self, span: Span) -> None:
        self.current = span
        self._invalidate()
        row = self.row_of_offset(span[0])
        height = max(self.scrollable_content_region.height, 1)
        self.scroll_to(y=max(0, row - height // 3), animate=False, immediate=True, force=True)

    def row_of_offset(self, offset: int) -> int:
        if not self._body_starts:
            return 0
        i = max(0, bisect_right(self._body_starts, offset) - 1)
        return self._body_rows[i]

    def scroll_to_offset(self, offset: int) -> None:
        self.scroll_to(y=self.row_of_offset(offset), animate=False, immediate=True, force=True)

    def top_offset(self) -> int:
        """The text offset of the first body line in view (0 at the top)."""
        if not self._body_rows or self.scroll_y <= 0:
            return 0
        i = bisect_left(self._body_rows, int(self.scroll_y))
        if i >= len(self._body_rows):
            return self._body_starts[-1]
        return self._body_starts[i]

    def visible_rows(self) -> list[str]:
        """The plain text of the rows in view (for tests and the bench)."""
        top = int(self.scroll_y)
        height = self.scrollable_content_region.height
        return [self._row_text(r).plain for r in range(top, min(top + height, len(self._rows)))]

    # -- layout ------------------------------------------------------------------
    def on_resize(self) -> None:
        self._reflow(keep_position=True)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    def _index_spans(self) -> None:
        spans = self.page.body_spans if self.page else []
        self._span_starts = [s for s, _ in spans]
        self._span_ends = [e for _, e in spans]
        self._ruler = None

    def _text_width(self) -> int:
        return max(self.scrollable_content_region.width - 2 * GUTTER, 8)

    def _reflow(self, keep_position: bool) -> None:
        top = self.top_offset() if keep_position else 0
        width = self._text_width()
        rows: list[Row] = []
        page = self.page
        if page is None:
            rows = [Row("blank")] + [Row("note", s, e) for s, e in wrap_offsets(self.note, width)]
        else:
            rows.extend(Row("title", s, e) for s, e in wrap_offsets(page.title, width))
            if page.meta:
                rows.extend(Row("meta", s, e) for s, e in wrap_offsets(page.meta, width))
            for ps, pe in page.paragraphs:
                rows.append(Row("blank"))
                para = page.text[ps:pe]
                rows.extend(Row("body", ps + s, ps + e) for s, e in wrap_offsets(para, width))
        self._rows = rows
        self._body_rows = [i for i, r in enumerate(rows) if r.kind == "body"]
        self._body_starts = [rows[i].start for i in self._body_rows]
        self._cache.clear()
        self.border_subtitle = self.match_label()
        self.virtual_size = Size(width + 2 * GUTTER, len(rows))
        if keep_position and top:
            self.scroll_to_offset(top)
        self.refresh()

    def _invalidate(self) -> None:
        self._cache.clear()
        self.border_subtitle = self.match_label()
        self.refresh()

    # -- rendering ---------------------------------------------------------------
    def _styles(self) -> dict[str, Style]:
        get = self.get_component_rich_style
        return {
            "title": get("document--title", partial=True),
            "meta": get("document--meta", partial=True),
            "match": get("document--match", partial=True),
            "current": get("document--current", partial=True),
            "actor": get("document--actor", partial=True),
            "note": get("document--note", partial=True),
            "passage": get("document--passage", partial=True),
            "bookmark": get("document--bookmark", partial=True),
            "mark": get("document--bookmark-mark", partial=True),
        }

    def _mark(self, text: Text, spans: list[Span], base: int, end: int, style: Style) -> None:
        for s, e in spans:
            if e > base and s < end:
                text.stylize(style, max(s, base) - base, min(e, end) - base)

    def _row_text(self, index: int) -> Text:
        row = self._rows[index]
        page = self.page
        styles = self._styles()
        if row.kind == "blank":
            return Text("")
        if row.kind == "note":
            return Text(self.note[row.start : row.end], style=styles["note"])
        assert page is not None
        if row.kind == "meta":
            return Text(page.meta[row.start : row.end], style=styles["meta"])
        if row.kind == "title":
            text = Text(page.title[row.start : row.end], style=styles["title"])
            self._mark(text, page.title_spans, row.start, row.end, styles["match"])
            return text
        text = Text(page.text[row.start : row.end])
        self._mark(text, page.bookmark_spans, row.start, row.end, styles["bookmark"])
        if self.show_actors:
            self._mark(text, page.actor_spans, row.start, row.end, styles["actor"])
        lo = bisect_right(self._span_ends, row.start)
        hi = bisect_left(self._span_starts, row.end)
        self._mark(text, page.body_spans[lo:hi], row.start, row.end, styles["match"])
        if self.current is not None:
            self._mark(text, [self.current], row.start, row.end, styles["current"])
        passage = self.passage_span()
        if passage is not None:
            self._mark(text, [passage], row.start, row.end, styles["passage"])
        return text

    def _gutter(self, index: int) -> Segment:
        row = self._rows[index]
        if row.kind == "body" and self.page is not None:
            for s, e in self.page.bookmark_spans:
                if s < row.end and e > row.start:
                    return Segment(BOOKMARK_MARK, self._styles()["mark"])
                if s >= row.end:
                    break
        return Segment(" " * GUTTER)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index >= len(self._rows):
            return Strip.blank(width, base)
        strip = self._cache.get(index)
        if strip is None:
            text = self._row_text(index)
            segments = [self._gutter(index), *text.render(self.app.console)]
            strip = Strip(segments, GUTTER + cell_len(text.plain)).apply_style(base)
            self._cache[index] = strip
            if len(self._cache) > STRIP_CACHE:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(index)
        line = strip.crop_extend(scroll_x, scroll_x + width, base)
        if width > 1 and y in self._ruler_marks():
            mark = Strip([Segment(MATCH_MARK, base + self._styles()["match"])], 1)
            line = Strip.join([line.crop(0, width - 1), mark])
        return line.apply_offsets(scroll_x, index)

    def _ruler_marks(self) -> frozenset[int]:
        """The rows of the view whose share of the article holds a match: a map of the
        matches beside the scrollbar, like a browser's find marks."""
        height = self.scrollable_content_region.height
        key = (id(self._span_starts), len(self._rows), height)
        if self._ruler is None or self._ruler[0] != key:
            total = max(len(self._rows), 1)
            rows = {self.row_of_offset(s) for s in self._span_starts}
            marks = frozenset(min(height - 1, r * height // total) for r in rows)
            self._ruler = (key, marks if height > 0 else frozenset())
        return self._ruler[1]
