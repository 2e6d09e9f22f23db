"""The query input, with shell-like history on up/down."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.binding import BindingType
from textual.widgets import Input

from tui.keys import bindings_for
from tui.widgets.keyorder import OwnKeysInOrder

if TYPE_CHECKING:
    from tui.userstate import SearchHistory


def typing_prefix(value: str, cursor: int) -> bool:
    """Whether the word being typed is a prefix: the cursor is at the end, right after a
    word character (inside an unclosed quote too). After a space, or with the cursor
    elsewhere, the query is exact."""
    return bool(value) and cursor >= len(value) and (value[-1].isalnum() or value[-1] == "_")


class SearchInput(OwnKeysInOrder, Input):
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("input")

    def __init__(self, history: SearchHistory, **kwargs: object) -> None:
        super().__init__(
            placeholder='Search: words, "a phrase", title:x, actor:"Name", AND/OR/NOT',
            **kwargs,  # type: ignore[arg-type]
        )
        self.history = history
        self._recalled: str | None = None

    def _recall(self, value: str | None) -> None:
        if value is None:
            self.app.bell()
            return
        self._recalled = value
        self.value = value
        self.cursor_position = len(value)

    def action_history_older(self) -> None:
        self._recall(self.history.older(self.value))

    def action_history_newer(self) -> None:
        self._recall(self.history.newer())

    def on_input_changed(self, event: Input.Changed) -> None:
        # Typing (rather than recalling) ends the browsing of the history.
        if event.value != self._recalled:
            self.history.reset()
            self._recalled = None

    def start_with(self, character: str) -> None:
        """Focus, with ``character`` as the new query (typed in a list): the cursor after
        it, nothing selected, so the next keys follow it."""
        self.remember()
        self._no_select_once = self.app.focused is not self
        self.value = character
        self.cursor_position = len(character)
        # Focus now, not on the next turn of the loop (``focus()`` defers): keys that
        # arrived with this one ("iraq" pasted or typed fast in a terminal) are already
        # queued, and must reach the input, not start a new query each.
        self.screen.set_focus(self, scroll_visible=False)

    def _on_focus(self, event: events.Focus) -> None:
        # Input's own handler (run after this one) would select the text, and the next
        # key typed would replace it: not this once.
        if getattr(self, "_no_select_once", False) and self.select_on_focus:
            self._no_select_once = False
            self.select_on_focus = False
            self.call_next(setattr, self, "select_on_focus", True)

    @property
    def content_width(self) -> int:
        """At least the width of the box: Input sets its virtual width from this on every
        change, and a new virtual size lays the whole screen out again (then repaints each
        scrolling widget): typing within the box's width need not. The placeholder (wider
        than the box) does not count: the first key of a query need not either."""
        box = self.scrollable_content_region.width
        return max(super().content_width if self.value else 0, box)

    @property
    def prefix(self) -> bool:
        """The query's last word is being typed (see :func:`typing_prefix`)."""
        return typing_prefix(self.value, self.cursor_position)

    def remember(self) -> None:
        self.history.add(self.value)
        self._recalled = None
