"""The App's session: the open index and bookmark store, opened and updated in workers.

``SessionRunner`` is the one place the app opens the corpus, updates its index (with
progress and cancel) and re-anchors the bookmarks after an update; the App owns it,
screens reach it through ``app.session``. Everything here runs in thread workers that
post typed messages (``tui.messages``) to the App.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from tui.messages import Failed, IndexOpened, IndexProgress, IndexUpdated

if TYPE_CHECKING:
    from pathlib import Path

    from index.api import Dossier
    from index.bookmarks import BookmarkStore
    from index.paths import DossierDirs
    from tui.app import DossierApp

PROGRESS_INTERVAL = 0.05  # seconds between progress messages


class UpdateCancelled(Exception):
    """Raised from the progress callback to stop an index update when the app exits."""


class SessionRunner:
    def __init__(
        self, app: DossierApp, corpus: Path, dirs: DossierDirs, index_dir: Path | None
    ) -> None:
        self.app = app
        self.corpus = corpus
        self.dirs = dirs
        self.index_dir = index_dir
        self.dossier: Dossier | None = None
        self.store: BookmarkStore | None = None
        self.store_error: str | None = None
        self.updating = False
        self.index_current = False
        self.reanchored: dict[str, int] | None = None
        self.deleted_bookmarks: list = []  # the bookmarks screen's undo, kept while the app runs
        self._cancel = False
        self._last_progress = 0.0

    # -- in thread workers ----------------------------------------------------------------
    def open(self, run_update: bool) -> None:
        """Open the index (and the bookmarks), then bring it up to date."""
        from index.api import Dossier

        notices: list[str] = []
        try:
            d = Dossier.open(
                self.corpus, dirs=self.dirs, index_dir=self.index_dir, notice=notices.append
            )
        except Exception as exc:  # a missing corpus, a busy or broken index
            self.app.post_message(IndexUpdated(None, f"cannot open the index: {exc}"))
            return
        self.app.post_message(IndexOpened(d, notices))
        self.open_store(d)
        if not d.should_update(run_update):
            self.app.post_message(IndexUpdated(None, None))
            return
        self.update(d)

    def open_store(self, d: Dossier) -> None:
        from index.bookmarks import BookmarkStore

        try:
            self.store = BookmarkStore(d.dirs.bookmarks_db)
        except Exception as exc:  # BookmarkStoreError: damaged, newer, unwritable
            self.store_error = str(exc)
            self.app.post_message(Failed(f"Bookmarks unavailable: {exc}"))

    def update(self, d: Dossier) -> None:
        self.app.post_message(IndexProgress(0, 0))
        try:
            report = d.update(progress=self._progress)
        except UpdateCancelled:
            return
        except Exception as exc:  # the corpus folder gone, a busy or broken index
            self.app.post_message(IndexUpdated(None, f"index update failed: {exc}"))
            return
        self.app.post_message(IndexUpdated(report, None))

    def reanchor(self) -> dict[str, int]:
        assert self.store is not None and self.dossier is not None
        return self.store.reanchor(self.dossier.article)

    def _progress(self, done: int, total: int) -> None:
        if self._cancel:
            raise UpdateCancelled
        now = time.monotonic()
        if done == total or now - self._last_progress >= PROGRESS_INTERVAL:
            self._last_progress = now
            self.app.post_message(IndexProgress(done, total))

    # -- on the UI thread ---------------------------------------------------------------------
    def cancel(self) -> None:
        self._cancel = True

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None
        if self.dossier is not None:
            self.dossier.close()
            self.dossier = None
