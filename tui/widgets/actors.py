"""The actor panel: the open article's actors (or the current results') grouped by type."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.keys import bindings_for
from tui.messages import ActorsLoaded
from tui.widgets.typing import ForwardsTyping

TYPE_ORDER = ["person", "government", "organisation", "organization", "media", "place"]

Span = tuple[int, int]


@dataclass
class ActorEntry:
    name: str
    type: str
    role: str = ""
    count: int = 0  # mentions in the article, or articles among the results
    mentions: list[Span] = field(default_factory=list)


def article_entries(actors: Iterable[Any]) -> list[ActorEntry]:
    """Entries for one article's actors (``index.actors.Actor`` objects)."""
    out = []
    for a in actors:
        mentions = [(int(s), int(e)) for s, e in (getattr(a, "mentions", None) or [])]
        out.append(
            ActorEntry(
                name=str(a.name),
                type=str(getattr(a, "type", "") or "other"),
                role=str(getattr(a, "role", "") or ""),
                count=len(mentions),
                mentions=sorted(mentions),
            )
        )
    return out


def results_entries(per_article: dict[str, list[Any]], doc_ids: Iterable[str]) -> list[ActorEntry]:
    """Entries for the actors of the given articles, counted by article."""
    counts: Counter[tuple[str, str]] = Counter()
    for doc_id in doc_ids:
        seen = {
            (str(a.name), str(getattr(a, "type", "") or "other"))
            for a in per_article.get(doc_id, [])
        }
        counts.update(seen)
    return [ActorEntry(name=n, type=t, count=c) for (n, t), c in counts.items()]


def grouped(entries: list[ActorEntry]) -> list[tuple[str, list[ActorEntry]]]:
    groups: dict[str, list[ActorEntry]] = {}
    for e in entries:
        groups.setdefault(e.type, []).append(e)
    order = {t: i for i, t in enumerate(TYPE_ORDER)}
    return [
        (t, sorted(groups[t], key=lambda e: (-e.count, e.name.lower())))
        for t in sorted(groups, key=lambda t: (order.get(t, len(order)), t))
    ]


class ActorList(ForwardsTyping, OptionList):
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("actors")

    class NextMention(Message):
        def __init__(self, entry: ActorEntry) -> None:
            super().__init__()
            self.entry = entry

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.entries: list[ActorEntry | None] = []

    def entry_at(self, index: int | None) -> ActorEntry | None:
        if index is None or not 0 <= index < len(self.entries):
            return None
        return self.entries[index]

    class WithWhom(Message):
        """Show the actors that share articles with this one."""

        def __init__(self, entry: ActorEntry) -> None:
            super().__init__()
            self.entry = entry

    def action_with_whom(self) -> None:
        entry = self.entry_at(self.highlighted)
        if entry is not None:
            self.post_message(self.WithWhom(entry))

    def action_next_mention(self) -> None:
        entry = self.entry_at(self.highlighted)
        if entry is not None:
            self.post_message(self.NextMention(entry))


class ActorPanel(Vertical):
    """A heading and the list of actors: the open article's, else the results'."""

    class Filter(Message):
        def __init__(self, entry: ActorEntry) -> None:
            super().__init__()
            self.entry = entry

    class Mentions(Message):
        """The open article's actor mentions (the document marks them)."""

        def __init__(self, doc_id: str, spans: list[Span]) -> None:
            super().__init__()
            self.doc_id = doc_id
            self.spans = spans

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.doc_id: str | None = None  # the article shown, None: the results' actors

    # -- loading (thread workers post ActorsLoaded) ---------------------------------------
    def load_article(self, doc_id: str) -> None:
        self.doc_id = doc_id
        self._load_article(doc_id)

    def load_results(self, ids: list[str]) -> None:
        self.doc_id = None
        self._load_results(ids)

    @work(thread=True, exclusive=True, group="actors", exit_on_error=False)
    def _load_article(self, doc_id: str) -> None:
        d = self.app.session  # type: ignore[attr-defined]
        actors = d.actors().articles.get(doc_id, [])
        self.post_message(ActorsLoaded(doc_id, article_entries(actors)))

    @work(thread=True, exclusive=True, group="actors", exit_on_error=False)
    def _load_results(self, ids: list[str]) -> None:
        d = self.app.session  # type: ignore[attr-defined]
        self.post_message(ActorsLoaded(None, results_entries(d.actors().of_articles(ids), ids)))

    @on(ActorsLoaded)
    def _loaded(self, event: ActorsLoaded) -> None:
        event.stop()
        if event.doc_id != self.doc_id:
            return
        if event.doc_id is None:
            self.show("Actors in the results", event.entries, "article")
        else:
            self.show("Actors in this article", event.entries, "mention")
            mentions = [m for e in event.entries for m in e.mentions]
            self.post_message(self.Mentions(event.doc_id, mentions))

    def compose(self) -> ComposeResult:
        yield Static(Text("Actors"), id="actor-heading", markup=False)
        yield ActorList(id="actor-list")

    def show(self, heading: str, entries: list[ActorEntry], unit: str) -> None:
        self.query_one("#actor-heading", Static).update(Text(heading))
        ol = self.query_one(ActorList)
        options: list[Option] = []
        ol.entries = []
        for type_name, members in grouped(entries):
            options.append(Option(Text(type_name.upper(), style="bold"), disabled=True))
            ol.entries.append(None)
            for e in members:
                prompt = Text(e.name)
                if e.role:
                    prompt.append(f"  {e.role}", style="italic")
                prompt.append(f"  {e.count} {unit}{'' if e.count == 1 else 's'}", style="dim")
                options.append(Option(prompt))
                ol.entries.append(e)
        if not options:
            options.append(Option(Text("(none)", style="dim"), disabled=True))
            ol.entries.append(None)
        ol.set_options(options)
        first = next((i for i, e in enumerate(ol.entries) if e is not None), None)
        ol.highlighted = first

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        entry = self.query_one(ActorList).entry_at(event.option_index)
        if entry is not None:
            self.post_message(self.Filter(entry))

    @property
    def entries(self) -> list[ActorEntry]:
        return [e for e in self.query_one(ActorList).entries if e is not None]
