"""The timeline: a one-line histogram of the current query's hits above the results.

Block characters, one per month (or week, or day when the hits span a short range; bins
grouped when they do not fit the width), the busiest period labelled. Focused (ctrl+l,
or tab), left/right move a cursor over the bins; Enter narrows the query to the period
under the cursor by a ``date:[start to end]`` term in the query box; Backspace widens
again (back to the query before narrowing, or without its date term).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.binding import BindingType
from textual.widget import Widget

from tui.keys import bindings_for
from tui.widgets.analyst_common import (
    VIEWS_QUIET,
    QueryEdit,
    Quiet,
    as_typed,
    corpus_of,
    recount_when_quiet,
)

if TYPE_CHECKING:
    import threading

    from index.api import Timeline

CURSOR_STYLE = "reverse"
BUSIEST_STYLE = "bold"
INFO_WIDTH = 15  # " ▲1987-08-15 99,999" without the day: room kept for the busiest label


class TimelineBar(Widget, can_focus=True):
    DEFAULT_CSS = """
    TimelineBar { height: 1; width: 1fr; }
    TimelineBar:focus { text-style: bold; }
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("timeline")

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.query_text = ""
        self.query_prefix = False  # its last word is a prefix (as in the list shown)
        self.full: Timeline | None = None  # as computed
        self.view: Timeline | None = None  # fitted to the width
        self.cursor: int | None = None
        self._seq = 0
        self._quiet = Quiet()
        self._narrowed: list[tuple[str, str]] = []  # (before, after) of each narrowing

    # -- data ---------------------------------------------------------------------
    def show_query(self, query: str, prefix: bool = False, quiet: float | None = None) -> None:
        """Count the hits of ``query`` over time (in a thread worker), once it has stayed
        the query for ``quiet`` seconds (default :data:`VIEWS_QUIET`: not while the user is
        typing it)."""
        quiet = VIEWS_QUIET if quiet is None else quiet
        self._seq += 1
        flag = self._quiet.next()
        if (query, prefix) != (self.query_text, self.query_prefix):
            self.full = self.view = None  # never show another query's timeline meanwhile
            self.cursor = None  # a new query's cursor starts on its busiest period
            self.refresh()
        self.query_text, self.query_prefix = query, prefix
        d = corpus_of(self.app)
        if d is not None:
            self._load(self._seq, query, prefix, flag, quiet)

    @work(thread=True, exclusive=True, group="timeline", exit_on_error=False)
    def _load(
        self, seq: int, query: str, prefix: bool, flag: threading.Event, quiet: float
    ) -> None:
        ran, timeline = recount_when_quiet(
            self.app, flag, quiet, lambda d: d.timeline(query, prefix=prefix)
        )
        if ran:
            self.app.call_from_thread(self._loaded, seq, timeline)

    def _loaded(self, seq: int, timeline: Timeline | None) -> None:
        if seq != self._seq:
            return  # an older query's
        self.full = timeline
        self._fit()

    def _fit(self) -> None:
        self.view = None if self.full is None else self.full.fit(self._bar_width())
        if self.view is None or not self.view.bins:
            self.cursor = None
        elif self.cursor is None or self.cursor >= len(self.view.bins):
            self.cursor = self.view.busiest
        self.refresh()

    def _bar_width(self) -> int:
        return max(8, (self.size.width or 80) - INFO_WIDTH)

    def on_resize(self) -> None:
        if self.full is not None:
            self._fit()

    # -- drawing --------------------------------------------------------------------
    def render(self) -> Text:
        """``1985-01 ▂▃█▅▁ 1988-12 ▲1987-08 74``: the end labels only when they fit; the
        busiest period (bold in the bars) named after ▲, the cursor's after ▸ when focused."""
        tl = self.view
        out = Text(no_wrap=True, overflow="ellipsis")
        if tl is None:
            return out
        if not tl.bins:
            out.append(f"no dated hits ({tl.undated:,} undated)", style="dim")
            return out
        busiest = tl.busiest
        focused = self.has_focus and self.cursor is not None
        if focused:
            c = tl.bins[self.cursor]  # type: ignore[index]
            info = f" ▸{c.start_label} {c.count:,}"
        elif busiest is not None:
            b = tl.bins[busiest]
            info = f" ▲{b.start_label} {b.count:,}"
        else:
            info = ""
        first, last = tl.bins[0].start_label, tl.bins[-1].end_label
        ends = len(tl.bins) + len(first) + len(last) + 2 + len(info) <= (self.size.width or 80)
        if ends:
            out.append(f"{first} ", style="dim")
        for i, (bar, b) in enumerate(zip(tl.bars(), tl.bins, strict=True)):
            style = BUSIEST_STYLE if i == busiest else ""
            if focused and i == self.cursor:
                style = CURSOR_STYLE
            out.append("·" if not b.count else bar, style=style)
        if ends:
            out.append(f" {last}", style="dim")
        out.append(info, style="" if focused else BUSIEST_STYLE)
        return out

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # -- keys -------------------------------------------------------------------------
    def action_move(self, step: int) -> None:
        if self.view is None or not self.view.bins:
            return
        start = self.cursor if self.cursor is not None else 0
        self.cursor = max(0, min(len(self.view.bins) - 1, start + step))
        self.refresh()

    def action_move_to(self, index: int) -> None:
        if self.view is not None and self.view.bins:
            self.cursor = index % len(self.view.bins)
            self.refresh()

    def action_narrow(self) -> None:
        if self.view is None or self.cursor is None:
            return
        from index.api import set_date_range

        b = self.view.bins[self.cursor]
        narrowed = set_date_range(as_typed(self.query_text, self.query_prefix), b.start, b.end)
        self._narrowed.append((self.query_text, narrowed))
        self.cursor = None
        self.post_message(QueryEdit(narrowed, f"narrowed to {b.label}"))

    def action_widen(self) -> None:
        from index.api import date_range_of, set_date_range

        while self._narrowed:
            before, after = self._narrowed.pop()
            if after == self.query_text:
                self.post_message(QueryEdit(before, "widened"))
                return
        if date_range_of(self.query_text) is not None or "date:" in self.query_text.lower():
            self.post_message(QueryEdit(set_date_range(self.query_text, None), "widened"))
        else:
            self.app.bell()
