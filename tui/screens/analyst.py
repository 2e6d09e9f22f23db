"""The analyst views on the main screen: timeline, facets, who-with-whom, saved searches,
and reading aids (find in this article, copy a passage with its citation, export).

A mixin of :class:`~tui.screens.main.MainScreen`: its keys are ``ANALYST_BINDINGS``
(listed in help, remappable in keymap.toml), its handlers use the screen's query box,
results and document. Slow work runs in thread workers; failures are one notice.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.binding import BindingType
from textual.screen import Screen
from textual.widget import Widget

from index.api import safe_line
from tui.keys import bindings_for
from tui.widgets.analyst_common import QueryEdit, corpus_of
from tui.widgets.facets import FacetPanel
from tui.widgets.find import FindBar, find_spans
from tui.widgets.timeline import TimelineBar

if TYPE_CHECKING:
    from index.api import Article, SavedStatus, SearchResult
    from tui.app import DossierApp

EXPORT_LIMIT = 100_000  # hits written by "export results" (all of them, in practice)


def citation(article: Article, passage: str) -> str:
    """The passage in quotes, then title, source, date and id: what gets copied."""
    quote = " ".join(passage.split())
    where = ", ".join(x for x in (article.title, article.source, article.date or "undated") if x)
    return f"“{quote}”\n— {where} [{article.id}]"


class AnalystScreen(Screen[None]):
    """The base of MainScreen: its keys and handlers; MainScreen provides the state below."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("analyst")

    export_dir: Path | None = None  # where "export results" writes (default: the cwd)
    article: Article | None

    @property
    def result_query(self) -> str:
        """The query of the results shown."""
        from tui.widgets.search_pane import SearchPane

        return self.query_one(SearchPane).result_query

    @property
    def result_prefix(self) -> bool:
        """Whether the results shown were searched with their last word as a prefix."""
        from tui.widgets.search_pane import SearchPane

        return self.query_one(SearchPane).result_prefix

    @property
    def sort(self) -> str:
        from tui.widgets.search_pane import SearchPane

        return self.query_one(SearchPane).sort

    @property
    def dapp(self) -> DossierApp:
        return self.app  # type: ignore[return-value]

    def focus_pane(self, widget: Widget) -> None:
        widget.focus()

    def close_article(self) -> None:
        raise NotImplementedError

    def action_focus_search(self) -> None:
        raise NotImplementedError

    def reload_match_spans(self) -> None:
        """Mark the query's matches in the open article again."""
        raise NotImplementedError

    # -- glue called by the screen ------------------------------------------------------
    def analyst_result_shown(self, query: str, prefix: bool = False) -> None:
        """A new result is on screen: recount the timeline and (if shown) the facets, over
        the same hits (``prefix`` as the list was searched)."""
        self.query_one(TimelineBar).show_query(query, prefix)
        panel = self.query_one(FacetPanel)
        if panel.display:
            panel.show_query(query, prefix)

    def on_query_edit(self, event: QueryEdit) -> None:
        event.stop()
        self.set_query(event.query)
        if event.note:
            self.dapp.notify_text(event.note, timeout=2)

    def set_query(self, query: str) -> None:
        from tui.widgets.search_input import SearchInput

        inp = self.query_one(SearchInput)
        inp.value = query
        inp.cursor_position = len(query)
        inp.remember()  # narrowing is kept in history

    # -- timeline and facets ---------------------------------------------------------------
    def action_focus_timeline(self) -> None:
        self.focus_pane(self.query_one(TimelineBar))

    def action_toggle_facets(self) -> None:
        panel = self.query_one(FacetPanel)
        panel.display = not panel.display
        if panel.display:
            panel.show_query(self.result_query, self.result_prefix, quiet=0)
            self.focus_pane(panel.query_one("#facet-list"))
        elif panel.has_focus_within:
            self.action_focus_search()

    # -- who appears with whom ---------------------------------------------------------------
    def show_cooccurrence(self, name: str) -> None:
        from tui.screens.cooccurrence import CooccurrenceScreen

        def chosen(query: str | None) -> None:
            if query:
                self.close_article()
                self.set_query(query)

        screen = CooccurrenceScreen(name, self.result_query)
        self.app.push_screen(screen, chosen)

    # -- saved searches ---------------------------------------------------------------------
    def action_save_search(self) -> None:
        from tui.screens.saved import SaveSearchScreen

        def saved(status: SavedStatus | None) -> None:
            if status is not None:
                self.dapp.notify_text(f"saved '{status.name}' ({status.total:,} articles)")

        query = self.result_query
        self.app.push_screen(SaveSearchScreen(query), saved)

    def action_saved_searches(self) -> None:
        from tui.screens.saved import SavedSearchesScreen

        def opened(status: SavedStatus | None) -> None:
            if status is None:
                return
            self.close_article()
            self.set_query(status.query)
            new = f"{status.new:,} new" if status.new else "nothing new"
            self.dapp.notify_text(f"{status.name}: {status.total:,} articles, {new}")

        self.app.push_screen(SavedSearchesScreen(), opened)

    # -- reading aids ---------------------------------------------------------------------
    _finding_in: str | None = None  # the article that find-in-article marks, if any

    def find_active(self) -> bool:
        """Whether the open article's marks are found text (n/N stay in this article)."""
        from tui.widgets.document import DocumentView

        doc_id = self.query_one(DocumentView).doc_id
        return doc_id is not None and doc_id == self._finding_in

    def open_find(self) -> bool:
        """``/`` while reading: find in this article. False when no article is open."""
        from tui.widgets.document import DocumentView

        doc = self.query_one(DocumentView)
        if doc.page is None:
            return False
        self._finding_in = doc.doc_id
        self.query_one(FindBar).open()
        return True

    def on_find_bar_changed(self, event: FindBar.Changed) -> None:
        from tui.widgets.document import DocumentView

        doc = self.query_one(DocumentView)
        if doc.page is None:
            return
        self._finding_in = doc.doc_id
        spans = find_spans(doc.page.text, event.needle)
        doc.set_spans(spans, [])
        self.query_one(FindBar).set_count(len(spans) if event.needle.strip() else None)
        if spans:
            doc.next_of(spans)

    def on_find_bar_done(self, event: FindBar.Done) -> None:
        from tui.widgets.document import DocumentView

        self.query_one(FindBar).close()
        self.focus_pane(self.query_one(DocumentView))

    def on_find_bar_closed(self, event: FindBar.Closed) -> None:
        from tui.widgets.document import DocumentView

        self.query_one(FindBar).close()
        if self._finding_in is not None:
            self._finding_in = None
            self.reload_match_spans()
        self.focus_pane(self.query_one(DocumentView))

    def action_copy_passage(self) -> None:
        from tui.widgets.document import DocumentView

        doc = self.query_one(DocumentView)
        article = self.article
        span = doc.passage_span()
        if span is None and doc.page is not None:  # no passage chosen: the one being read
            at = doc.current[0] if doc.current is not None else doc.top_offset()
            index = doc.cursor.unit_at(at)
            span = doc.cursor.units[index] if index is not None else None
        if article is None or span is None or doc.doc_id != article.id:
            self.app.bell()
            return
        text = citation(article, article.text[span[0] : span[1]])
        self.app.copy_to_clipboard(text)
        self.dapp.notify_text("copied the passage with its citation", timeout=2)

    def action_export_results(self) -> None:
        query, sort = self.result_query, self.sort
        if corpus_of(self.app) is None:
            return
        folder = self.export_dir or Path.cwd()
        self._export(query, sort, folder / time.strftime("dossier-results-%Y%m%d-%H%M%S.json"))

    def action_export_bookmarks(self) -> None:
        """This corpus's bookmarks as Markdown (quote, note, tags, citation)."""
        if corpus_of(self.app) is None:
            return
        folder = self.export_dir or Path.cwd()
        self._export_bookmarks(folder / time.strftime("dossier-bookmarks-%Y%m%d-%H%M%S.md"))

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _export_bookmarks(self, path: Path) -> None:
        session = corpus_of(self.app)
        assert session is not None
        try:
            bookmarks = session.bookmarks()
            _write(path, session.export_bookmarks("markdown"))
        except Exception as exc:  # the store, an unwritable folder
            message = f"export failed: {safe_line(str(exc))}"
            self.app.call_from_thread(self.dapp.notify_text, message, severity="error")
            return
        note = f"exported {len(bookmarks):,} bookmarks to {path}"
        self.app.call_from_thread(self.dapp.notify_text, note)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _export(self, query: str, sort: str, path: Path) -> None:
        d = corpus_of(self.app)
        assert d is not None
        try:
            result: SearchResult = d.search(query, limit=EXPORT_LIMIT, sort=sort)
            data: dict[str, Any] = result.to_json()
            _write(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        except Exception as exc:  # a bad query, an unwritable folder
            message = f"export failed: {safe_line(str(exc))}"
            self.app.call_from_thread(self.dapp.notify_text, message, severity="error")
            return
        note = f"exported {len(result.hits):,} results to {path}"
        self.app.call_from_thread(self.dapp.notify_text, note)


def _write(path: Path, text: str) -> None:
    """All or nothing (a temp file beside ``path``, then renamed over it)."""
    from index.api import write_atomically

    write_atomically(path, text)
