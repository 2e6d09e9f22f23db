"""The bookmark dialog: an optional note and tags for a passage (new, or edited).

Enter saves, Esc cancels. Saving calls ``save(note, tags)`` in a thread worker (it
writes the bookmarks database); the dialog closes with the saved bookmark only after
that returned. If it failed, the dialog stays open with the error and what was typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui.keys import bindings_for
from tui.widgets.keyorder import OrderedInput

if TYPE_CHECKING:
    from index.api import Bookmark

QUOTE_PREVIEW = 280  # characters of the quote shown in the dialog

Saver = Callable[[str, list[str]], "Bookmark"]


def parse_tags(text: str) -> list[str]:
    """Tags are comma separated ("north korea, sanctions"); "#a #b" also works."""
    out: list[str] = []
    for piece in text.split(","):
        words = piece.split()
        if len(words) > 1 and all(w.startswith("#") for w in words):
            out.extend(words)
        elif piece.strip():
            out.append(piece.strip())
    return out


def format_tags(tags: list[str]) -> str:
    return ", ".join(tags)


def preview(quote: str, limit: int = QUOTE_PREVIEW) -> str:
    """The quote on one line, cut at ``limit`` characters."""
    flat = re.sub(r"\s+", " ", quote).strip()
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question: y confirms, n or Esc does not."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("confirm")

    def __init__(self, question: Text, hint: str = "y delete · n / Esc keep") -> None:
        super().__init__()
        self.question = question
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog"):
            yield Static(self.question, id="confirm-question", markup=False)
            yield Static(Text(self.hint), id="confirm-hint", markup=False)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class BookmarkEditScreen(ModalScreen["Bookmark | None"]):
    """Esc (or quitting) with a note or tags typed asks first: one key never loses them."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("bookmark_dialog")

    def __init__(
        self, heading: str, quote: str, save: Saver, note: str = "", tags: list[str] | None = None
    ) -> None:
        super().__init__()
        self.heading = heading
        self.quote = quote
        self.save = save
        self.initial_note = note
        self.initial_tags = format_tags(tags or [])
        self.saving = False

    def compose(self) -> ComposeResult:
        with Vertical(id="bm-dialog"):
            yield Static(Text(self.heading, style="bold"), id="bm-heading")
            yield Static(Text(f"“{preview(self.quote)}”"), id="bm-quote", markup=False)
            yield OrderedInput(self.initial_note, placeholder="note (optional)", id="bm-note")
            yield OrderedInput(
                self.initial_tags, placeholder="tags, comma separated (optional)", id="bm-tags"
            )
            yield Static(Text(""), id="bm-error", markup=False)
            yield Static(
                Text("Enter save · Tab next field · Esc cancel"), id="bm-hint", markup=False
            )

    def on_mount(self) -> None:
        self.query_one("#bm-note", Input).focus()

    @property
    def note(self) -> str:
        return self.query_one("#bm-note", Input).value.strip()

    @property
    def tags(self) -> list[str]:
        return parse_tags(self.query_one("#bm-tags", Input).value)

    @property
    def unsaved(self) -> bool:
        """A note or tags typed and not saved."""
        note = self.query_one("#bm-note", Input).value
        tags = self.query_one("#bm-tags", Input).value
        return note != self.initial_note or tags != self.initial_tags

    def confirm_discard(self, then: Callable[[], object]) -> None:
        """Ask before dropping what was typed; ``then()`` if the user agrees."""
        question = Text("Discard the note and tags you typed?", style="bold")

        def answered(yes: bool | None) -> None:
            if yes:
                then()

        self.app.push_screen(ConfirmScreen(question, "y discard · n / Esc keep editing"), answered)

    def action_cancel(self) -> None:
        if self.saving:  # a save under way is waited for: it may already be on disk
            return
        if self.unsaved:
            self.confirm_discard(lambda: self.dismiss(None))
        else:
            self.dismiss(None)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.saving:
            return
        self.saving = True
        self._show_error("Saving…")
        self._save(self.note, self.tags)

    @work(thread=True, exclusive=True, group="bookmark-save")
    def _save(self, note: str, tags: list[str]) -> None:
        try:
            saved = self.save(note, tags)
        except Exception as exc:  # BookmarkStoreError, QuoteNotFound, ...: never a crash
            self.app.call_from_thread(self._failed, str(exc) or type(exc).__name__)
            return
        self.app.call_from_thread(self._saved, saved)

    def _saved(self, bookmark: Bookmark) -> None:
        self.saving = False
        self.dismiss(bookmark)

    def _failed(self, message: str) -> None:
        self.saving = False
        self._show_error(f"Not saved: {message}")
        self.app.notify(f"Bookmark not saved: {message}", severity="error", markup=False)

    def _show_error(self, message: str) -> None:
        error = self.query_one("#bm-error", Static)
        error.update(Text(message))
        error.set_class(message.startswith("Not saved"), "-error")
