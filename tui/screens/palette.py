"""The command palette's Dossier commands (ctrl+p)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from tui.app import DossierApp

THEMES = {
    "Theme: dark": "textual-dark",
    "Theme: light": "textual-light",
    "Theme: 16-colour dark": "ansi-dark",
    "Theme: 16-colour light": "ansi-light",
}


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    run: Callable[[], object]


def app_commands(app: DossierApp) -> list[Command]:
    def screen_action(action: str) -> Callable[[], object]:
        return partial(app.run_action, action, app.main_screen)

    commands = [
        Command("Search", "Focus the query input", screen_action("focus_search")),
        Command(
            "Toggle sort",
            "Sort by relevance, newest first or oldest first",
            screen_action("toggle_sort"),
        ),
        Command("Toggle actor panel", "Show or hide the actors", screen_action("toggle_actors")),
        Command(
            "Toggle actor highlighting",
            "Mark actor mentions in the article",
            partial(app.run_action, "toggle_actor_highlight", app.document),
        ),
        Command(
            "Next match",
            "Go to the next match",
            partial(app.run_action, "next_match", app.document),
        ),
        Command(
            "Previous match",
            "Go to the previous match",
            partial(app.run_action, "prev_match", app.document),
        ),
        Command("Close article", "Show the actors of the results", app.close_article),
        Command("Bookmarks", "List, filter and open bookmarks", screen_action("bookmarks")),
        Command(
            "Timeline",
            "Move over the hits by period; Enter narrows",
            screen_action("focus_timeline"),
        ),
        Command("Toggle facets", "Sources and actors of all hits", screen_action("toggle_facets")),
        Command("Save search", "Save the current query under a name", screen_action("save_search")),
        Command(
            "Saved searches",
            "Totals and new articles; Enter opens",
            screen_action("saved_searches"),
        ),
        Command(
            "Copy passage", "Copy the passage with its citation", screen_action("copy_passage")
        ),
        Command(
            "Export results",
            "Write every hit of the query to a JSON file",
            screen_action("export_results"),
        ),
        Command(
            "Export bookmarks",
            "Write the bookmarks (quote, note, tags, citation) to a Markdown file",
            screen_action("export_bookmarks"),
        ),
        Command(
            "Re-index", "Check the corpus folder for changed articles", screen_action("reindex")
        ),
        Command("Help", "List every key", app.action_help),
        Command("Quit", "Quit Dossier", app.action_quit),
    ]
    for name, theme in THEMES.items():
        commands.append(
            Command(name, f"Use the {theme} theme", partial(setattr, app, "theme", theme))
        )
    return commands


class DossierCommands(Provider):
    """Dossier's own commands."""

    def _commands(self) -> list[Command]:
        from tui.app import DossierApp

        app = self.app
        return app_commands(app) if isinstance(app, DossierApp) else []

    async def discover(self) -> Hits:
        for c in self._commands():
            yield DiscoveryHit(c.name, c.run, help=c.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for c in self._commands():
            score = matcher.match(c.name)
            if score > 0:
                yield Hit(score, matcher.highlight(c.name), c.run, text=c.name, help=c.help)
