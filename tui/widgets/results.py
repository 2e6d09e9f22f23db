"""The result list: three lines per hit (title, date and source, snippet), line-API rendered.

Every hit of the search is reachable: the list is as long as the exact total, and the
hits are fetched a page at a time (``NeedPage``) as rows come into view or the cursor
nears them. Only the rows in view are rendered. Titles and snippets are article text:
only ever ``rich.text.Text``. The selected row's colours are chosen for contrast
(``tui.contrast``) so it reads in every theme and under NO_COLOR.
"""

from __future__ import annotations

import time
from collections import OrderedDict
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
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip

from tui.contrast import readable_on, recolour
from tui.keys import bindings_for
from tui.widgets.snippets import SNIPPET_LEAD as SNIPPET_LEAD
from tui.widgets.snippets import snippet_start
from tui.widgets.snippets import word_start as word_start
from tui.widgets.typing import ForwardsTyping

if TYPE_CHECKING:
    from index.api import Hit, SearchResult

ROW_HEIGHT = 3
PAGE = 50  # hits fetched at a time (with their snippets)
LOOKAHEAD = 10  # the next page is fetched when the cursor comes this close to it
GUTTER = "▌ "
ROW_CACHE = 256  # rendered rows kept by what they show (a new result reuses equal rows)


@dataclass
class Painted:
    """The last result painted, and when its paint ended (the last line of the list
    rendered for it): the bench's keystroke-to-paint clock."""

    seq: int = 0
    query: str | None = None
    at: float = 0.0
    prefix: bool = False  # the query's last word was searched as a prefix
    started: float = 0.0  # when the first line of that paint was rendered


def _thumb(view: int, lines: int, position: float) -> list[tuple[str, Style | None]]:
    """The cells of a vertical scrollbar of ``view`` cells over ``lines``: glyphs, and
    thumb or track."""
    bar = ScrollBarRender.render_bar(
        size=view, virtual_size=lines, window_size=view, position=position
    )
    return [(segment.text, segment.style) for segment in bar.segments]


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
        self._stamping = False  # the lines of a new result's paint are being rendered
        self._hits: dict[int, Hit] = {}
        self._asked: set[int] = set()  # page offsets asked for
        self._open_when_loaded: tuple[int, int | str | None] | None = None
        self._cache: dict[int, list[Strip]] = {}
        # rows rendered, by what they show (see _row_key): bounded, cleared with the styles
        self._rows: OrderedDict[tuple, list[Strip]] = OrderedDict()
        self._selected: tuple[RichColor, RichColor] | None = None  # see _selected_colours
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
        shown = self._shown_keys()
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
        self._refresh_changed(shown)

    def _shown_keys(self) -> list[tuple] | None:
        """What each row in view shows (from the top of the list), or None when the
        list is not at its top (a new result scrolls back to it: all of it repaints)."""
        height = self.scrollable_content_region.height
        if self.scroll_offset.y or not height:
            return None
        return [self._row_key(i) for i in range(-(-height // ROW_HEIGHT))]

    def _refresh_changed(self, shown: list[tuple] | None) -> None:
        """Repaint the rows in view that show something else than before (all of them
        when that is unknown), and always the first line: the new result's paint."""
        now = self._shown_keys()
        if shown is None or now is None or len(shown) != len(now):
            self.refresh()
            return
        width = self.scrollable_content_region.width
        regions = [
            Region(0, i * ROW_HEIGHT, width, ROW_HEIGHT)
            for i, (old, new) in enumerate(zip(shown, now, strict=True))
            if old != new
        ]
        self.refresh(*(regions or [Region(0, 0, width, 1)]))

    def _set_height(self, lines: int) -> None:
        """The list's virtual height (the scrollbar's range). A new virtual size lays out
        the whole screen, and every scrolling widget repaints twice after a layout: only
        a scrollbar coming or going needs that (when it stays, only it is told; when the
        list stays shorter than the view, nobody)."""
        size = Size(self.scrollable_content_region.width, lines)
        bar = self.vertical_scrollbar if self.show_vertical_scrollbar else None
        view = self.scrollable_content_region.height
        if bar is None and view and lines <= view and self.virtual_size.height <= view:
            self.set_reactive(ResultList.virtual_size, size)  # no scrollbar, before or after
        elif bar is not None and view and lines > view and self.virtual_size.height > view:
            self.set_reactive(ResultList.virtual_size, size)
            before = _thumb(view, bar.window_virtual_size, bar.position)
            bar.set_reactive(ScrollBar.window_virtual_size, lines)
            if _thumb(view, lines, bar.position) != before:
                bar.refresh()  # (a bar drawn alike is not drawn again)
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
        self._rows.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, self.total * ROW_HEIGHT)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()
        self._rows.clear()
        self._styles.clear()
        self._selected = None

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
        reads on it (black or white, >= 4.5:1): worked out once until the styles change
        (focus changes the cursor's style)."""
        if self._selected is None:
            cursor = self.get_component_rich_style("results--cursor")
            bg = cursor.bgcolor or self.rich_style.bgcolor or RichColor.from_rgb(0, 0, 0)
            self._selected = readable_on(bg), bg
        return self._selected

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

    def _row_key(self, index: int) -> tuple:
        """What row ``index`` shows: rows with equal keys are drawn alike."""
        if index >= self.total:
            return ("blank",)
        selected = index == self.cursor and not self.stale
        hit = self._hits.get(index)
        if hit is None:
            return ("pending", selected, self.stale)
        return (
            hit.id,
            hit.title,
            tuple(hit.title_spans),
            hit.date,
            hit.source,
            hit.snippet_text,
            tuple(hit.snippet_spans),
            selected,
            self.stale,
        )

    def _stamp(self) -> None:
        """The clock of :class:`Painted`: the paint of a new result starts with its first
        line rendered and ends with the last line rendered in that screen update."""
        if self._pending_paint:
            self._pending_paint = False
            self._stamping = True
            query = self.result.query if self.result else None
            now = time.perf_counter()
            self.painted = Painted(self.seq, query, now, self.prefix, now)
            self.call_after_refresh(setattr, self, "_stamping", False)
        elif self._stamping:
            self.painted.at = time.perf_counter()

    def render_line(self, y: int) -> Strip:
        _, scroll_y = self.scroll_offset
        line = scroll_y + y
        width = self.scrollable_content_region.width
        index, sub = divmod(line, ROW_HEIGHT)
        if index >= self.total:
            strip = Strip.blank(width, self.rich_style)
            self._stamp()
            return strip
        if index not in self._hits:
            self._want(index)
        strips = self._cache.get(index)
        if strips is None:
            key = self._row_key(index)
            strips = self._rows.get(key)
            if strips is None:
                strips = self._render_hit(index, width)
                if index in self._hits:
                    self._rows[key] = strips
                    if len(self._rows) > ROW_CACHE:
                        self._rows.popitem(last=False)
            else:
                self._rows.move_to_end(key)
            if index in self._hits:
                self._cache[index] = strips
        self._stamp()
        return strips[sub]
