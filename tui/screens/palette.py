"""The command palette (ctrl+p): Textual's system commands plus the keys marked ``palette``
in the key registry (``tui.keys``), through ``App.get_system_commands``."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand

from tui.keys import palette_keys

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.screen import Screen

    from tui.app import DossierApp

THEMES = {
    "Theme: dark": "textual-dark",
    "Theme: light": "textual-light",
    "Theme: 16-colour dark": "ansi-dark",
    "Theme: 16-colour light": "ansi-light",
}


def _target(app: DossierApp, scope: str) -> DOMNode | None:
    from tui.widgets.document import DocumentView

    screen = app.main_screen
    if scope == "app":
        return app
    if screen is None:
        return None
    return screen.query_one(DocumentView) if scope == "document" else screen


def system_commands(
    app: DossierApp, screen: Screen, base: Iterable[SystemCommand]
) -> Iterable[SystemCommand]:
    yield from base
    for scope, key in palette_keys():
        target = _target(app, scope)
        if target is None:
            continue
        run: Callable[[], object] = partial(app.run_action, key.action, target)
        yield SystemCommand(key.palette, f"{key.description} ({key.keys})", run)
    main = app.main_screen
    if main is not None:
        yield SystemCommand("Close article", "Show the actors of the results", main.close_article)
        yield SystemCommand(
            "Export bookmarks",
            "Write this corpus's bookmarks (quote, note, tags, citation) to a Markdown file",
            partial(app.run_action, "export_bookmarks", main),
        )
    for name, theme in THEMES.items():
        yield SystemCommand(name, f"Use the {theme} theme", partial(setattr, app, "theme", theme))
