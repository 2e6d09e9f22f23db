"""The Dossier app: a keyboard-driven reader for a corpus of news articles.

Start-up is lean: this module imports Textual and the app's widgets only; the
index (Whoosh) is imported and opened in a thread worker after the first paint.
The App owns the session (``index.api.Session``: the corpus's index, actors and
bookmarks), opened and updated by ``tui.session.SessionRunner``; screens and widgets
reach it through ``app.session``. Worker failures end up in
``on_worker_state_changed``: one notice each.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.worker import Worker, WorkerState

from tui.keymap import load_keymap
from tui.keys import bindings_for, known_binding_ids
from tui.messages import Failed, IndexOpened, IndexProgress, IndexUpdated
from tui.screens.main import MainScreen
from tui.session import SessionRunner
from tui.userstate import UserState

if TYPE_CHECKING:
    from collections.abc import Iterable

    from textual.notifications import SeverityLevel
    from textual.screen import Screen

    from index.api import DossierDirs, Session
    from tui.commands.context import CommandContext

DEFAULT_THEME = "textual-dark"


class DossierApp(App[int]):
    CSS_PATH = "dossier.tcss"
    TITLE = "Dossier"
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("app")

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
        self.runner = SessionRunner(self, corpus, dirs, index_dir)
        self.state = UserState.load(dirs.state, dirs.history_file)
        self.keymap: dict[str, str] = {}
        self.first_paint_at: float | None = None
        self.index_ready_at: float | None = None
        self._fixed_theme = theme
        self.theme = theme or self.state.theme or DEFAULT_THEME
        self.sub_title = str(corpus)

    @property
    def session(self) -> Session | None:
        """The open corpus (None until the index is open)."""
        return self.runner.session

    # -- start and stop ----------------------------------------------------------------
    def get_default_screen(self) -> Screen:
        return MainScreen()

    def on_mount(self) -> None:
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
        self._open_session()

    def on_unmount(self) -> None:
        self.save_state()
        self.runner.close()

    def save_state(self) -> None:
        screen = self.main_screen
        if screen is not None:
            screen.save_position()
        try:
            self.state.positions.save()
        except OSError as exc:
            self.log.warning(f"cannot save reading positions: {exc}")

    async def action_quit(self) -> None:
        from tui.screens.bookmark_edit import BookmarkEditScreen

        dialog = next((s for s in self.screen_stack if isinstance(s, BookmarkEditScreen)), None)
        if dialog is not None and dialog.unsaved:
            dialog.confirm_discard(self._quit_now)
            return
        self._quit_now()

    def _quit_now(self) -> None:
        self.runner.cancel()
        self.save_state()
        self.exit(0)

    # -- the session: open, update, re-anchor --------------------------------------------
    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def _open_session(self) -> None:
        self.runner.open(self.run_update)

    def reindex(self) -> None:
        """Check the corpus folder for new, changed and removed articles."""
        session = self.session
        if session is None or self.runner.updating:
            return
        self.runner.updating = True
        self._reindex(session)

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def _reindex(self, session: Session) -> None:
        self.runner.update(session)

    @on(IndexOpened)
    def _index_opened(self, event: IndexOpened) -> None:
        self.runner.session = event.session
        for n in event.notices:
            self.notify_text(n)
        if self.main_screen is not None:
            self.main_screen.index_opened()

    @on(IndexProgress)
    def _index_progress(self, event: IndexProgress) -> None:
        self.runner.updating = True
        if self.main_screen is not None:
            self.main_screen.show_progress(event.done, event.total)

    @on(IndexUpdated)
    def _index_updated(self, event: IndexUpdated) -> None:
        runner = self.runner
        runner.updating = False
        report = event.report
        if event.error is None:
            runner.index_current = True
        if report is not None:
            if report.changed or report.rebuilt:
                runner.drop_spare()  # reopened on the new index when next needed
            runner.reanchored = report.bookmarks or {}
            for warning in report.warnings:
                if warning.startswith("bookmarks"):  # files skipped are listed by the CLI
                    self.notify_text(warning, severity="warning")
        elif event.error is None:
            runner.reanchored = {}
        if self.main_screen is not None:
            self.main_screen.index_updated(report, event.error)
        self.index_ready_at = time.perf_counter()

    # -- failures --------------------------------------------------------------------------
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker that raised: one clear notice (never a swallowed exception)."""
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        what = (event.worker.group or event.worker.name or "a task").replace("-", " ")
        self.notify_text(f"{what} failed: {type(error).__name__}: {error}", severity="error")

    @on(Failed)
    def _failed(self, event: Failed) -> None:
        self.notify_text(event.text, severity="error")

    # -- helpers for screens and commands ---------------------------------------------
    @property
    def main_screen(self) -> MainScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        return None

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from tui.screens.palette import system_commands

        yield from system_commands(self, screen, super().get_system_commands(screen))

    def notify_text(
        self, message: str, *, severity: SeverityLevel = "information", timeout: float | None = None
    ) -> None:
        """A toast whose text is never parsed as markup (it may quote article text)."""
        self.notify(message, severity=severity, timeout=timeout, markup=False)


def run_app(ctx: CommandContext) -> int:
    app = DossierApp(ctx.corpus, ctx.dirs, ctx.index_dir, update=ctx.check_corpus)
    code = app.run()
    return int(code or 0)
