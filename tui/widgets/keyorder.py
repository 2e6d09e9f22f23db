"""Text inputs whose own bound keys act in the order they were typed.

Textual inserts a letter in the focused input at once, but runs a bound key (backspace,
ctrl+u, ctrl+w, arrows, up/down through the history) only once the key has bubbled up to
the app: the letters typed behind it are inserted first. ``ctrl+u`` then ``oil`` arriving
in one burst (typed fast, keys sent by tmux or a macro, a loaded machine, a slow link)
left an empty search box, and a backspace could land after the next letter (Textual
issue 6605; its proposed fix, pull request 6631, does the same as this mixin). Here the
input's own bindings run as the key arrives, in order with the letters around it.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class OwnKeysInOrder:
    """A mixin for an Input (put it before the widget class)."""

    async def _on_key(self, event: events.Key) -> None:
        if not event.is_printable and await self._run_own_binding(event.key):
            event.stop()
            event.prevent_default()
            return
        await super()._on_key(event)  # type: ignore[misc]

    async def _run_own_binding(self, key: str) -> bool:
        """Run this widget's own (non-priority) binding of ``key``, after the user's
        keymap, as the app would have; whether one ran."""
        bindings = self._bindings.copy()  # type: ignore[attr-defined]
        keymap = self.app._keymap  # type: ignore[attr-defined]
        if keymap:
            bindings.apply_keymap(keymap)
        for binding in bindings.key_to_bindings.get(key, ()):
            if not binding.priority and await self.app.run_action(binding.action, self):  # type: ignore[attr-defined]
                return True
        return False


class OrderedInput(OwnKeysInOrder, Input):
    """Textual's Input with its bound keys in the order typed (dialogs, filters)."""
