"""The help screen: every binding of the key registry, with the keys in effect (after the
user's keymap)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.keys import SECTIONS, Key, bindings_for, known_binding_ids

if TYPE_CHECKING:
    from textual.app import App

__all__ = ["HelpScreen", "bindings_table", "known_binding_ids"]


def keys_for(app: App, key: Key, keymap: dict[str, str]) -> str:
    keys = keymap.get(key.id, key.keys)
    shown = []
    for k in keys.split(","):
        k = k.strip()
        if k:
            shown.append(app.get_key_display(Binding(k, key.action)))
    return ", ".join(shown)


def bindings_table(app: App, keymap: dict[str, str]) -> Table:
    table = Table(expand=True, box=None, padding=(0, 1), show_header=True, header_style="bold")
    table.add_column("keys", no_wrap=True)
    table.add_column("does")
    table.add_column("id (keymap.toml)", style="dim", no_wrap=True)
    for heading, keys in SECTIONS.values():
        table.add_row(Text(heading, style="bold underline"), "", "")
        for k in keys:
            table.add_row(Text(keys_for(app, k, keymap)), Text(k.description), Text(k.id))
    table.add_row(Text(app.COMMAND_PALETTE_BINDING), Text("Command palette (all commands)"), "")
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("help")

    def compose(self) -> ComposeResult:
        keymap = getattr(self.app, "keymap", {})
        self.table = bindings_table(self.app, keymap)
        with VerticalScroll(id="help-body"):
            yield Static(Text("Dossier keys", style="bold"), id="help-title")
            yield Static(self.table, id="help-table")
            yield Static(
                Text(
                    'Remap keys in the keymap file: [keys] then id = "key"  (e.g. next_match = "f3").'
                ),
                id="help-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    def action_close(self) -> None:
        self.dismiss(None)
