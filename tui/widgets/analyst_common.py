"""What the analyst widgets share: the message asking the screen to search a new query,
and how they reach the open corpus."""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, Any, TypeVar

from textual.message import Message

if TYPE_CHECKING:
    from index.api import Session

T = TypeVar("T")

VIEWS_QUIET = 0.2
"""Seconds a result must stay on screen before its timeline and facets are recounted:
while the user types, each keystroke's list is painted without a recount of all its hits
running beside the next keystroke's search (a recount costs about what that search does)."""


class Quiet:
    """One recount at a time, started once the query has stayed the same for a while.

    ``next()`` supersedes the recount waiting (its thread gives way at once: no worker
    thread sleeps out its wait) and returns the new one's flag; the worker calls
    ``wait(flag, seconds)`` first, and gives up if it returns True (a newer query came)."""

    def __init__(self) -> None:
        self._flag = threading.Event()

    def next(self) -> threading.Event:
        self._flag.set()
        self._flag = threading.Event()
        return self._flag

    @staticmethod
    def superseded(flag: threading.Event, seconds: float) -> bool:
        return flag.wait(seconds) if seconds > 0 else flag.is_set()


class QueryEdit(Message):
    """Search ``query`` instead (the widget narrowed or widened the current one): the
    screen puts it in the query box, so it is visible, editable and kept in history."""

    def __init__(self, query: str, note: str = "") -> None:
        super().__init__()
        self.query = query
        self.note = note


def as_typed(query: str, prefix: bool) -> str:
    """The query as the list shown answered it, for a view that adds a term to it: a
    word being typed (searched as a prefix) is made an explicit one (``zinov`` ->
    ``zinov*``), so narrowing ``zinov`` to a month does not turn it into an exact word.
    An open phrase (``"oil pri``) is left as it is: a phrase has no wildcard."""
    if prefix and query[-1:].isalnum() and query.count('"') % 2 == 0:
        return query + "*"
    return query


def corpus_of(app: Any) -> Session | None:
    """The open corpus's Session: the app's own (``app.session``) when it has one, else
    one around ``app.dossier`` (cheap: it only wraps it; never closed here)."""
    session = getattr(app, "session", None)
    if session is not None:
        return session
    dossier = getattr(app, "dossier", None)
    if dossier is None:
        return None
    from index.api import Session

    return Session(dossier)


def views_session(app: Any) -> AbstractContextManager[Session | None]:
    """The Session the timeline and facets count on, held while in use: the app's
    "views" lane (its own searcher, so a recount never makes the next keystroke's search
    wait), else :func:`corpus_of`'s."""
    runner = getattr(app, "runner", None)
    if runner is not None and getattr(app, "session", None) is not None:
        return runner.borrow("views")
    return nullcontext(corpus_of(app))


def recount_when_quiet(
    app: Any, flag: threading.Event, quiet: float, count: Callable[[Session], T]
) -> tuple[bool, T | None]:
    """Run ``count`` on the views Session once the query has stayed ``quiet`` seconds
    (in a worker thread): (False, None) if a newer query came or no corpus is open,
    (True, None) for a malformed query, else (True, its value)."""
    from index.api import QueryError

    if Quiet.superseded(flag, quiet):
        return False, None  # a newer query is on screen
    with views_session(app) as d:
        if d is None:
            return False, None
        try:
            return True, count(d)
        except QueryError:
            return True, None
