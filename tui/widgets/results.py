"""The result list: three lines per hit (title, date and source, snippet), line-API rendered.

Every hit of the search is reachable: the list is as long as the exact total, and the
hits are fetched a page at a time (``NeedPage``) as rows come into view or the cursor
nears them. Only the rows in view are rendered. Titles and snippets are article text:
only ever ``rich.text.Text``. The selected row's colours are chosen for contrast
(``tui.contrast``) so it reads in every theme and under NO_COLOR.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.color import Color as RichColor
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.contrast import readable_on, recolour
from tui.keys import bindings_for
from tui.widgets.typing import ForwardsTyping

if TYPE_CHECKING:
    from index.api import Hit, SearchResult

ROW_HEIGHT = 3
PAGE = 50  # hits fetched at a time (with their snippets)
LOOKAHEAD = 10  # the next page is fetched when the cursor comes this close to it
GUTTER = "▌ "
SNIPPET_LEAD = 12  # cells of context kept before a match the snippet line must show


@dataclass
class Painted:
    """The last result painted, and when: the bench's keystroke-to-paint clock."""

    seq: int = 0
    query: str | None = None
    at: float = 0.0
    prefix: bool = False  # the query's last word was searched as a prefix


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


class ResultList(ForwardsTyping, ScrollView, can_focus=True):
    """The hits of the current search: ``total`` rows, hits fetched a page at a time."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("results")

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "results--title",
        "results--meta",
        "results--match",
        "results--cursor",
        "results--gutter",
        "results--pending",
    }

    cursor: reactive[int] = reactive(0, always_update=True, init=False)
    stale: reactive[bool] = reactive(False, init=False)
    """The list is an older query's (a newer search is running): drawn dimmed."""

    class Open(Message):
        """Enter on a hit (or a hit asked for by ``open_at`` has arrived)."""

        def __init__(self, index: int, at: int | str | None = "first") -> None:
            super().__init__()
            self.index = index
            self.at = at

    class NeedPage(Message):
        """Hits ``offset`` to ``offset + PAGE`` of search ``seq`` are wanted."""

        def __init__(self, seq: int, offset: int) -> None:
            super().__init__()
            self.seq = seq
            self.offset = offset

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.result: SearchResult | None = None
        self.seq = 0
        self.prefix = False  # the result's last word was searched as a prefix
        self.total = 0
        self.painted = Painted()
        self._pending_paint = False
        self._hits: dict[int, Hit] = {}
        self._asked: set[int] = set()  # page offsets asked for
        self._open_when_loaded: tuple[int, int | str | None] | None = None
        self._cache: dict[int, list[Strip]] = {}
        self._styles: dict[str, Style] = {}  # see _style

    # -- the hits ----------------------------------------------------------------
    def hit(self, index: int) -> Hit | None:
        return self._hits.get(index)

    @property
    def hits(self) -> list[Hit]:
        """The hits loaded from the first one on, without a gap."""
        out = []
        while len(out) in self._hits:
            out.append(self._hits[len(out)])
        return out

    def index_of(self, doc_id: str) -> int | None:
        return next((i for i, h in self._hits.items() if h.id == doc_id), None)

    @property
    def loaded(self) -> int:
        return len(self._hits)

    def set_result(self, result: SearchResult | None, seq: int = 0, prefix: bool = False) -> None:
        self.result = result
        self.seq = seq
        self.prefix = prefix
        self.total = result.total if result else 0
        self._hits = dict(enumerate(result.hits)) if result else {}
        self._asked = {0}
        self._open_when_loaded = None
        self._cache.clear()
        self._pending_paint = True
        self.set_reactive(ResultList.stale, False)  # repainted below, caches cleared above
        self._set_height(self.total * ROW_HEIGHT)
        self.set_reactive(ResultList.cursor, 0)
        self.scroll_to(y=0, animate=False, immediate=True, force=True)
        self.refresh()

    def _set_height(self, lines: int) -> None:
        """The list's virtual height (the scrollbar's range). A new virtual size lays out
        the whole screen, and every scrolling widget repaints twice after a layout: when
        the scrollbar stays (or stays away), only the scrollbar is told."""
        size = Size(self.scrollable_content_region.width, lines)
        bar = self.vertical_scrollbar if self.show_vertical_scrollbar else None
        view = self.scrollable_content_region.height
        if bar is not None and view and lines > view and self.virtual_size.height > view:
            self.set_reactive(ResultList.virtual_size, size)
            bar.window_virtual_size = lines
            bar.refresh()
        else:
            self.virtual_size = size

    def add_page(self, seq: int, offset: int, hits: list[Hit]) -> None:
        """A page fetched for ``NeedPage`` (dropped if the search changed since)."""
        if seq != self.seq:
            return
        for i, hit in enumerate(hits, start=offset):
            if i < self.total:
                self._hits[i] = hit
                self._cache.pop(i, None)
        self.refresh()
        if self._open_when_loaded is not None:
            index, at = self._open_when_loaded
            if index in self._hits:
                self._open_when_loaded = None
                # created in this widget's context: a message created while the parent
                # handles one (PageLoaded) would not bubble past the parent
                self.call_next(self._post_open, index, at)

    def _post_open(self, index: int, at: int | str | None) -> None:
        self.post_message(self.Open(index, at))

    def page_failed(self, seq: int, offset: int) -> None:
        if seq == self.seq:
            self._asked.discard(offset)  # asked again when next wanted

    def _want(self, index: int) -> None:
        if not 0 <= index < self.total or index in self._hits:
            return
        offset = index // PAGE * PAGE
        if offset not in self._asked:
            self._asked.add(offset)
            self.post_message(self.NeedPage(self.seq, offset))

    def open_at(self, index: int, at: int | str | None) -> bool:
        """Move the cursor to ``index`` and open it (once its page is loaded)."""
        if not 0 <= index < self.total:
            return False
        self.cursor = index
        if index in self._hits:
            self.post_message(self.Open(index, at))
        else:
            self._open_when_loaded = (index, at)
        return True

    # -- cursor ------------------------------------------------------------------
    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, self.total - 1)) if self.total else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self._cache.pop(old, None)
        self._cache.pop(new, None)
        self._want(new)
        self._want(new + LOOKAHEAD)
        width = self.scrollable_content_region.width
        self.scroll_to_region(
            Region(0, new * ROW_HEIGHT, width, ROW_HEIGHT),
            animate=False,
            immediate=True,
            force=True,
        )
        self.refresh()

    def watch_stale(self) -> None:
        self._cache.clear()
        self.refresh()

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_page_down(self) -> None:
        self.cursor += max(1, self.scrollable_content_region.height // ROW_HEIGHT)

    def action_page_up(self) -> None:
        self.cursor -= max(1, self.scrollable_content_region.height // ROW_HEIGHT)

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = self.total - 1

    def action_open(self) -> None:
        if self.total:
            self.open_at(self.cursor, "first")

    def on_click(self, event) -> None:  # type: ignore[no-untyped-def]
        index = int(event.y + self.scroll_y) // ROW_HEIGHT
        self.open_at(index, "first")

    def on_resize(self) -> None:
        self._cache.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, self.total * ROW_HEIGHT)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()
        self._styles.clear()

    def _style(self, component: str) -> Style:
        """A component's style (partial), or the widget's own for ``""``: looked up once
        until the styles change (each look-up walks the widget's ancestors)."""
        style = self._styles.get(component)
        if style is None:
            get = self.get_component_rich_style
            style = self.rich_style if not component else get(component, partial=True)
            self._styles[component] = style
        return style

    # -- rendering ---------------------------------------------------------------
    def _selected_colours(self) -> tuple[RichColor, RichColor]:
        """The selected row's background (the cursor style's) and a text colour that
        reads on it (black or white, >= 4.5:1)."""
        cursor = self.get_component_rich_style("results--cursor")
        bg = cursor.bgcolor or self.rich_style.bgcolor or RichColor.from_rgb(0, 0, 0)
        return readable_on(bg), bg

    def _lines(self, hit: Hit, inner: int) -> list[Text]:
        get = self._style
        match = get("results--match")
        title = Text(hit.title or hit.id, style=get("results--title"), no_wrap=True)
        for s, e in hit.title_spans:
            title.stylize(match, s, e)
        meta = Text(
            "  ".join(x for x in (hit.date or "undated", hit.source or "") if x),
            style=get("results--meta"),
        )
        snippet = Text(hit.snippet_text)
        for s, e in hit.snippet_spans:
            snippet.stylize(match, s, e)
        start = snippet_start(hit.snippet_text, hit.snippet_spans, inner)
        if start:
            snippet = Text("…") + snippet[start:]
        return [title, meta, snippet]

    def _render_hit(self, index: int, width: int) -> list[Strip]:
        hit = self.hits_at(index)
        get = self._style
        selected = index == self.cursor and not self.stale
        base = get("")
        inner = max(width - cell_len(GUTTER), 4)
        if hit is None:
            pending = Text("…", style=get("results--pending"))
            lines = [pending, Text(""), Text("")]
        else:
            lines = self._lines(hit, inner)
        gutter = Text(
            GUTTER if selected else " " * cell_len(GUTTER),
            style=get("results--gutter"),
        )
        strips = []
        for line in lines:
            line.truncate(inner, overflow="ellipsis")
            segments = list((gutter + line).render(self.app.console))
            strip = Strip(segments).adjust_cell_length(width).apply_style(base)
            if selected:
                fg, bg = self._selected_colours()
                strip = Strip(
                    [Segment(t, recolour(st or Style(), fg, bg), c) for t, st, c in strip],
                    strip.cell_length,
                )
            elif self.stale:
                strip = strip.apply_style(Style(dim=True))
            strips.append(strip)
        return strips

    def hits_at(self, index: int) -> Hit | None:
        return self._hits.get(index)

    def render_line(self, y: int) -> Strip:
        _, scroll_y = self.scroll_offset
        line = scroll_y + y
        width = self.scrollable_content_region.width
        if self._pending_paint:
            self._pending_paint = False
            query = self.result.query if self.result else None
            self.painted = Painted(self.seq, query, time.perf_counter(), self.prefix)
        index, sub = divmod(line, ROW_HEIGHT)
        if index >= self.total:
            return Strip.blank(width, self.rich_style)
        if index not in self._hits:
            self._want(index)
        strips = self._cache.get(index)
        if strips is None:
            strips = self._render_hit(index, width)
            if index in self._hits:
                self._cache[index] = strips
        return strips[sub]
