"""The Dossier app: a keyboard-driven reader for a corpus of news articles.

Start-up is lean: this module imports Textual and the app's widgets only; the
index (Whoosh) is imported and opened in a thread worker after the first paint.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from tui.keymap import load_keymap
from tui.screens.main import MainScreen
from tui.screens.palette import DossierCommands
from tui.userstate import UserState

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel
    from textual.screen import Screen

    from index.api import Dossier
    from index.paths import DossierDirs
    from tui.commands.context import CommandContext
    from tui.widgets.document import DocumentView

DEFAULT_THEME = "textual-dark"


class DossierApp(App[int]):
    CSS_PATH = "dossier.tcss"
    TITLE = "Dossier"
    COMMANDS: ClassVar = App.COMMANDS | {DossierCommands}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="quit_now"),
        Binding("question_mark", "help", "Help", id="help"),
    ]

    def __init__(
        self,
        corpus: Path,
        dirs: DossierDirs,
        index_dir: Path | None = None,
        *,
        theme: str | None = None,
        update: bool = True,
    ) -> None:
        self.started = time.perf_counter()
        super().__init__()
        self.corpus = corpus
        self.dirs = dirs
        self.index_dir = index_dir
        self.run_update = update
        self.dossier: Dossier | None = None
        self.state = UserState.load(dirs.state, dirs.history_file)
        self.keymap: dict[str, str] = {}
        self.first_paint_at: float | None = None
        self.index_ready_at: float | None = None
        self._fixed_theme = theme
        self.theme = theme or self.state.theme or DEFAULT_THEME

    # -- start and stop ----------------------------------------------------------------
    def get_default_screen(self) -> Screen:
        return MainScreen()

    def on_mount(self) -> None:
        from tui.screens.help import known_binding_ids

        loaded = load_keymap(self.dirs.keymap_file, known_binding_ids())
        self.keymap = loaded.keymap
        if loaded.keymap:
            self.set_keymap(loaded.keymap)
        for error in loaded.errors:
            self.notify_text(error, severity="warning")
        if self._fixed_theme is None:
            self.theme_changed_signal.subscribe(self, lambda t: self.state.save_theme(t.name))

    def first_painted(self) -> None:
        self.first_paint_at = time.perf_counter()

    def index_ready(self) -> None:
        self.index_ready_at = time.perf_counter()

    def on_unmount(self) -> None:
        self.save_state()
        if self.dossier is not None:
            self.dossier.close()
            self.dossier = None

    def save_state(self) -> None:
        screen = self.main_screen
        if screen is not None:
            screen.save_position()
        try:
            self.state.positions.save()
        except OSError as exc:
            self.log.warning(f"cannot save reading positions: {exc}")

    async def action_quit(self) -> None:
        screen = self.main_screen
        if screen is not None:
            screen.cancel_update()
        self.save_state()
        self.exit(0)

    # -- helpers for screens and commands ---------------------------------------------
    @property
    def main_screen(self) -> MainScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        return None

    @property
    def document(self) -> DocumentView:
        from tui.widgets.document import DocumentView

        assert self.main_screen is not None
        return self.main_screen.query_one(DocumentView)

    def close_article(self) -> None:
        if self.main_screen is not None:
            self.main_screen.close_article()

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def notify_text(
        self, message: str, *, severity: SeverityLevel = "information", timeout: float | None = None
    ) -> None:
        """A toast whose text is never parsed as markup (it may quote article text)."""
        self.notify(message, severity=severity, timeout=timeout, markup=False)


def run_app(ctx: CommandContext) -> int:
    app = DossierApp(ctx.corpus, ctx.dirs, ctx.index_dir, update=ctx.check_corpus)
    code = app.run()
    return int(code or 0)
