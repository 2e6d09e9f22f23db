"""What the analyst widgets share: the message asking the screen to search a new query,
and how they reach the open corpus."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from index.api import Dossier


class QueryEdit(Message):
    """Search ``query`` instead (the widget narrowed or widened the current one): the
    screen puts it in the query box, so it is visible, editable and kept in history."""

    def __init__(self, query: str, note: str = "") -> None:
        super().__init__()
        self.query = query
        self.note = note


def corpus_of(app: Any) -> Dossier | None:
    """The open corpus (``app.session`` once the Session lands, else ``app.dossier``)."""
    for name in ("session", "dossier"):
        value = getattr(app, name, None)
        if value is not None:
            return value
    return None
