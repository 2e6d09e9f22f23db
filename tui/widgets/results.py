"""The result list: three lines per hit (title, date and source, snippet), line-API rendered.

Only the rows in view are rendered, so a long result list costs nothing to
paint. Titles and snippets are article text: only ever ``rich.text.Text``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

if TYPE_CHECKING:
    from index.search import Hit, SearchResult

ROW_HEIGHT = 3
GUTTER = "▌ "
SNIPPET_LEAD = 12  # cells of context kept before a match the snippet line must show


@dataclass
class Painted:
    """The last result painted, and when: the bench's keystroke-to-paint clock."""

    seq: int = 0
    query: str | None = None
    at: float = 0.0


def snippet_start(text: str, spans: list[tuple[int, int]], width: int) -> int:
    """Where to start a one-line snippet so that its first match is on screen."""
    if not spans or cell_len(text) <= width:
        return 0
    first_start, first_end = spans[0]
    if cell_len(text[:first_end]) <= width:
        return 0
    start = max(0, first_start - SNIPPET_LEAD)
    while start > 0 and not text[start - 1].isspace() and first_start - start < 2 * SNIPPET_LEAD:
        start -= 1
    return start


class ResultList(ScrollView, can_focus=True):
    """The hits of the current search."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="open"),
        Binding("down,j", "cursor_down", "Down", show=False, id="result_down"),
        Binding("up,k", "cursor_up", "Up", show=False, id="result_up"),
        Binding("pagedown,space", "page_down", "Page down", show=False, id="result_page_down"),
        Binding("pageup,b", "page_up", "Page up", show=False, id="result_page_up"),
        Binding("home,g", "first", "First", show=False, id="result_first"),
        Binding("end,G", "last", "Last", show=False, id="result_last"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "results--title",
        "results--meta",
        "results--match",
        "results--cursor",
        "results--gutter",
    }

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    class Open(Message):
        """Enter on a hit."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.result: SearchResult | None = None
        self.seq = 0
        self.painted = Painted()
        self._pending_paint = False
        self._cache: dict[int, list[Strip]] = {}

    @property
    def hits(self) -> list[Hit]:
        return self.result.hits if self.result else []

    def set_result(self, result: SearchResult | None, seq: int = 0) -> None:
        self.result = result
        self.seq = seq
        self._cache.clear()
        self._pending_paint = True
        self.virtual_size = Size(self.size.width, len(self.hits) * ROW_HEIGHT)
        self.set_reactive(ResultList.cursor, 0)
        self.scroll_to(y=0, animate=False, immediate=True, force=True)
        self.refresh()

    # -- cursor ------------------------------------------------------------------
    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.hits) - 1)) if self.hits else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self._cache.pop(old, None)
        self._cache.pop(new, None)
        width = self.scrollable_content_region.width
        self.scroll_to_region(
            Region(0, new * ROW_HEIGHT, width, ROW_HEIGHT),
            animate=False,
            immediate=True,
            force=True,
        )
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
        self.cursor = len(self.hits) - 1

    def action_open(self) -> None:
        if self.hits:
            self.post_message(self.Open(self.cursor))

    def on_click(self, event) -> None:  # type: ignore[no-untyped-def]
        index = int(event.y + self.scroll_y) // ROW_HEIGHT
        if 0 <= index < len(self.hits):
            self.cursor = index
            self.post_message(self.Open(index))

    def on_resize(self) -> None:
        self._cache.clear()
        self.virtual_size = Size(self.size.width, len(self.hits) * ROW_HEIGHT)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    # -- rendering ---------------------------------------------------------------
    def _render_hit(self, index: int, width: int) -> list[Strip]:
        hit = self.hits[index]
        get = self.get_component_rich_style
        selected = index == self.cursor
        base = self.rich_style
        row_style = get("results--cursor", partial=True) if selected else Style()
        match = get("results--match", partial=True)
        inner = max(width - cell_len(GUTTER), 4)

        title = Text(hit.title or hit.id, style=get("results--title", partial=True), no_wrap=True)
        for s, e in hit.title_spans:
            title.stylize(match, s, e)
        meta = Text(
            "  ".join(x for x in (hit.date or "undated", hit.source or "") if x),
            style=get("results--meta", partial=True),
        )
        snippet = Text(hit.snippet_text)
        for s, e in hit.snippet_spans:
            snippet.stylize(match, s, e)
        start = snippet_start(hit.snippet_text, hit.snippet_spans, inner)
        if start:
            snippet = Text("…") + snippet[start:]
        gutter = Text(
            GUTTER if selected else " " * cell_len(GUTTER),
            style=get("results--gutter", partial=True),
        )
        strips = []
        for line in (title, meta, snippet):
            line.truncate(inner, overflow="ellipsis")
            segments = list((gutter + line).render(self.app.console))
            strip = Strip(segments).adjust_cell_length(width)
            strips.append(strip.apply_style(base + row_style))
        return strips

    def render_line(self, y: int) -> Strip:
        _, scroll_y = self.scroll_offset
        line = scroll_y + y
        width = self.scrollable_content_region.width
        if self._pending_paint:
            self._pending_paint = False
            self.painted = Painted(
                self.seq, self.result.query if self.result else None, time.perf_counter()
            )
        index, sub = divmod(line, ROW_HEIGHT)
        if index >= len(self.hits):
            return Strip.blank(width, self.rich_style)
        strips = self._cache.get(index)
        if strips is None:
            strips = self._render_hit(index, width)
            self._cache[index] = strips
        return strips[sub]
