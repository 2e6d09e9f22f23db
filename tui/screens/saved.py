"""Saved searches: the list (total, new since last opened; Enter opens one, d removes
one) and the dialog that saves the current query under a name.

Every call into the saved-searches store (and the searches that count totals) runs in a
thread worker; a failure is one notice, the screen stays usable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from index.api import safe_line
from tui.keys import bindings_for
from tui.widgets.analyst_common import corpus_of
from tui.widgets.keyorder import OrderedInput

if TYPE_CHECKING:
    from index.api import SavedStatus

MODAL_CSS = """
SavedSearchesScreen, SaveSearchScreen, CooccurrenceScreen { align: center middle; }
.analyst-dialog {
    width: 90%; max-width: 110; height: auto; max-height: 80%;
    border: thick $primary 60%; background: $surface; padding: 0 1;
}
.analyst-dialog > OptionList { height: auto; max-height: 30; border: none; }
.analyst-heading { text-style: bold; height: 1; }
.analyst-hint { color: $text-muted; height: 1; }
"""


class SavedSearchesScreen(ModalScreen["SavedStatus | None"]):
    """Dismissed with the saved search to open (already marked seen), or None."""

    DEFAULT_CSS = MODAL_CSS
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("saved")

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[SavedStatus] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="analyst-dialog"):
            yield Static(Text("Saved searches"), classes="analyst-heading", markup=False)
            yield OptionList(Option(Text("counting…", style="dim"), disabled=True), id="saved-list")
            yield Static(
                Text("Enter open · d remove · Esc close · S saves the current query"),
                classes="analyst-hint",
                markup=False,
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self._load()

    @work(thread=True, exclusive=True, group="saved", exit_on_error=False)
    def _load(self) -> None:
        d = corpus_of(self.app)
        if d is None:
            return
        try:
            rows = d.saved_searches()
        except Exception as exc:  # SavedSearchError: one notice
            self.app.call_from_thread(self._failed, f"saved searches unavailable: {exc}")
            return
        self.app.call_from_thread(self._loaded, rows)

    def _failed(self, message: str) -> None:
        self.app.notify(message, severity="error", markup=False)

    def _loaded(self, rows: list[SavedStatus]) -> None:
        self.rows = rows
        ol = self.query_one(OptionList)
        if not rows:
            ol.set_options([Option(Text("(none yet: S saves the current query)"), disabled=True)])
            return
        width = max(len(r.name) for r in rows)
        options = []
        for r in rows:
            prompt = Text(safe_line(r.name).ljust(width), style="bold")
            prompt.append(f"  {r.total:>6,} hits")
            prompt.append(f"  {r.new:>5,} new", style="bold" if r.new else "dim")
            prompt.append(f"  {safe_line(r.query)}", style="dim")
            options.append(Option(prompt))
        ol.set_options(options)
        ol.highlighted = 0

    def action_cursor(self, step: int) -> None:
        ol = self.query_one(OptionList)
        ol.action_cursor_down() if step > 0 else ol.action_cursor_up()

    def _current(self) -> SavedStatus | None:
        index = self.query_one(OptionList).highlighted
        return self.rows[index] if index is not None and 0 <= index < len(self.rows) else None

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        row = self._current()
        if row is not None:
            self._open(row.name)

    @work(thread=True, exclusive=True, group="saved", exit_on_error=False)
    def _open(self, name: str) -> None:
        d = corpus_of(self.app)
        if d is None:
            return
        try:
            status = d.open_saved(name)
        except Exception as exc:
            self.app.call_from_thread(self._failed, f"cannot open '{name}': {exc}")
            return
        self.app.call_from_thread(self.dismiss, status)

    def action_remove(self) -> None:
        row = self._current()
        if row is not None:
            self._remove(row.name)

    @work(thread=True, exclusive=True, group="saved", exit_on_error=False)
    def _remove(self, name: str) -> None:
        d = corpus_of(self.app)
        if d is None:
            return
        try:
            d.remove_saved(name)
            rows = d.saved_searches()
        except Exception as exc:
            self.app.call_from_thread(self._failed, f"cannot remove '{name}': {exc}")
            return
        self.app.call_from_thread(self._loaded, rows)
        self.app.call_from_thread(self.app.notify, f"removed '{safe_line(name)}'", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)


class SaveSearchScreen(ModalScreen["SavedStatus | None"]):
    """Asks a name for ``query``; Enter saves (in a worker), Esc cancels."""

    DEFAULT_CSS = MODAL_CSS
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("save_search")

    def __init__(self, query: str) -> None:
        super().__init__()
        self.query_text = query

    def compose(self) -> ComposeResult:
        with Vertical(classes="analyst-dialog"):
            yield Static(Text("Save this search"), classes="analyst-heading", markup=False)
            yield Static(Text(safe_line(self.query_text) or "(every article)"), markup=False)
            yield OrderedInput(placeholder="name", id="save-name")
            yield Static(Text(""), id="save-error", markup=False)
            yield Static(Text("Enter save · Esc cancel"), classes="analyst-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._save(event.value)

    @work(thread=True, exclusive=True, group="save-search", exit_on_error=False)
    def _save(self, name: str) -> None:
        d = corpus_of(self.app)
        if d is None:
            return
        try:
            status = d.save_search(name, self.query_text)
        except Exception as exc:  # a bad name, a name taken, a bad query, the store
            self.app.call_from_thread(self._error, str(exc))
            return
        self.app.call_from_thread(self.dismiss, status)

    def _error(self, message: str) -> None:
        self.query_one("#save-error", Static).update(Text(safe_line(message), style="bold"))

    def action_cancel(self) -> None:
        self.dismiss(None)
