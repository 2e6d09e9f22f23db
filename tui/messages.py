"""The typed messages that thread workers post back to the UI.

A worker never touches a widget: it computes, then posts one of these to the widget
that started it (``post_message`` is thread-safe). Each message carries what it needs
to be recognised as stale (a sequence number or the request it answers), so the
handler can drop it. A worker that raises is turned into one notice by
``DossierApp.on_worker_state_changed``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from index.api import Article, MatchSpans, SearchResult, Session, UpdateReport
    from tui.widgets.actors import ActorEntry
    from tui.widgets.wrap import Span


@dataclass
class OpenRequest:
    """An article to open, and where."""

    doc_id: str
    index: int | None  # position in the results, if opened from them
    at: int | str | None  # "first" / "last" match, or a text offset
    passage: Span | None = None  # a passage to highlight (a bookmark's)
    keep_view: bool = False  # a refresh (ctrl+r): keep the reading position


class SearchDone(Message):
    """The first page of search ``seq`` (or its one-line error)."""

    def __init__(
        self,
        seq: int,
        query: str,
        result: SearchResult | None,
        error: str | None,
        prefix: bool = False,
    ) -> None:
        super().__init__()
        self.seq = seq
        self.query = query
        self.result = result
        self.error = error
        self.prefix = prefix  # the query's last word was searched as a prefix


class PageLoaded(Message):
    """More hits of search ``seq``, from ``offset``."""

    def __init__(self, seq: int, offset: int, result: SearchResult | None) -> None:
        super().__init__()
        self.seq = seq
        self.offset = offset
        self.result = result


class ArticleLoaded(Message):
    """An article and its match spans: the document is built once from this."""

    def __init__(
        self, request: OpenRequest, article: Article | None, spans: MatchSpans | None
    ) -> None:
        super().__init__()
        self.request = request
        self.article = article
        self.spans = spans


class SpansLoaded(Message):
    """New match spans for the open article (the query changed)."""

    def __init__(self, doc_id: str, query: str, spans: MatchSpans | None) -> None:
        super().__init__()
        self.doc_id = doc_id
        self.query = query
        self.spans = spans


class ActorsLoaded(Message):
    """Actor entries for one article (``doc_id``) or for the results (``doc_id`` None)."""

    def __init__(self, doc_id: str | None, entries: list[ActorEntry]) -> None:
        super().__init__()
        self.doc_id = doc_id
        self.entries = entries


class BookmarkMarks(Message):
    """The bookmarked passages of article ``doc_id``."""

    def __init__(self, doc_id: str, spans: list[Span]) -> None:
        super().__init__()
        self.doc_id = doc_id
        self.spans = spans


class IndexOpened(Message):
    def __init__(self, session: Session, notices: list[str]) -> None:
        super().__init__()
        self.session = session
        self.notices = notices


class IndexProgress(Message):
    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


class IndexUpdated(Message):
    """The index update ended: ``report`` (None when no update ran) or ``error``."""

    def __init__(self, report: UpdateReport | None, error: str | None) -> None:
        super().__init__()
        self.report = report
        self.error = error


class Failed(Message):
    """A worker's expected failure, as one line for a notice."""

    def __init__(self, text: str, extra: Any = None) -> None:
        super().__init__()
        self.text = text
        self.extra = extra
