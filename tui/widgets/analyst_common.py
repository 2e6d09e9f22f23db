"""What the analyst widgets share: the message asking the screen to search a new query,
and how they reach the open corpus."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from index.api import Session


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
