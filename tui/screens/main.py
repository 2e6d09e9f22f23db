"""The reader screen: the search pane, the document, the actor panel.

Each part owns its state: ``SearchPane`` the query, sort, results and paging;
``DocumentView`` the article, its matches and the passage cursor; ``ActorPanel`` its
actors. This screen routes between them: opening a result, n/N across articles,
filtering by an actor, bookmarks. Every call into ``index`` runs in a thread worker
that posts a typed message (``tui.messages``); one ``ArticleLoaded`` builds the
document once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Footer, ProgressBar, Static

from index.api import safe_line
from tui.keys import bindings_for
from tui.messages import ArticleLoaded, BookmarkMarks, OpenRequest, SpansLoaded
from tui.screens.analyst import AnalystScreen
from tui.widgets.actors import ActorList, ActorPanel
from tui.widgets.document import DocumentView, Page
from tui.widgets.facets import FacetList, FacetPanel
from tui.widgets.find import FindBar
from tui.widgets.results import ResultList
from tui.widgets.search_input import SearchInput
from tui.widgets.search_pane import SearchPane
from tui.widgets.timeline import TimelineBar

if TYPE_CHECKING:
    from index.api import Article, Bookmark, MatchSpans, Session, UpdateReport
    from tui.app import DossierApp

WIDE_ACTORS = 150  # from this width on, the actor panel shows unless hidden with a


class MainScreen(AnalystScreen):
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = [
        (0, "-narrow"),
        (110, "-normal"),
        (WIDE_ACTORS, "-wide"),
    ]

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("main")

    def __init__(self) -> None:
        super().__init__()
        self.open_request: OpenRequest | None = None
        self.article: Article | None = None  # the open article, as loaded
        self._actors_pref: bool | None = None

    @property
    def dapp(self) -> DossierApp:
        return self.app  # type: ignore[return-value]

    @property
    def session(self) -> Session | None:
        return self.dapp.session

    @property
    def search(self) -> SearchPane:
        return self.query_one(SearchPane)

    @property
    def document(self) -> DocumentView:
        return self.query_one(DocumentView)

    @property
    def results(self) -> ResultList:
        return self.query_one(ResultList)

    # -- layout ------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Horizontal(id="progress"):
            yield Static(Text("Indexing"), id="progress-label", markup=False)
            yield ProgressBar(id="progress-bar", show_eta=False)
        with Horizontal(id="panes"):
            yield SearchPane(self.dapp.state.history, id="search-pane")
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
        panes: list[Widget] = [self.query_one(SearchInput), self.results, self.document]
        if self.actors_visible:
            panes.append(self.query_one(ActorList))
        if self.query_one(FacetPanel).display:
            panes.append(self.query_one(FacetList))
        return panes

    def focus_pane(self, widget: Widget) -> None:
        if isinstance(widget, DocumentView):
            self.add_class("-reading")
        elif isinstance(widget, SearchInput | ResultList):
            self.remove_class("-reading")
        widget.focus(scroll_visible=False)

    # -- actions -----------------------------------------------------------------
    def action_cycle(self, step: int) -> None:
        panes = self._panes()
        i = next((n for n, p in enumerate(panes) if p is self.focused), -1)
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
            self.focus_pane(self.results)
        elif isinstance(focused, ResultList):
            self.focus_pane(self.query_one(SearchInput))
        elif self.document.page is not None:
            self.close_article()

    def action_toggle_actors(self) -> None:
        self._actors_pref = not self.actors_visible
        self._apply_actor_visibility()
        if self.actors_visible:
            self._refresh_actor_panel()
        elif isinstance(self.focused, ActorList):
            self.focus_pane(self.document)

    def action_toggle_sort(self) -> None:
        self.search.toggle_sort()

    def action_accept_suggestion(self) -> None:
        self.search.accept_suggestion()

    def action_reindex(self) -> None:
        self.dapp.reindex()

    def type_to_search(self, character: str) -> None:
        """A letter typed in a list: a new search starting with it."""
        self.search.type_to_search(character)

    # -- the index (the App runs it, this screen shows it) -------------------------------
    def index_opened(self) -> None:
        self.search.request_search()

    def show_progress(self, done: int, total: int) -> None:
        self.query_one("#progress").display = True
        label = f"Indexing {done:,}/{total:,}" if total else "Checking the corpus for changes"
        self.query_one("#progress-label", Static).update(Text(label))
        self.query_one(ProgressBar).update(total=total or None, progress=done)

    def index_updated(self, report: UpdateReport | None, error: str | None) -> None:
        self.query_one("#progress").display = False
        pane = self.search
        if error:
            pane.error = error
            self.dapp.notify_text(error, severity="error")
        else:
            pane.error = None
        if report is not None:
            # The open archive by its folder's name (a name is untrusted: one clean line).
            archive = safe_line(self.dapp.corpus.name)
            pane.update_summary = report.hint or f"{report.total:,} articles in {archive}"
            if report.changed or report.rebuilt:
                pane.request_search()
                self.refresh_article()
        pane.show_status()

    def refresh_article(self) -> None:
        """Reload the open article (ctrl+r after it changed), keeping the reading position."""
        doc = self.document
        if doc.page is None or self.open_request is None:
            return
        r = self.open_request
        self.open_request = OpenRequest(r.doc_id, r.index, doc.top_offset(), keep_view=True)
        self._load_article(self.open_request, *self.search.shown_search)

    # -- opening articles ------------------------------------------------------------
    @on(SearchPane.Shown)
    def _results_shown(self, event: SearchPane.Shown) -> None:
        doc = self.document
        if doc.page is not None:
            if self.open_request is not None:
                self.open_request.index = None  # its place in the new results is unknown
            self._load_spans(doc.page.doc_id, event.query, event.prefix)
        self._refresh_actor_panel()
        self.analyst_result_shown(event.query, event.prefix)

    @on(ResultList.Open)
    def _open_from_results(self, event: ResultList.Open) -> None:
        self.open_result(event.index, event.at)
        self.focus_pane(self.document)

    @on(SearchInput.Submitted, "#query")
    def _submitted(self) -> None:
        self.query_one(SearchInput).remember()
        if self.results.total:
            self.results.open_at(self.results.cursor, "first")

    def open_result(self, index: int, at: int | str | None) -> None:
        hit = self.results.hit(index)
        if hit is None:
            self.results.open_at(index, at)  # opened once its page is loaded
            return
        self.query_one(SearchInput).remember()
        self.save_position()
        if self.results.cursor != index:
            self.results.cursor = index
        self.open_request = OpenRequest(hit.id, index, at)
        self._load_article(self.open_request, *self.search.shown_search)

    def close_article(self) -> None:
        self.save_position()
        self.open_request = None
        self.article = None
        self.document.show(None)
        self._refresh_actor_panel()

    @work(thread=True, exclusive=True, group="article", exit_on_error=False)
    def _load_article(self, request: OpenRequest, query: str, prefix: bool) -> None:
        session = self.session
        assert session is not None
        article = session.article(request.doc_id)
        wanted = article and query.strip()
        spans = session.match_spans(request.doc_id, query, prefix=prefix) if wanted else None
        self.post_message(ArticleLoaded(request, article, spans))

    @on(ArticleLoaded)
    def _article_loaded(self, event: ArticleLoaded) -> None:
        request, article, spans = event.request, event.article, event.spans
        if request is not self.open_request:
            return
        doc = self.document
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
            body_spans=_body_matches(spans),
            title_spans=list(spans.title) if spans else [],
        )
        at = request.at
        if at in ("first", "last") and not page.body_spans:
            at = self.dapp.state.positions.get(article.id)
        self.article = article
        doc.show(page, at)
        if request.passage is not None:
            doc.show_passage(request.passage)
        self.query_one(ActorPanel).load_article(article.id)
        self.load_bookmark_marks()

    @work(thread=True, exclusive=True, group="spans", exit_on_error=False)
    def _load_spans(self, doc_id: str, query: str, prefix: bool) -> None:
        session = self.session
        assert session is not None
        spans = session.match_spans(doc_id, query, prefix=prefix) if query.strip() else None
        self.post_message(SpansLoaded(doc_id, query, spans))

    def reload_match_spans(self) -> None:
        if self.document.page is not None:
            self._load_spans(self.document.page.doc_id, *self.search.shown_search)

    @on(SpansLoaded)
    def _spans_loaded(self, event: SpansLoaded) -> None:
        spans = event.spans
        if self.document.doc_id == event.doc_id:
            self.document.set_spans(_body_matches(spans), list(spans.title) if spans else [])

    @on(DocumentView.MatchesExhausted)
    def _cross_article(self, event: DocumentView.MatchesExhausted) -> None:
        if self.find_active():  # found text: n/N stay in this article
            self.app.bell()
            self.dapp.notify_text("no more found in this article", timeout=2)
            return
        results = self.results
        index = self.open_request.index if self.open_request else None
        if index is None and self.document.doc_id is not None:
            index = results.index_of(self.document.doc_id)
        target = None if index is None else index + (1 if event.forward else -1)
        if target is None or not 0 <= target < results.total:
            self.app.bell()
            self.dapp.notify_text("no more matches" if results.total else "no results", timeout=2)
            return
        self.open_result(target, "first" if event.forward else "last")

    def save_position(self) -> None:
        doc = self.document
        if doc.page is not None:
            self.dapp.state.positions.set(doc.page.doc_id, doc.top_offset())

    # -- actors --------------------------------------------------------------------
    def _refresh_actor_panel(self) -> None:
        panel = self.query_one(ActorPanel)
        doc = self.document
        if doc.page is not None:
            panel.load_article(doc.page.doc_id)
        elif self.actors_visible and self.session is not None:
            panel.load_results([h.id for h in self.results.hits])

    @on(ActorPanel.Mentions)
    def _actor_mentions(self, event: ActorPanel.Mentions) -> None:
        if self.document.doc_id == event.doc_id:
            self.document.set_actor_spans(event.spans)

    @on(ActorPanel.Filter)
    def _filter_actor(self, event: ActorPanel.Filter) -> None:
        name = event.entry.name.replace('"', "")
        inp = self.query_one(SearchInput)
        inp.value = f'actor:"{name}"'
        inp.cursor_position = len(inp.value)
        self.close_article()
        self.focus_pane(self.results)

    @on(ActorList.WithWhom)
    def _with_whom(self, event: ActorList.WithWhom) -> None:
        self.show_cooccurrence(event.entry.name)

    @on(ActorList.NextMention)
    def _next_mention(self, event: ActorList.NextMention) -> None:
        if not self.document.next_of(event.entry.mentions):
            self.app.bell()

    # -- bookmarks -------------------------------------------------------------------
    def reader_changed(self) -> None:
        """The bookmarks were re-anchored: mark the open article's again."""
        self.load_bookmark_marks()

    def _need_session(self) -> Session | None:
        session = self.session
        if session is None:
            self.dapp.notify_text(
                "Bookmarks unavailable: the index is not open yet", severity="warning"
            )
        return session

    def load_bookmark_marks(self) -> None:
        session, doc_id = self.session, self.document.doc_id
        if session is not None and doc_id is not None:
            self._load_marks(session, doc_id)

    @work(thread=True, exclusive=True, group="bookmarks-marks", exit_on_error=False)
    def _load_marks(self, session: Session, doc_id: str) -> None:
        found = session.bookmarks_for(doc_id)
        spans = [(b.cur_start, b.cur_end) for b in found if b.cur_start is not None]
        self.post_message(BookmarkMarks(doc_id, spans))  # type: ignore[arg-type]

    @on(BookmarkMarks)
    def _marks_loaded(self, event: BookmarkMarks) -> None:
        if self.document.doc_id == event.doc_id:
            self.document.set_bookmarks(event.spans)

    @on(DocumentView.BookmarkRequested)
    def _bookmark_requested(self, event: DocumentView.BookmarkRequested) -> None:
        from tui.screens.bookmark_edit import BookmarkEditScreen

        session = self._need_session()
        article = self.article
        if session is None or article is None or article.id != event.doc_id:
            return
        start, end = event.start, event.end

        def save(note: str, tags: list[str]) -> Bookmark:
            return session.add_bookmark(article, start, end, note=note, tags=tags)

        dialog = BookmarkEditScreen("Bookmark this passage", article.text[start:end], save)
        self.app.push_screen(dialog, self._bookmarked)

    def _bookmarked(self, saved: Bookmark | None) -> None:
        if saved is None:
            return
        self.dapp.notify_text("Bookmarked")
        self.document.clear_passage_selection()
        self.load_bookmark_marks()

    def action_bookmarks(self) -> None:
        from tui.screens.bookmarks import BookmarksScreen

        session = self._need_session()
        if session is not None:
            deleted = self.dapp.runner.deleted_bookmarks
            self.app.push_screen(BookmarksScreen(session, deleted), self._bookmark_chosen)

    def _bookmark_chosen(self, chosen: Bookmark | None) -> None:
        if chosen is None or chosen.cur_start is None or chosen.cur_end is None:
            self.load_bookmark_marks()  # some may have been edited or deleted
            return
        self.open_bookmark(chosen)

    def open_bookmark(self, b: Bookmark) -> None:
        """Open the bookmark's article at its passage (highlighted)."""
        assert b.cur_start is not None and b.cur_end is not None
        self.save_position()
        index = self.results.index_of(b.doc)
        if index is not None:
            self.results.cursor = index
        self.open_request = OpenRequest(b.doc, index, b.cur_start, (b.cur_start, b.cur_end))
        self._load_article(self.open_request, *self.search.shown_search)
        self.focus_pane(self.document)


def _body_matches(spans: MatchSpans | None) -> list[tuple[int, int]]:
    """What n/N walk in the text: the query's matches and, for an ``actor:`` filter, the
    actor's mentions (as in the hit's spans)."""
    return sorted({*spans.body, *spans.actors}) if spans else []
