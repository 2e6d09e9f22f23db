"""Printable keys typed in a list start a search (or filter) instead of firing commands.

A list handles its own keys (j/k, Enter, ...); any other printable key is posted as
handed to the screen's ``type_to_search`` (at once, so that the next key already goes
to the input). So typing
"iraq" in the results searches for it: it never toggles a panel or quits.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events

from tui.keys import LIST_COMMAND_KEYS


class ForwardsTyping:
    """A mixin for focusable lists (put it before the widget class)."""

    SCREEN_KEYS_ARE_LIST_KEYS: ClassVar[bool] = False
    """The screen's own bindings act on this list (the bookmarks screen's e/d/u)."""

    def _binds(self, key: str) -> bool:
        """Whether this list binds ``key`` (after the user's keymap)."""
        screen = self.screen  # type: ignore[attr-defined]
        for node, bindings in screen._binding_chain:
            mine = node is self or (self.SCREEN_KEYS_ARE_LIST_KEYS and node is screen)
            if mine and key in bindings.key_to_bindings:
                return True
        return False

    def check_consume_key(self, key: str, character: str | None) -> bool:
        """A printable key that starts a search is this list's: the screen's letter
        bindings (``a`` Actors, ``B`` Bookmarks...) are then left out of the footer,
        which shows their other keys (``ctrl+t``...), as it does for the search input."""
        if not (character and character.isprintable()) or key in LIST_COMMAND_KEYS:
            return False
        return not self._binds_itself(key)

    def _binds_itself(self, key: str) -> bool:
        """Whether this list binds ``key`` (after the user's keymap), without the binding
        chain (which asks :meth:`check_consume_key`)."""
        nodes = [self, self.screen] if self.SCREEN_KEYS_ARE_LIST_KEYS else [self]  # type: ignore[attr-defined]
        keymap = self.app._keymap  # type: ignore[attr-defined]
        for node in nodes:
            bindings = node._bindings.copy()
            if keymap:
                bindings.apply_keymap(keymap)
            if key in bindings.key_to_bindings:
                return True
        return False

    async def _on_key(self, event: events.Key) -> None:
        if (
            event.is_printable
            and event.character
            and event.key not in LIST_COMMAND_KEYS
            and not self._binds(event.key)
        ):
            type_to_search = getattr(self.screen, "type_to_search", None)  # type: ignore[attr-defined]
            if type_to_search is not None:
                event.stop()
                event.prevent_default()
                type_to_search(event.character)
                return
        # Any other key's bindings run now, not once it has bubbled up to the app: a letter
        # typed behind it may have moved the focus to the search input by then, and the
        # app would give the key to the input (ctrl+u emptied the query being typed;
        # tui/widgets/keyorder.py says why keys go out of order).
        if await self.app._check_bindings(event.key):  # type: ignore[attr-defined]
            event.prevent_default()
        else:
            await super()._on_key(event)  # type: ignore[misc]
        event.stop()  # the app would look its bindings up again, with the focus of then
