"""The search pane: the query input, the status line and the result list.

It owns the search state: the query, the sort, the result shown and its paging. Each
keystroke asks for a search; while one runs, newer keystrokes only mark the query
dirty, and when it returns the newest query is searched at once (older ones are
skipped). A result older than the newest one shown is dropped. A search that takes a
while shows "Searching…" and dims the list it replaces, so an older list never passes
for the current query's; and the newest query does not wait behind it: it runs on a
second Session (the "spare" lane) while the slow one finishes, its answer dropped.

The word being typed is a prefix (``zinov`` lists Zinoviev): a search is asked with
``prefix`` when the input's cursor is at the end right after a word character; after a
space, or with the cursor elsewhere, it is exact. The result remembers its flag
(``result_prefix``): its further pages and the highlights in the open article use it.
"""

from __future__ import annotations

import time
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Static

from tui.messages import PageLoaded, SearchDone
from tui.widgets.results import PAGE, ResultList
from tui.widgets.search_input import SearchInput
from tui.widgets.timeline import TimelineBar

if TYPE_CHECKING:
    from index.api import SearchResult, Session
    from tui.userstate import SearchHistory

SLOW_SEARCH = 0.15  # seconds before a running search is shown as running


def quoted(query: str, limit: int = 30) -> str:
    q = query if len(query) <= limit else query[: limit - 1] + "…"
    return f"“{q}”"


class SearchPane(Vertical):
    sort: reactive[str] = reactive("relevance", init=False)
    searching: reactive[bool] = reactive(False, init=False)
    """A search for the current query has been running for a while."""

    class Shown(Message):
        """A new result is on screen (the reader re-marks the open article)."""

        def __init__(self, query: str, prefix: bool = False) -> None:
            super().__init__()
            self.query = query
            self.prefix = prefix  # its last word was searched as a prefix

    def __init__(self, history: SearchHistory, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.history = history
        self.seq = 0  # the newest search asked for
        self.shown_seq = 0  # the search whose result is shown
        self.result: SearchResult | None = None
        self.result_query = ""  # the query of the shown result (drives highlighting)
        self.result_prefix = False  # ... searched with its last word as a prefix
        self._asked: tuple[str, bool] | None = None  # the newest (query, prefix) asked for
        self.shown_query: str | None = None  # the query of the last search shown (or its error)
        self.query_error: str | None = None
        self.error: str | None = None  # the index could not be opened
        self.update_summary = ""
        self.dirty = False
        self._lanes: dict[str, int | None] = {"main": None, "spare": None}  # lane -> seq
        self._started: dict[str, float] = {}  # lane -> when its search started
        self._slow_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield SearchInput(self.history, id="query")
        yield Static(Text("Opening the index…"), id="status", markup=False)
        yield TimelineBar(id="timeline")
        yield ResultList(id="results")

    @property
    def session(self) -> Session | None:
        return getattr(self.app, "session", None)

    @property
    def shown_search(self) -> tuple[str, bool]:
        """The query of the result shown and its prefix flag (for the highlights)."""
        return self.result_query, self.result_prefix

    @property
    def input(self) -> SearchInput:
        return self.query_one(SearchInput)

    @property
    def results(self) -> ResultList:
        return self.query_one(ResultList)

    # -- asking ------------------------------------------------------------------
    def watch_sort(self) -> None:
        self.request_search()

    def toggle_sort(self) -> None:
        cycle = {"relevance": "date", "date": "oldest", "oldest": "relevance"}
        self.sort = cycle.get(self.sort, "relevance")

    @on(SearchInput.Changed, "#query")
    def _query_changed(self) -> None:
        self.request_search()

    def on_mount(self) -> None:
        self.watch(self.input, "selection", self._cursor_moved, init=False)

    def _cursor_moved(self) -> None:
        """The cursor moved to or away from the end of the word typed (the text unchanged):
        the same words, searched exact or as a prefix."""
        inp = self.input
        if self._asked is not None and self._asked[0] == inp.value and self._asked[1] != inp.prefix:
            self.request_search()

    @property
    def in_flight(self) -> bool:
        return any(seq is not None for seq in self._lanes.values())

    def _pending(self) -> bool:
        """A search for a query newer than the one shown is asked for or running."""
        return self.dirty or any(s is not None and s > self.shown_seq for s in self._lanes.values())

    def _stuck(self, lane: str) -> bool:
        return (
            self._lanes[lane] is not None
            and time.monotonic() - self._started.get(lane, 0.0) > SLOW_SEARCH
        )

    def request_search(self) -> None:
        if self.session is None:
            return
        if self._lanes["main"] is None:
            self._start_search("main")
        elif self._stuck("main") and self._lanes["spare"] is None:
            self._start_search("spare")  # the main lane is stuck on a slow search
        else:
            self.dirty = True
            if self.searching:
                self.show_status()

    def _start_search(self, lane: str) -> None:
        self.dirty = False
        self.seq += 1
        self._lanes[lane] = self.seq
        self._started[lane] = time.monotonic()
        if self._slow_timer is not None:
            self._slow_timer.stop()
        self._slow_timer = self.set_timer(SLOW_SEARCH, self._maybe_slow)
        text, prefix = self.input.value, self.input.prefix
        self._asked = (text, prefix)
        self._search(self.seq, text, self.sort, lane, prefix)

    def _maybe_slow(self) -> None:
        self.searching = self._pending()
        if self.dirty:
            self.request_search()

    def _session_for(self, spare: bool) -> AbstractContextManager[Session]:
        """The app's Session, or (``spare``) the second one, held while in use."""
        if spare:
            return self.app.runner.borrow("spare")  # type: ignore[attr-defined]
        assert self.session is not None
        return nullcontext(self.session)

    @work(thread=True, group="search", exit_on_error=False)
    def _search(self, seq: int, text: str, sort: str, lane: str, prefix: bool) -> None:
        from index.api import QueryError

        try:
            with self._session_for(lane == "spare") as d:
                result = d.search(text, limit=PAGE, sort=sort, prefix=prefix)
        except QueryError as exc:
            self.post_message(SearchDone(seq, text, None, str(exc), prefix))
            return
        except BaseException:
            self.post_message(SearchDone(seq, text, None, None, prefix))  # the notice says why
            raise
        self.post_message(SearchDone(seq, text, result, None, prefix))

    @on(SearchDone)
    def _search_done(self, event: SearchDone) -> None:
        event.stop()
        for lane, seq in self._lanes.items():
            if seq == event.seq:
                self._lanes[lane] = None
        stale = event.seq < self.shown_seq or (
            self.dirty and (event.query, event.prefix) != (self.input.value, self.input.prefix)
        )
        if not stale:
            self.shown_seq = event.seq
            self.shown_query = event.query
            self.query_error = event.error
            if event.result is not None:
                self._show_result(event.seq, event.query, event.result, event.prefix)
        if self.dirty:
            self.request_search()
        if not self._pending():
            self.searching = False
        self.show_status()

    def _show_result(self, seq: int, text: str, result: SearchResult, prefix: bool) -> None:
        self.result = result
        self.result_query = text
        self.result_prefix = prefix
        self.results.set_result(result, seq, prefix)
        self.post_message(self.Shown(text, prefix))

    # -- paging --------------------------------------------------------------------
    @on(ResultList.NeedPage)
    def _need_page(self, event: ResultList.NeedPage) -> None:
        event.stop()
        if self.result is not None and event.seq == self.shown_seq:
            spare = self._lanes["main"] is not None  # busy: do not queue behind it
            self._fetch_page(
                event.seq,
                self.result_query,
                self.result_prefix,
                self.result.sort,
                event.offset,
                spare,
            )

    @work(thread=True, group="page", exit_on_error=False)
    def _fetch_page(
        self, seq: int, text: str, prefix: bool, sort: str, offset: int, spare: bool
    ) -> None:
        try:
            with self._session_for(spare) as d:
                result = d.search(text, limit=PAGE, sort=sort, offset=offset, prefix=prefix)
        except BaseException:
            self.post_message(PageLoaded(seq, offset, None))
            raise
        self.post_message(PageLoaded(seq, offset, result))

    @on(PageLoaded)
    def _page_loaded(self, event: PageLoaded) -> None:
        event.stop()
        if event.result is None:
            self.results.page_failed(event.seq, event.offset)
        else:
            self.results.add_page(event.seq, event.offset, event.result.hits)

    # -- typing from a list ------------------------------------------------------------
    def type_to_search(self, character: str) -> None:
        """A key typed in a list: a new query starting with it (the old one kept in the
        history). Keys that came with it were routed to the list before the focus moved:
        once the input has the focus, they go on the end of the new query."""
        if self.app.focused is self.input:
            # (not at the cursor: the input may not have handled its focus event yet)
            self.input.value += character
            self.input.cursor_position = len(self.input.value)
        else:
            self.input.start_with(character)

    # -- the status line -----------------------------------------------------------------
    def watch_searching(self) -> None:
        self.results.stale = self.searching
        self.show_status()

    def show_status(self) -> None:
        status = Text()
        if self.searching:
            status.append(f"Searching {quoted(self.input.value)}…", style="bold")
            if self.result is not None:
                shown = quoted(self.result_query) if self.result_query else "newest articles"
                status.append(f" · shown: {shown}", style="dim")
        elif self.query_error:
            status.append("⚠ ", style="bold")
            status.append(self.query_error, style="bold")
        elif self.result is not None:
            r = self.result
            status.append(f"{r.total:,} result{'' if r.total == 1 else 's'}", style="bold")
            status.append(" · oldest first" if r.sort == "oldest" else f" · by {r.sort}")
            if r.total == 0 and r.suggestion:
                status.append(" · did you mean ")
                status.append(r.suggestion, style="bold underline")
                status.append("? (ctrl+y)")
        elif self.error:
            status.append(self.error, style="bold")
        else:
            status.append("Opening the index…")
        if self.update_summary and not self.query_error and not self.searching:
            status.append(f" · {self.update_summary}", style="dim")
        widget = self.query_one("#status", Static)
        widget.update(status, layout=False)
        widget.set_class(bool(self.query_error) and not self.searching, "-error")
        # A layout of the whole screen (and a repaint of every scrolling widget after it)
        # only when the status takes another number of lines: most keystrokes it does not.
        width, height = widget.content_region.size
        lines = widget.get_content_height(self.size, self.size, width) if width else 0
        cap = widget.styles.max_height.cells if widget.styles.max_height else None
        if not width or (min(lines, cap) if cap else lines) != height:
            widget.refresh(layout=True)

    def accept_suggestion(self) -> None:
        if self.result is not None and self.result.suggestion:
            inp = self.input
            inp.value = self.result.suggestion
            inp.cursor_position = len(inp.value)
