"""The reader: search pane, document pane, actor panel; the workers that feed them.

Every call into ``index`` runs in a thread worker. Results are tagged with a
sequence number; a result older than the newest one asked for is dropped.
While a search runs, keystrokes only mark the query dirty: when the search
returns, the newest query is searched at once (a debounce that costs nothing
when the index is fast).

Bookmarks: the store (``index.bookmarks``) is opened in a thread worker once the index is
open, and re-anchored after the index update; every store call runs in a thread worker.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Footer, Input, ProgressBar, Static

from tui.screens.analyst import AnalystScreen
from tui.widgets.actors import ActorEntry, ActorList, ActorPanel, article_entries, results_entries
from tui.widgets.document import DocumentView, Page
from tui.widgets.facets import FacetList, FacetPanel
from tui.widgets.find import FindBar
from tui.widgets.results import ResultList
from tui.widgets.search_input import SearchInput
from tui.widgets.timeline import TimelineBar
from tui.widgets.wrap import Span

if TYPE_CHECKING:
    from pathlib import Path

    from index.api import Article, Dossier, SearchResult
    from index.bookmarks import Bookmark, BookmarkStore
    from tui.app import DossierApp

RESULT_LIMIT = 50  # hits (with snippets) per keystroke; scrolling past them is rare
WIDE_ACTORS = 150  # from this width on, the actor panel shows unless hidden with a
PROGRESS_INTERVAL = 0.05  # seconds between progress bar updates


class UpdateCancelled(Exception):
    """Raised from the progress callback to stop an index update when the app exits."""


@dataclass
class OpenRequest:
    doc_id: str
    index: int | None  # position in the results, if opened from them
    at: int | str | None  # "first" / "last" match, or a text offset
    passage: Span | None = None  # a passage to highlight (a bookmark's)


class MainScreen(AnalystScreen):
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = [
        (0, "-narrow"),
        (110, "-normal"),
        (WIDE_ACTORS, "-wide"),
    ]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_search", "Search", id="focus_search"),
        Binding("tab", "cycle(1)", "Next pane", show=False, id="next_pane"),
        Binding("shift+tab", "cycle(-1)", "Prev pane", show=False, id="prev_pane"),
        Binding("escape", "back", "Back", id="back"),
        Binding("ctrl+s", "toggle_sort", "Sort", id="toggle_sort"),  # relevance, newest, oldest
        Binding("a", "toggle_actors", "Actors", id="toggle_actors"),
        Binding("B", "bookmarks", "Bookmarks", id="bookmarks"),
        Binding("ctrl+r", "reindex", "Re-index", show=False, id="reindex"),
        Binding("ctrl+y", "accept_suggestion", "Did you mean", show=False, id="accept_suggestion"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sort = "relevance"
        self.seq = 0  # the newest search asked for
        self.shown_seq = 0  # the search whose result is shown
        self.result: SearchResult | None = None
        self.result_query = ""  # the query of the shown result (drives highlighting)
        self.shown_query: str | None = None  # the query of the last search shown (or its error)
        self._in_flight = False
        self._dirty = False
        self.open_request: OpenRequest | None = None
        self.updating = False
        self.update_summary = ""
        self.error: str | None = None
        self.query_error: str | None = None
        self._actors_pref: bool | None = None
        self._cancel_update = False
        self._last_progress = 0.0
        self.article: Article | None = None  # the open article, as loaded
        self.store: BookmarkStore | None = None
        self.store_error: str | None = None
        self._index_current = False  # the index update is done
        self.reanchored: dict[str, int] | None = None  # counts by status, once re-anchored

    @property
    def dapp(self) -> DossierApp:
        return self.app  # type: ignore[return-value]

    @property
    def dossier(self) -> Dossier | None:
        return self.dapp.dossier

    # -- layout ------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Horizontal(id="progress"):
            yield Static(Text("Indexing"), id="progress-label", markup=False)
            yield ProgressBar(id="progress-bar", show_eta=False)
        with Horizontal(id="panes"):
            with Vertical(id="search-pane"):
                yield SearchInput(self.dapp.state.history, id="query")
                yield Static(Text("Opening the index…"), id="status", markup=False)
                yield TimelineBar(id="timeline")
                yield ResultList(id="results")
            yield DocumentView(id="document")
            yield ActorPanel(id="actors")
            yield FacetPanel(id="facets")
        yield FindBar(id="find")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#progress").display = False
        self.query_one(FacetPanel).display = False
        self.query_one(SearchInput).focus()
        self._apply_actor_visibility()
        self.call_after_refresh(self.dapp.first_painted)
        self._open_index()

    def on_resize(self) -> None:
        self._apply_actor_visibility()

    def _apply_actor_visibility(self) -> None:
        width = self.size.width or self.app.size.width
        visible = self._actors_pref if self._actors_pref is not None else width >= WIDE_ACTORS
        self.set_class(visible, "-actors")

    @property
    def actors_visible(self) -> bool:
        return self.has_class("-actors")

    def on_descendant_focus(self, event: Any) -> None:
        widget = event.widget if hasattr(event, "widget") else self.focused
        if isinstance(widget, DocumentView):
            self.add_class("-reading")
        elif isinstance(widget, SearchInput | ResultList):
            self.remove_class("-reading")

    def _panes(self) -> list[Widget]:
        panes: list[Widget] = [
            self.query_one(SearchInput),
            self.query_one(ResultList),
            self.query_one(DocumentView),
        ]
        if self.actors_visible:
            panes.append(self.query_one(ActorList))
        if self.query_one(FacetPanel).display:
            panes.append(self.query_one("#facet-list"))
        return panes

    def focus_pane(self, widget: Widget) -> None:
        if isinstance(widget, DocumentView):
            self.add_class("-reading")
        elif isinstance(widget, SearchInput | ResultList):
            self.remove_class("-reading")
        widget.focus(scroll_visible=False)

    def action_cycle(self, step: int) -> None:
        panes = self._panes()
        current = self.focused
        i = next((n for n, p in enumerate(panes) if p is current), -1)
        self.focus_pane(panes[(i + step) % len(panes)])

    def action_focus_search(self) -> None:
        if isinstance(self.focused, DocumentView) and self.open_find():
            return  # `/` while reading finds in this article
        self.focus_pane(self.query_one(SearchInput))

    def action_back(self) -> None:
        focused = self.focused
        if isinstance(focused, DocumentView) and focused.has_passage_selection:
            focused.clear_passage_selection()  # first Esc ends a passage selection
        elif isinstance(focused, DocumentView | ActorList | TimelineBar | FacetList):
            self.focus_pane(self.query_one(ResultList))
        elif isinstance(focused, ResultList):
            self.focus_pane(self.query_one(SearchInput))
        elif self.query_one(DocumentView).page is not None:
            self.close_article()

    def action_toggle_actors(self) -> None:
        self._actors_pref = not self.actors_visible
        self._apply_actor_visibility()
        if self.actors_visible:
            self._refresh_actor_panel()
        elif isinstance(self.focused, ActorList):
            self.focus_pane(self.query_one(DocumentView))

    def action_toggle_sort(self) -> None:
        cycle = {"relevance": "date", "date": "oldest", "oldest": "relevance"}
        self.sort = cycle.get(self.sort, "relevance")
        self.request_search()

    def action_accept_suggestion(self) -> None:
        if self.result is not None and self.result.suggestion:
            inp = self.query_one(SearchInput)
            inp.value = self.result.suggestion
            inp.cursor_position = len(inp.value)

    # -- index: open, then update ----------------------------------------------------
    @work(thread=True, exclusive=True, group="index")
    def _open_index(self) -> None:
        from index.api import Dossier

        app = self.dapp
        notices: list[str] = []
        try:
            d = Dossier.open(
                app.corpus, dirs=app.dirs, index_dir=app.index_dir, notice=notices.append
            )
        except Exception as exc:  # a missing corpus, a busy or broken index
            self.app.call_from_thread(self._failed, f"cannot open the index: {exc}")
            return
        self.app.call_from_thread(self._index_opened, d, notices)
        if not d.should_update(app.run_update):
            self.app.call_from_thread(self._updated, None, None)
            return
        self._run_update(d)

    def _run_update(self, d: Dossier) -> None:
        """Bring the index up to date (runs in the "index" worker)."""
        self.app.call_from_thread(self._progress, 0, 0)
        try:
            report = d.update(progress=self._progress_from_thread)
        except UpdateCancelled:
            return
        except Exception as exc:  # the corpus folder gone, a busy or broken index
            self.app.call_from_thread(self._updated, None, f"index update failed: {exc}")
            return
        self.app.call_from_thread(self._updated, report, None)

    def action_reindex(self) -> None:
        """Check the corpus folder for new, changed and removed articles."""
        d = self.dapp.dossier
        if d is None or self.updating:
            return
        self.updating = True
        self._reindex(d)

    @work(thread=True, exclusive=True, group="index")
    def _reindex(self, d: Dossier) -> None:
        self._run_update(d)

    def _progress_from_thread(self, done: int, total: int) -> None:
        if self._cancel_update:
            raise UpdateCancelled
        now = time.monotonic()
        if done == total or now - self._last_progress >= PROGRESS_INTERVAL:
            self._last_progress = now
            self.app.call_from_thread(self._progress, done, total)

    def _index_opened(self, d: Dossier, notices: list[str]) -> None:
        self.dapp.dossier = d
        for n in notices:
            self.dapp.notify_text(n)
        self.request_search()
        self._open_store(d.dirs.bookmarks_db)

    def _progress(self, done: int, total: int) -> None:
        self.updating = True
        bar = self.query_one("#progress")
        bar.display = True
        label = f"Indexing {done:,}/{total:,}" if total else "Checking the corpus for changes"
        self.query_one("#progress-label", Static).update(Text(label))
        self.query_one(ProgressBar).update(total=total or None, progress=done)

    def _updated(self, report: Any, error: str | None) -> None:
        self.updating = False
        self.query_one("#progress").display = False
        if error:
            self._failed(error)
        else:
            self.error = None
            self._index_current = True
            if report is not None and (report.changed or report.rebuilt):
                self.reanchored = None  # the articles changed: anchor the bookmarks again
            self._maybe_reanchor()
        if report is not None:
            self.update_summary = f"{report.total:,} articles"
            if report.changed or report.rebuilt:
                self.request_search()
            else:
                self._show_status()
        self.dapp.index_ready()

    def _failed(self, message: str) -> None:
        self.error = message
        self.dapp.notify_text(message, severity="error")
        self._show_status()

    def cancel_update(self) -> None:
        self._cancel_update = True

    # -- searching ---------------------------------------------------------------
    @on(Input.Changed, "#query")
    def _query_changed(self) -> None:
        self.request_search()

    def request_search(self) -> None:
        if self.dossier is None or self._in_flight:
            self._dirty = True
            return
        self._start_search()

    def _start_search(self) -> None:
        self._dirty = False
        self._in_flight = True
        self.seq += 1
        self._search(self.seq, self.query_one(SearchInput).value, self.sort)

    @work(thread=True, exclusive=True, group="search")
    def _search(self, seq: int, text: str, sort: str) -> None:
        from index.api import QueryError

        d = self.dossier
        assert d is not None
        result, error = None, None
        try:
            result = d.search(text, limit=RESULT_LIMIT, sort=sort)
        except QueryError as exc:
            error = str(exc)
        except Exception as exc:
            error = f"search failed: {type(exc).__name__}: {exc}"
        self.app.call_from_thread(self._search_done, seq, text, result, error)

    def _search_done(
        self, seq: int, text: str, result: SearchResult | None, error: str | None
    ) -> None:
        self._in_flight = False
        stale = seq < self.shown_seq or (self._dirty and text != self.query_one(SearchInput).value)
        if not stale:
            self.shown_seq = seq
            self.shown_query = text
            self.query_error = error
            if result is not None:
                self._show_result(seq, text, result)
            self._show_status()
        if self._dirty:
            self._start_search()

    def _show_result(self, seq: int, text: str, result: SearchResult) -> None:
        self.result = result
        self.result_query = text
        self.query_one(ResultList).set_result(result, seq)
        doc = self.query_one(DocumentView)
        if doc.page is not None:
            ids = [h.id for h in result.hits]
            index = ids.index(doc.page.doc_id) if doc.page.doc_id in ids else None
            if self.open_request is not None:
                self.open_request.index = index
            self._load_spans(doc.page.doc_id, text)
        self._refresh_actor_panel()
        self.analyst_result_shown(text)

    def _show_status(self) -> None:
        status = Text()
        if self.query_error:
            status.append("⚠ ", style="bold")
            status.append(self.query_error, style="bold")
        elif self.result is not None:
            r = self.result
            count = f"{r.total:,} result{'' if r.total == 1 else 's'}"
            if r.total > len(r.hits):
                count += f" (first {len(r.hits)})"
            status.append(count, style="bold")
            status.append(" · oldest first" if r.sort == "oldest" else f" · by {r.sort}")
            if r.total == 0 and r.suggestion:
                status.append(" · did you mean ")
                status.append(r.suggestion, style="bold underline")
                status.append("? (ctrl+y)")
        elif self.error:
            status.append(self.error, style="bold")
        else:
            status.append("Opening the index…")
        if self.update_summary and not self.query_error:
            status.append(f" · {self.update_summary}", style="dim")
        widget = self.query_one("#status", Static)
        widget.update(status)
        widget.set_class(bool(self.query_error), "-error")

    # -- opening articles ------------------------------------------------------------
    @on(ResultList.Open)
    def _open_from_results(self, event: ResultList.Open) -> None:
        self.open_result(event.index, "first")
        self.focus_pane(self.query_one(DocumentView))

    @on(Input.Submitted, "#query")
    def _submitted(self) -> None:
        inp = self.query_one(SearchInput)
        inp.remember()
        results = self.query_one(ResultList)
        if results.hits:
            self.open_result(results.cursor, "first")
            self.focus_pane(self.query_one(DocumentView))

    def open_result(self, index: int, at: int | str | None) -> None:
        hits = self.query_one(ResultList).hits
        if not 0 <= index < len(hits):
            return
        self.query_one(SearchInput).remember()
        self.save_position()
        results = self.query_one(ResultList)
        if results.cursor != index:
            results.cursor = index
        self.open_request = OpenRequest(hits[index].id, index, at)
        self._load_article(self.open_request, self.result_query)

    def close_article(self) -> None:
        self.save_position()
        self.open_request = None
        self.article = None
        self.query_one(DocumentView).show(None)
        self._refresh_actor_panel()

    @work(thread=True, exclusive=True, group="article")
    def _load_article(self, request: OpenRequest, query: str) -> None:
        d = self.dossier
        assert d is not None
        article = d.article(request.doc_id)
        spans = None
        if article is not None and query.strip():
            try:
                spans = d.match_spans(request.doc_id, query)
            except Exception:
                spans = None
        self.app.call_from_thread(self._article_loaded, request, article, spans)

    def _article_loaded(self, request: OpenRequest, article: Any, spans: Any) -> None:
        if request is not self.open_request:
            return
        doc = self.query_one(DocumentView)
        if article is None:
            doc.show(None)
            self.dapp.notify_text(f"article not found: {request.doc_id}", severity="warning")
            return
        meta = " · ".join(
            x for x in (article.date or "undated", article.source or "", article.id) if x
        )
        page = Page(
            doc_id=article.id,
            title=article.title,
            text=article.text,
            paragraphs=list(article.paragraphs),
            meta=meta,
            body_spans=list(spans.body) if spans else [],
            title_spans=list(spans.title) if spans else [],
        )
        at = request.at
        if at in ("first", "last") and not page.body_spans:
            at = self.dapp.state.positions.get(article.id)
        self.article = article
        doc.show(page, at)
        if request.passage is not None:
            doc.show_passage(request.passage)
        self._load_actors(article.id)
        self.load_bookmark_marks()

    @work(thread=True, exclusive=True, group="spans")
    def _load_spans(self, doc_id: str, query: str) -> None:
        d = self.dossier
        assert d is not None
        try:
            spans = d.match_spans(doc_id, query) if query.strip() else None
        except Exception:
            return
        self.app.call_from_thread(self._spans_loaded, doc_id, spans)

    def reload_match_spans(self) -> None:
        doc = self.query_one(DocumentView)
        if doc.page is not None:
            self._load_spans(doc.page.doc_id, self.result_query)

    def _spans_loaded(self, doc_id: str, spans: Any) -> None:
        doc = self.query_one(DocumentView)
        if doc.doc_id == doc_id:
            doc.set_spans(list(spans.body) if spans else [], list(spans.title) if spans else [])

    @on(DocumentView.MatchesExhausted)
    def _cross_article(self, event: DocumentView.MatchesExhausted) -> None:
        if self.find_active():  # found text: n/N stay in this article
            self.app.bell()
            self.dapp.notify_text("no more found in this article", timeout=2)
            return
        index = self.open_request.index if self.open_request else None
        hits = self.query_one(ResultList).hits
        target = None if index is None else index + (1 if event.forward else -1)
        if target is None or not 0 <= target < len(hits):
            self.app.bell()
            self.dapp.notify_text("no more matches" if hits else "no results", timeout=2)
            return
        self.open_result(target, "first" if event.forward else "last")

    def save_position(self) -> None:
        doc = self.query_one(DocumentView)
        if doc.page is not None:
            self.dapp.state.positions.set(doc.page.doc_id, doc.top_offset())

    # -- actors --------------------------------------------------------------------
    def _refresh_actor_panel(self) -> None:
        if not self.actors_visible:
            return
        doc = self.query_one(DocumentView)
        if doc.page is not None:
            self._load_actors(doc.page.doc_id)
        elif self.dossier is not None:
            self._load_result_actors([h.id for h in self.query_one(ResultList).hits])

    @work(thread=True, exclusive=True, group="actors")
    def _load_actors(self, doc_id: str) -> None:
        d = self.dossier
        assert d is not None
        try:
            actors = d.actors().articles.get(doc_id, [])
        except Exception as exc:
            self.app.call_from_thread(self._actors_failed, exc)
            return
        self.app.call_from_thread(self._actors_loaded, doc_id, article_entries(actors))

    def _actors_loaded(self, doc_id: str, entries: list[ActorEntry]) -> None:
        doc = self.query_one(DocumentView)
        if doc.doc_id != doc_id:
            return
        doc.set_actor_spans([m for e in entries for m in e.mentions])
        if self.actors_visible:
            self.query_one(ActorPanel).show("Actors in this article", entries, "mention")

    @work(thread=True, exclusive=True, group="actors")
    def _load_result_actors(self, ids: list[str]) -> None:
        d = self.dossier
        assert d is not None
        try:
            per_article = d.actors().articles
        except Exception as exc:
            self.app.call_from_thread(self._actors_failed, exc)
            return
        entries = results_entries(per_article, ids)
        self.app.call_from_thread(self._result_actors_loaded, entries)

    def _result_actors_loaded(self, entries: list[ActorEntry]) -> None:
        if self.query_one(DocumentView).page is None:
            self.query_one(ActorPanel).show("Actors in the results", entries, "article")

    def _actors_failed(self, exc: Exception) -> None:
        self.query_one(ActorPanel).show(f"Actors unavailable ({type(exc).__name__})", [], "")

    @on(ActorPanel.Filter)
    def _filter_actor(self, event: ActorPanel.Filter) -> None:
        name = event.entry.name.replace('"', "")
        inp = self.query_one(SearchInput)
        inp.value = f'actor:"{name}"'
        inp.cursor_position = len(inp.value)
        self.close_article()
        self.focus_pane(self.query_one(ResultList))

    @on(ActorList.WithWhom)
    def _with_whom(self, event: ActorList.WithWhom) -> None:
        self.show_cooccurrence(event.entry.name)

    @on(ActorList.NextMention)
    def _next_mention(self, event: ActorList.NextMention) -> None:
        doc = self.query_one(DocumentView)
        if not doc.next_of(event.entry.mentions):
            self.app.bell()

    # -- bookmarks -------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="bookmarks-open")
    def _open_store(self, path: Path) -> None:
        from index.bookmarks import BookmarkStore

        try:
            store = BookmarkStore(path)
        except Exception as exc:  # BookmarkStoreError: damaged, newer, unwritable
            self.app.call_from_thread(self._store_failed, str(exc))
            return
        self.app.call_from_thread(self._store_opened, store)

    def _store_opened(self, store: BookmarkStore) -> None:
        if not self.is_attached:
            store.close()
            return
        self.store = store
        self._maybe_reanchor()
        self.load_bookmark_marks()

    def _store_failed(self, message: str) -> None:
        self.store_error = message
        self.dapp.notify_text(f"Bookmarks unavailable: {message}", severity="error")

    def _maybe_reanchor(self) -> None:
        if self.store is not None and self._index_current and self.reanchored is None:
            self.reanchored = {}
            self._reanchor(self.store)

    @work(thread=True, exclusive=True, group="bookmarks-reanchor")
    def _reanchor(self, store: BookmarkStore) -> None:
        d = self.dossier
        assert d is not None
        try:
            counts = store.reanchor(d.article)
        except Exception as exc:
            self.app.call_from_thread(
                self.dapp.notify_text, f"Bookmarks not re-anchored: {exc}", severity="error"
            )
            return
        self.app.call_from_thread(self._reanchored, counts)

    def _reanchored(self, counts: dict[str, int]) -> None:
        self.reanchored = counts
        self.load_bookmark_marks()

    def _need_store(self) -> BookmarkStore | None:
        if self.store is None:
            why = self.store_error or "the bookmarks are not open yet"
            self.dapp.notify_text(f"Bookmarks unavailable: {why}", severity="warning")
        return self.store

    def load_bookmark_marks(self) -> None:
        doc = self.query_one(DocumentView)
        if self.store is not None and doc.doc_id is not None:
            self._load_marks(self.store, doc.doc_id)

    @work(thread=True, exclusive=True, group="bookmarks-marks")
    def _load_marks(self, store: BookmarkStore, doc_id: str) -> None:
        try:
            found = store.for_doc(doc_id)
        except Exception as exc:
            self.app.call_from_thread(
                self.dapp.notify_text, f"cannot read the bookmarks: {exc}", severity="error"
            )
            return
        spans = [(b.cur_start, b.cur_end) for b in found if b.cur_start is not None]
        self.app.call_from_thread(self._marks_loaded, doc_id, spans)

    def _marks_loaded(self, doc_id: str, spans: list[Span]) -> None:
        doc = self.query_one(DocumentView)
        if doc.doc_id == doc_id:
            doc.set_bookmarks(spans)

    @on(DocumentView.BookmarkRequested)
    def _bookmark_requested(self, event: DocumentView.BookmarkRequested) -> None:
        from tui.screens.bookmark_edit import BookmarkEditScreen

        store = self._need_store()
        article = self.article
        if store is None or article is None or article.id != event.doc_id:
            return
        start, end = event.start, event.end

        def save(note: str, tags: list[str]) -> Bookmark:
            return store.add(article, start, end, note=note, tags=tags)

        dialog = BookmarkEditScreen("Bookmark this passage", article.text[start:end], save)
        self.app.push_screen(dialog, self._bookmarked)

    def _bookmarked(self, saved: Bookmark | None) -> None:
        if saved is None:
            return
        self.dapp.notify_text("Bookmarked")
        self.query_one(DocumentView).clear_passage_selection()
        self.load_bookmark_marks()

    def action_bookmarks(self) -> None:
        from tui.screens.bookmarks import BookmarksScreen

        store = self._need_store()
        if store is not None:
            self.app.push_screen(BookmarksScreen(store), self._bookmark_chosen)

    def _bookmark_chosen(self, chosen: Bookmark | None) -> None:
        if chosen is None or chosen.cur_start is None or chosen.cur_end is None:
            self.load_bookmark_marks()  # some may have been edited or deleted
            return
        self.open_bookmark(chosen)

    def open_bookmark(self, b: Bookmark) -> None:
        """Open the bookmark's article at its passage (highlighted)."""
        assert b.cur_start is not None and b.cur_end is not None
        self.save_position()
        ids = [h.id for h in self.query_one(ResultList).hits]
        index = ids.index(b.doc) if b.doc in ids else None
        if index is not None:
            self.query_one(ResultList).cursor = index
        self.open_request = OpenRequest(b.doc, index, b.cur_start, (b.cur_start, b.cur_end))
        self._load_article(self.open_request, self.result_query)
        self.focus_pane(self.query_one(DocumentView))

    def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None
