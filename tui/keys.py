"""The one key registry: every binding of the app, where it applies and what it does.

Widgets and screens take their ``BINDINGS`` from here (``bindings_for``); the help
screen lists ``SECTIONS``; ``keymap.toml`` is validated against ``known_binding_ids``;
the command palette offers the keys marked ``palette``. A binding added here shows up
in all four; one added anywhere else is caught by a test. This module imports nothing
from ``tui`` (no import cycle).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class Key:
    id: str  # the Binding id: what keymap.toml remaps
    keys: str
    action: str
    description: str
    show: bool = True  # in the footer
    priority: bool = False
    palette: str = ""  # its name as a command in the palette (ctrl+p), if it is one


# scope -> (help heading, keys), in help order
SECTIONS: dict[str, tuple[str, list[Key]]] = {
    "app": (
        "Everywhere",
        [
            Key("quit_now", "ctrl+q", "quit", "Quit", show=False, priority=True),
            Key("help", "question_mark", "help", "Help", palette="Help: every key"),
        ],
    ),
    "main": (
        "Reader screen",
        [
            Key("quit", "q", "app.quit", "Quit (from the article)", show=False),
            Key("focus_search", "slash", "focus_search", "Search", palette="Search"),
            Key("next_pane", "tab", "cycle(1)", "Next pane", show=False),
            Key("prev_pane", "shift+tab", "cycle(-1)", "Prev pane", show=False),
            Key("back", "escape", "back", "Back"),
            Key("toggle_sort", "ctrl+s", "toggle_sort", "Sort", palette="Toggle sort"),
            Key(
                "toggle_actors", "a,ctrl+t", "toggle_actors", "Actors", palette="Toggle actor panel"
            ),
            Key("bookmarks", "B,ctrl+o", "bookmarks", "Bookmarks", palette="Bookmarks"),
            Key("reindex", "ctrl+r", "reindex", "Re-index", palette="Re-index"),
            Key("accept_suggestion", "ctrl+y", "accept_suggestion", "Did you mean", show=False),
        ],
    ),
    "input": (
        "Search input",
        [
            Key("history_prev", "up", "history_older", "History"),
            Key("history_next", "down", "history_newer", "History", show=False),
            Key("submit_search", "enter", "submit", "Open first"),
        ],
    ),
    "results": (
        "Results (other letters start a new search)",
        [
            Key("open", "enter", "open", "Open"),
            Key("result_down", "down,j", "cursor_down", "Down", show=False),
            Key("result_up", "up,k", "cursor_up", "Up", show=False),
            Key("result_page_down", "pagedown,space", "page_down", "Page down", show=False),
            Key("result_page_up", "pageup,b", "page_up", "Page up", show=False),
            Key("result_first", "home,g", "first", "First", show=False),
            Key("result_last", "end,G", "last", "Last", show=False),
        ],
    ),
    "document": (
        "Document",
        [
            Key("next_match", "n", "next_match", "Next match", palette="Next match"),
            Key("prev_match", "N", "prev_match", "Prev match", palette="Previous match"),
            Key("line_down", "j,down", "scroll_down", "Down", show=False),
            Key("line_up", "k,up", "scroll_up", "Up", show=False),
            Key("page_down", "space,pagedown", "page_down", "Page down", show=False),
            Key("page_up", "b,pageup", "page_up", "Page up", show=False),
            Key("top", "g,home", "scroll_home", "Top", show=False),
            Key("bottom", "G,end", "scroll_end", "Bottom", show=False),
            Key(
                "toggle_actor_highlight",
                "h",
                "toggle_actor_highlight",
                "Mentions",
                palette="Toggle actor highlighting",
            ),
            Key("next_passage", "right_square_bracket", "passage(1)", "Next passage", show=False),
            Key("prev_passage", "left_square_bracket", "passage(-1)", "Prev passage", show=False),
            Key("select_passage", "v", "toggle_select", "Select passages", show=False),
            Key("passage_unit", "p", "toggle_granularity", "Sentence/paragraph", show=False),
            Key("bookmark", "m", "bookmark", "Bookmark"),
        ],
    ),
    "actors": (
        "Actor panel (other letters start a new search)",
        [
            Key("filter_actor", "enter", "select", "Filter results"),
            Key("actor_down", "down,j", "cursor_down", "Down", show=False),
            Key("actor_up", "up,k", "cursor_up", "Up", show=False),
            Key("next_mention", "m", "next_mention", "Next mention"),
            Key("with_whom", "w", "with_whom", "Who appears with"),
        ],
    ),
    "analyst": (
        "Analyst views (reader screen; letters typed in a list search, the ctrl keys always work)",
        [
            Key(
                "focus_timeline",
                "ctrl+l",
                "focus_timeline",
                "Timeline",
                show=False,
                palette="Timeline: hits over time",
            ),
            Key(
                "toggle_facets",
                "f,ctrl+f",
                "toggle_facets",
                "Facets",
                palette="Toggle facets (sources, actors of all hits)",
            ),
            Key(
                "save_search",
                "S,ctrl+g",
                "save_search",
                "Save search",
                show=False,
                palette="Save search",
            ),
            Key("saved_searches", "L,ctrl+n", "saved_searches", "Saved", palette="Saved searches"),
            Key(
                "copy_passage",
                "y",
                "copy_passage",
                "Copy passage + citation",
                show=False,
                palette="Copy passage with its citation",
            ),
            Key(
                "export_results",
                "E",
                "export_results",
                "Export results",
                show=False,
                palette="Export results (JSON)",
            ),
        ],
    ),
    "timeline": (
        "Timeline (ctrl+l)",
        [
            Key("timeline_earlier", "left,h", "move(-1)", "Earlier"),
            Key("timeline_later", "right,l", "move(1)", "Later"),
            Key("timeline_first", "home", "move_to(0)", "First period", show=False),
            Key("timeline_last", "end", "move_to(-1)", "Last period", show=False),
            Key("timeline_narrow", "enter", "narrow", "Narrow to period"),
            Key("timeline_widen", "backspace", "widen", "Widen"),
        ],
    ),
    "facets": (
        "Facets panel",
        [
            Key("facet_toggle", "enter", "select", "Add/remove filter"),
            Key("facet_down", "down,j", "cursor_down", "Down", show=False),
            Key("facet_up", "up,k", "cursor_up", "Up", show=False),
        ],
    ),
    "find": (
        "Find in article (/ while reading; Enter reads on)",
        [Key("find_close", "escape", "close", "Close find")],
    ),
    "cooccurrence": (
        "Who appears with whom (Enter searches both)",
        [
            Key("with_close", "escape,q", "close", "Close"),
            Key("with_scope", "a", "toggle_scope", "Query / whole archive"),
            Key("with_down", "j", "cursor(1)", "Down", show=False),
            Key("with_up", "k", "cursor(-1)", "Up", show=False),
        ],
    ),
    "saved": (
        "Saved searches (Enter opens one)",
        [
            Key("saved_close", "escape,q", "close", "Close"),
            Key("saved_remove", "d,delete", "remove", "Remove"),
            Key("saved_down", "j", "cursor(1)", "Down", show=False),
            Key("saved_up", "k", "cursor(-1)", "Up", show=False),
        ],
    ),
    "save_search": (
        "Save search dialog (Enter saves)",
        [Key("save_search_cancel", "escape", "cancel", "Cancel")],
    ),
    "bookmarks": (
        "Bookmarks (Enter opens one; other letters filter)",
        [
            Key("bookmarks_close", "escape", "close", "Back"),
            Key("bookmarks_filter", "slash", "focus_filter", "Filter"),
            Key("bookmark_down", "down,j", "cursor_down", "Down", show=False),
            Key("bookmark_up", "up,k", "cursor_up", "Up", show=False),
            Key("bookmark_edit", "e", "edit", "Edit"),
            Key("bookmark_delete", "d", "delete", "Delete"),
            Key("bookmark_undo", "u", "undo", "Undo delete"),
        ],
    ),
    "bookmark_dialog": (
        "Bookmark dialog (Enter saves)",
        [Key("bookmark_dialog_cancel", "escape", "cancel", "Cancel")],
    ),
    "confirm": (
        "Confirmation",
        [
            Key("confirm_yes", "y", "answer(True)", "Yes"),
            Key("confirm_no", "n,escape", "answer(False)", "No"),
        ],
    ),
    "help": ("Help", [Key("close_help", "escape,q,question_mark", "close", "Close help")]),
}

# Keys that stay commands in a list even though the list does not bind them.
LIST_COMMAND_KEYS = frozenset({"slash", "question_mark"})


def bindings_for(scope: str) -> list[Binding]:
    return [
        Binding(k.keys, k.action, k.description, show=k.show, priority=k.priority, id=k.id)
        for k in SECTIONS[scope][1]
    ]


def known_binding_ids() -> list[str]:
    return [k.id for _, keys in SECTIONS.values() for k in keys]


def key_by_id(binding_id: str) -> Key:
    for _, keys in SECTIONS.values():
        for k in keys:
            if k.id == binding_id:
                return k
    raise KeyError(binding_id)


def palette_keys() -> list[tuple[str, Key]]:
    """(scope, key) of every binding the palette offers."""
    return [(scope, k) for scope, (_, keys) in SECTIONS.items() for k in keys if k.palette]
