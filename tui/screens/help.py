"""The help screen: every binding of the app, with the keys in effect (after the keymap)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

if TYPE_CHECKING:
    from textual.app import App


def binding_sections() -> list[tuple[str, list[Binding]]]:
    """Where each binding applies, and the bindings, in help order."""
    from tui.app import DossierApp
    from tui.screens.analyst import AnalystScreen
    from tui.screens.bookmark_edit import BookmarkEditScreen
    from tui.screens.bookmarks import BookmarksScreen, ConfirmScreen
    from tui.screens.cooccurrence import CooccurrenceScreen
    from tui.screens.main import MainScreen
    from tui.screens.saved import SavedSearchesScreen, SaveSearchScreen
    from tui.widgets.actors import ActorList
    from tui.widgets.document import DocumentView
    from tui.widgets.facets import FacetList
    from tui.widgets.find import FindInput
    from tui.widgets.results import ResultList
    from tui.widgets.search_input import SearchInput
    from tui.widgets.timeline import TimelineBar

    sections: list[tuple[str, list[BindingType]]] = [
        ("Everywhere", [*DossierApp.BINDINGS, *MainScreen.BINDINGS, *AnalystScreen.BINDINGS]),
        ("Search input", SearchInput.BINDINGS),
        ("Results", ResultList.BINDINGS),
        ("Document", DocumentView.BINDINGS),
        ("Actor panel", ActorList.BINDINGS),
        ("Timeline (ctrl+l)", TimelineBar.BINDINGS),
        ("Find in article (/ while reading; Enter reads on)", FindInput.BINDINGS),
        ("Facets panel", FacetList.BINDINGS),
        ("Who appears with whom", CooccurrenceScreen.BINDINGS),
        ("Saved searches (Enter opens one)", SavedSearchesScreen.BINDINGS),
        ("Save search dialog (Enter saves)", SaveSearchScreen.BINDINGS),
        ("Bookmarks (Enter opens one)", BookmarksScreen.BINDINGS),
        ("Bookmark dialog (Enter saves)", BookmarkEditScreen.BINDINGS),
        ("Delete confirmation", ConfirmScreen.BINDINGS),
        ("Help", HelpScreen.BINDINGS),
    ]
    return [(name, [b for b in bindings if isinstance(b, Binding)]) for name, bindings in sections]


def known_binding_ids() -> list[str]:
    return [b.id for _, bindings in binding_sections() for b in bindings if b.id]


def keys_for(app: App, binding: Binding, keymap: dict[str, str]) -> str:
    keys = keymap.get(binding.id or "", binding.key)
    shown = []
    for key in keys.split(","):
        key = key.strip()
        if key:
            shown.append(app.get_key_display(Binding(key, binding.action)))
    return ", ".join(shown)


def bindings_table(app: App, keymap: dict[str, str]) -> Table:
    table = Table(expand=True, box=None, padding=(0, 1), show_header=True, header_style="bold")
    table.add_column("keys", no_wrap=True)
    table.add_column("does")
    table.add_column("id (keymap.toml)", style="dim", no_wrap=True)
    for section, bindings in binding_sections():
        table.add_row(Text(section, style="bold underline"), "", "")
        for b in bindings:
            table.add_row(
                Text(keys_for(app, b, keymap)),
                Text(b.description or b.action),
                Text(b.id or ""),
            )
    table.add_row(Text(app.COMMAND_PALETTE_BINDING), Text("Command palette (all commands)"), "")
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close help", id="close_help"),
    ]

    def compose(self) -> ComposeResult:
        keymap = getattr(self.app, "keymap", {})
        self.table = bindings_table(self.app, keymap)
        with VerticalScroll(id="help-body"):
            yield Static(Text("Dossier keys", style="bold"), id="help-title")
            yield Static(self.table, id="help-table")
            yield Static(
                Text(
                    'Remap keys in the keymap file: [keys] then id = "key"  (e.g. next_match = "ctrl+n").'
                ),
                id="help-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    def action_close(self) -> None:
        self.dismiss(None)
