"""The bookmarks screen: every bookmark, filtered by text or tag; open, edit, delete, undo.

Every bookmark call (through the Session) runs in a thread worker. Quotes, notes, titles and tags are user or
article text: they are only ever put in ``rich.text.Text`` objects, never parsed as markup.
The screen is dismissed with the bookmark to open (Enter), or None (Esc).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.keys import bindings_for
from tui.screens.bookmark_edit import BookmarkEditScreen, ConfirmScreen, preview
from tui.widgets.keyorder import OrderedInput
from tui.widgets.typing import ForwardsTyping

if TYPE_CHECKING:
    from index.api import Bookmark, Session

ORPHANED = "orphaned"
STATUS_STYLE = {"exact": "", "moved": "bold", "fuzzy": "bold italic", ORPHANED: "dim strike"}
LIST_QUOTE = 200  # characters of a quote shown in the list


@dataclass(frozen=True)
class Filter:
    text: str | None
    tag: str | None


def parse_filter(value: str) -> Filter:
    """``#tag`` or ``tag:name`` picks a tag (the last one given); the other words are text."""
    tag = None
    words = []
    for word in value.split():
        m = re.fullmatch(r"(?:#|tag:)(.+)", word, flags=re.IGNORECASE)
        if m:
            tag = m.group(1)
        else:
            words.append(word)
    return Filter(" ".join(words) or None, tag)


def bookmark_entry(b: Bookmark) -> Text:
    """A list entry: status and quote; title, date and tags; the note."""
    text = Text()
    text.append(f"[{b.status}]", style=STATUS_STYLE.get(b.status, ""))
    text.append(" ")
    text.append(f"“{preview(b.quote, LIST_QUOTE)}”")
    text.append("\n   ")
    text.append(b.title or b.doc, style="bold")
    text.append(f" · {b.created[:10] or 'undated'}", style="dim")
    if b.tags:
        text.append(" · ")
        text.append(" ".join(f"#{t}" for t in b.tags), style="italic")
    if b.note:
        text.append("\n   ✎ ")
        text.append(preview(b.note, LIST_QUOTE))
    return text


class BookmarkList(ForwardsTyping, OptionList):
    """The list of bookmarks: e/d/u act on it, other letters go to the filter."""

    SCREEN_KEYS_ARE_LIST_KEYS = True


class BookmarksScreen(Screen["Bookmark | None"]):
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("bookmarks")

    def __init__(self, session: Session, deleted: list[Bookmark] | None = None) -> None:
        super().__init__()
        self.session = session
        self.bookmarks: list[Bookmark] = []
        # for undo, newest last: the caller's list, so undo survives leaving the screen
        self.deleted: list[Bookmark] = deleted if deleted is not None else []
        self.loaded = 0  # how many lists were shown (tests wait on it)
        self._seq = 0
        self._keep_id: int | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text("Bookmarks", style="bold"), id="bookmarks-title", markup=False)
        yield OrderedInput(placeholder="filter: words, #tag", id="bookmarks-filter")
        yield BookmarkList(id="bookmarks-list")
        yield Static(Text(""), id="bookmarks-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.reload()

    # -- loading -------------------------------------------------------------------
    def reload(self, keep_id: int | None = None) -> None:
        self._seq += 1
        self._keep_id = keep_id if keep_id is not None else self._highlighted_id()
        self._load(self._seq, parse_filter(self.query_one(Input).value))

    @work(thread=True, exclusive=True, group="bookmarks-list")
    def _load(self, seq: int, f: Filter) -> None:
        try:
            found = self.session.bookmarks(text=f.text, tag=f.tag)
        except Exception as exc:
            self.app.call_from_thread(self._error, f"cannot list the bookmarks: {exc}")
            return
        self.app.call_from_thread(self._loaded, seq, found)

    def _loaded(self, seq: int, found: list[Bookmark]) -> None:
        if seq != self._seq or not self.is_attached:
            return
        self.bookmarks = found
        options = self.query_one(OptionList)
        options.set_options(Option(bookmark_entry(b), id=str(b.id)) for b in found)
        if found:
            ids = [b.id for b in found]
            options.highlighted = ids.index(self._keep_id) if self._keep_id in ids else 0
        self._status()
        self.loaded += 1

    def _status(self) -> None:
        n = len(self.bookmarks)
        text = Text(f"{n} bookmark{'' if n == 1 else 's'}", style="bold")
        text.append(" · Enter open · e edit · d delete", style="dim")
        if self.deleted:
            text.append(" · u undo delete", style="dim")
        self.query_one("#bookmarks-status", Static).update(text)

    def _error(self, message: str) -> None:
        self.app.notify(message, severity="error", markup=False)

    @on(Input.Changed, "#bookmarks-filter")
    def _filter_changed(self) -> None:
        self.reload()

    @on(Input.Submitted, "#bookmarks-filter")
    def _filter_submitted(self) -> None:
        self.query_one(OptionList).focus()

    # -- the selected bookmark --------------------------------------------------------
    def _highlighted_id(self) -> int | None:
        b = self.highlighted
        return b.id if b else None

    @property
    def highlighted(self) -> Bookmark | None:
        i = self.query_one(OptionList).highlighted
        return self.bookmarks[i] if i is not None and 0 <= i < len(self.bookmarks) else None

    @on(OptionList.OptionSelected, "#bookmarks-list")
    def _open(self, event: OptionList.OptionSelected) -> None:
        if not 0 <= event.option_index < len(self.bookmarks):
            return
        b = self.bookmarks[event.option_index]
        if b.status == ORPHANED or b.cur_start is None:
            self.app.notify(
                "This bookmark is orphaned: its passage is no longer in the article "
                "(or the article is gone), so it can't be opened.",
                severity="warning",
                markup=False,
            )
            return
        self.dismiss(b)

    def action_close(self) -> None:
        if isinstance(self.focused, Input):
            self.query_one(OptionList).focus()
        else:
            self.dismiss(None)

    def action_focus_filter(self) -> None:
        self.query_one(Input).focus()

    def action_cursor_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def type_to_search(self, character: str) -> None:
        """A letter typed in the list: it goes on the end of the filter."""
        inp = self.query_one(Input)
        inp.focus()
        inp.value += character
        inp.cursor_position = len(inp.value)

    def action_edit(self) -> None:
        b = self.highlighted
        if b is None:
            return
        session = self.session

        def save(note: str, tags: list[str]) -> Bookmark:
            return session.edit_bookmark(b.id, note=note, tags=tags)

        dialog = BookmarkEditScreen("Edit bookmark", b.quote, save, note=b.note, tags=b.tags)
        self.app.push_screen(dialog, self._edited)

    def _edited(self, saved: Bookmark | None) -> None:
        if saved is not None and self.is_attached:
            self.app.notify("Bookmark updated", markup=False)
            self.reload(keep_id=saved.id)

    def action_delete(self) -> None:
        b = self.highlighted
        if b is None:
            return
        question = Text("Delete this bookmark?\n", style="bold")
        question.append(f"“{preview(b.quote, 120)}”", style="not bold")
        self.app.push_screen(ConfirmScreen(question), lambda yes: self._confirmed(b, yes))

    def _confirmed(self, b: Bookmark, yes: bool | None) -> None:
        if yes:
            self._run(
                lambda: self.session.remove_bookmark(b.id), self._removed, "delete the bookmark"
            )

    def _removed(self, removed: Bookmark) -> None:
        self.deleted.append(removed)
        self.app.notify("Bookmark deleted (u to undo)", markup=False)
        self.reload()

    def action_undo(self) -> None:
        if not self.deleted:
            self.app.bell()
            return
        b = self.deleted.pop()
        self._run(
            lambda: self.session.restore_bookmark(b), self._restored, "restore the bookmark", b
        )

    def _restored(self, restored: Bookmark) -> None:
        self.app.notify("Bookmark restored", markup=False)
        self.reload(keep_id=restored.id)

    # -- store calls ------------------------------------------------------------------
    @work(thread=True, group="bookmarks-change")
    def _run(
        self,
        call: Callable[[], Any],
        done: Callable[[Any], None],
        what: str,
        undo: Bookmark | None = None,
    ) -> None:
        from index.api import BookmarkStoreError

        try:
            result = call()
        except BookmarkStoreError as exc:  # its message says what could not be done
            self.app.call_from_thread(self._change_failed, str(exc), undo)
            return
        except Exception as exc:
            self.app.call_from_thread(self._change_failed, f"could not {what}: {exc}", undo)
            return
        self.app.call_from_thread(self._changed, done, result)

    def _changed(self, done: Callable[[Any], None], result: Any) -> None:
        if self.is_attached:
            done(result)

    def _change_failed(self, message: str, undo: Bookmark | None) -> None:
        if undo is not None:
            self.deleted.append(undo)  # still undoable
        self._error(message)
        if self.is_attached:
            self.reload()
