"""Find in this article: ``/`` while reading opens a bar under the panes; what you type is
marked in the open article only (case-insensitive), as the matches ``n``/``N`` walk.
Enter goes back to reading with those marks; Esc closes the bar and brings the query's
matches back."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Static

from tui.keys import bindings_for
from tui.widgets.keyorder import OwnKeysInOrder


def find_spans(text: str, needle: str) -> list[tuple[int, int]]:
    """Case-insensitive occurrences of ``needle`` in ``text`` (non-overlapping)."""
    needle = needle.strip()
    if not needle:
        return []
    hay, low = text.lower(), needle.lower()
    if len(hay) != len(text) or len(low) != len(needle):  # lower() changed lengths (rare)
        hay, low = text, needle
    out, start = [], 0
    while (i := hay.find(low, start)) >= 0:
        out.append((i, i + len(low)))
        start = i + len(low)
    return out


class FindInput(OwnKeysInOrder, Input):
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("find")

    def action_close(self) -> None:
        self.post_message(FindBar.Closed())


class FindBar(Horizontal):
    DEFAULT_CSS = """
    FindBar { height: 1; dock: bottom; display: none; }
    FindBar > #find-label { width: auto; padding: 0 1; text-style: bold; }
    FindBar > FindInput { border: none; height: 1; width: 1fr; padding: 0; }
    FindBar > #find-count { width: auto; padding: 0 1; }
    """

    class Changed(Message):
        def __init__(self, needle: str) -> None:
            super().__init__()
            self.needle = needle

    class Done(Message):
        """Enter: back to reading, the found text still marked."""

    class Closed(Message):
        """Esc: the query's matches again."""

    def compose(self) -> ComposeResult:
        yield Static(Text("Find in article:"), id="find-label", markup=False)
        yield FindInput(placeholder="text (Enter: read, Esc: close)", id="find-input")
        yield Static(Text(""), id="find-count", markup=False)

    def open(self) -> None:
        self.display = True
        inp = self.query_one(FindInput)
        inp.value = ""
        self.set_count(None)
        inp.focus()

    def close(self) -> None:
        self.display = False

    def set_count(self, count: int | None) -> None:
        text = "" if count is None else f"{count:,} found" if count else "not found"
        self.query_one("#find-count", Static).update(Text(text))

    @property
    def needle(self) -> str:
        return self.query_one(FindInput).value

    @on(Input.Changed, "#find-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    @on(Input.Submitted, "#find-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Done())
