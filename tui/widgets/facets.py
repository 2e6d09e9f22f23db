"""The facets panel: the sources and actors of ALL the current query's hits, with counts.

Enter on one narrows the query: ``source:"..."`` / ``actor:"..."`` is added to the query
box (a ✓ marks the filters in it); Enter on a checked one removes it again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.keys import bindings_for
from tui.widgets.analyst_common import (
    VIEWS_QUIET,
    QueryEdit,
    Quiet,
    as_typed,
    corpus_of,
    recount_when_quiet,
)

if TYPE_CHECKING:
    import threading

    from index.api import Facets

MAX_ACTORS = 40
MAX_SOURCES = 20


@dataclass(frozen=True)
class FacetEntry:
    field: str  # "source" or "actor"
    name: str
    count: int


class FacetList(OptionList):
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("facets")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.entries: list[FacetEntry | None] = []


class FacetPanel(Vertical):
    """A heading and the list of sources and actors of the hits."""

    DEFAULT_CSS = """
    FacetPanel { width: 40; height: 1fr; border-left: solid $primary 40%; }
    FacetPanel > #facet-heading { height: 1; text-style: bold; padding: 0 1; }
    FacetPanel > FacetList { height: 1fr; border: none; }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.query_text = ""
        self.query_prefix = False  # its last word is a prefix (as in the list shown)
        self.facets: Facets | None = None
        self._seq = 0
        self._quiet = Quiet()

    def compose(self) -> ComposeResult:
        yield Static(Text("Facets"), id="facet-heading", markup=False)
        yield FacetList(id="facet-list")

    def show_query(self, query: str, prefix: bool = False, quiet: float | None = None) -> None:
        """Count the hits of ``query`` by source and actor (in a thread worker), once it
        has stayed the query for ``quiet`` seconds (default :data:`VIEWS_QUIET`: not while the user is
        typing it)."""
        quiet = VIEWS_QUIET if quiet is None else quiet
        self._seq += 1
        flag = self._quiet.next()
        self.query_text, self.query_prefix = query, prefix
        if self.display and corpus_of(self.app) is not None:
            self.query_one("#facet-heading", Static).update(Text("Facets: counting…"))
            self._load(self._seq, query, prefix, flag, quiet)

    @work(thread=True, exclusive=True, group="facets", exit_on_error=False)
    def _load(
        self, seq: int, query: str, prefix: bool, flag: threading.Event, quiet: float
    ) -> None:
        ran, facets = recount_when_quiet(
            self.app, flag, quiet, lambda d: d.facets(query, prefix=prefix)
        )
        if ran:
            self.app.call_from_thread(self._loaded, seq, facets)

    def _loaded(self, seq: int, facets: Facets | None) -> None:
        if seq != self._seq:
            return
        self.facets = facets
        self._render_list()

    def _render_list(self) -> None:
        from index.api import has_filter

        heading = self.query_one("#facet-heading", Static)
        ol = self.query_one(FacetList)
        keep = ol.highlighted
        options: list[Option] = []
        ol.entries = []
        f = self.facets
        if f is None:
            heading.update(Text("Facets"))
            ol.set_options([Option(Text("(no results)", style="dim"), disabled=True)])
            return
        heading.update(Text(f"Facets of {f.total:,} hits"))
        sections = [
            ("SOURCES", "source", list(f.source.items())[:MAX_SOURCES]),
            ("ACTORS", "actor", [(a.name, a.articles) for a in f.actors[:MAX_ACTORS]]),
        ]
        for title, field, rows in sections:
            options.append(Option(Text(title, style="bold"), disabled=True))
            ol.entries.append(None)
            for name, count in rows:
                checked = has_filter(self.query_text, field, name)
                prompt = Text("✓ " if checked else "  ", style="bold")
                prompt.append(name)
                prompt.append(f"  {count:,}", style="dim")
                options.append(Option(prompt))
                ol.entries.append(FacetEntry(field, name, count))
            if not rows:
                options.append(Option(Text("  (none)", style="dim"), disabled=True))
                ol.entries.append(None)
        ol.set_options(options)
        first = next((i for i, e in enumerate(ol.entries) if e is not None), None)
        ol.highlighted = keep if keep is not None and keep < len(options) else first

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        ol = self.query_one(FacetList)
        index = event.option_index
        entry = ol.entries[index] if 0 <= index < len(ol.entries) else None
        if entry is None:
            return
        from index.api import has_filter, toggle_filter

        removing = has_filter(self.query_text, entry.field, entry.name)
        typed = as_typed(self.query_text, self.query_prefix)
        query = toggle_filter(typed, entry.field, entry.name)
        note = f"{'removed' if removing else 'added'} {entry.field}: {entry.name}"
        self.post_message(QueryEdit(query, note))

    @property
    def entries(self) -> list[FacetEntry]:
        return [e for e in self.query_one(FacetList).entries if e is not None]
