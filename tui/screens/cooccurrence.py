"""Who appears with whom: the actors sharing articles with one actor, by number of shared
articles, within the current query (``a`` switches to the whole archive). Enter on one
searches the articles naming both (``actor:"A" actor:"B"``, within the query)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from index.api import safe_line
from tui.keys import bindings_for
from tui.screens.saved import MODAL_CSS
from tui.widgets.analyst_common import corpus_of

if TYPE_CHECKING:
    from index.api import Cooccurrence

SHOWN = 60


class CooccurrenceScreen(ModalScreen["str | None"]):
    """Dismissed with the query to search (both actors, within the query), or None."""

    DEFAULT_CSS = MODAL_CSS
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("cooccurrence")

    def __init__(self, actor: str, query: str) -> None:
        super().__init__()
        self.actor = actor
        self.query_text = query.strip()
        self.within = bool(self.query_text)
        self.result: Cooccurrence | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="analyst-dialog"):
            yield Static(Text(f"Who appears with {safe_line(self.actor)}"), id="with-heading",
                         classes="analyst-heading", markup=False)  # fmt: skip
            yield OptionList(Option(Text("counting…", style="dim"), disabled=True), id="with-list")
            yield Static(
                Text("Enter search both · a query/whole archive · Esc close"),
                classes="analyst-hint",
                markup=False,
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self._load(self.within)

    @work(thread=True, exclusive=True, group="cooccurrence", exit_on_error=False)
    def _load(self, within: bool) -> None:
        d = corpus_of(self.app)
        if d is None:
            return
        try:
            co = d.cooccurrence(self.actor, self.query_text if within else None)
        except Exception as exc:  # ActorNotFound, QueryError
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.app.call_from_thread(self._loaded, within, co)

    def _failed(self, message: str) -> None:
        self.app.notify(message, severity="warning", markup=False)
        self.dismiss(None)

    def _loaded(self, within: bool, co: Cooccurrence) -> None:
        if within != self.within:
            return
        self.result = co
        scope = f"within {safe_line(self.query_text)!r}" if within else "in the whole archive"
        heading = (
            f"Who appears with {safe_line(co.actor.name)} ({co.actor.articles:,} articles {scope})"
        )
        self.query_one("#with-heading", Static).update(Text(heading))
        options = []
        for other in co.with_[:SHOWN]:
            prompt = Text(f"{other.articles:>6,}  ", style="bold")
            prompt.append(safe_line(other.name))
            prompt.append(f"  {other.type}", style="dim")
            options.append(Option(prompt))
        ol = self.query_one(OptionList)
        ol.set_options(options or [Option(Text("(nobody)", style="dim"), disabled=True)])
        ol.highlighted = 0 if options else None

    def action_toggle_scope(self) -> None:
        if not self.query_text:
            return
        self.within = not self.within
        self._load(self.within)

    def action_cursor(self, step: int) -> None:
        ol = self.query_one(OptionList)
        ol.action_cursor_down() if step > 0 else ol.action_cursor_up()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        co = self.result
        if co is None or not 0 <= event.option_index < len(co.with_):
            return
        from index.api import filter_term

        other = co.with_[event.option_index]
        terms = [filter_term("actor", co.actor.name), filter_term("actor", other.name)]
        scope = [self.query_text] if self.within and self.query_text else []
        self.dismiss(" ".join([*scope, *terms]))

    def action_close(self) -> None:
        self.dismiss(None)
