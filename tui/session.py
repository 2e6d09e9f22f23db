"""The App's side of the session: opening the corpus and bringing its index up to date in
thread workers, with progress and cancel.

``index.api.Session`` is the one place that opens a corpus, updates its index and
re-anchors that corpus's bookmarks after an update (the CLI uses it too). The App owns
one ``SessionRunner``; screens reach the ``Session`` through ``app.session``. The
runner's methods run in thread workers and post typed messages (``tui.messages``) to
the App.
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from typing import TYPE_CHECKING

from tui.messages import IndexOpened, IndexProgress, IndexUpdated

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from index.api import Bookmark, DossierDirs, Session
    from tui.app import DossierApp

PROGRESS_INTERVAL = 0.05  # seconds between progress messages


class SessionRunner:
    def __init__(
        self, app: DossierApp, corpus: Path, dirs: DossierDirs, index_dir: Path | None
    ) -> None:
        self.app = app
        self.corpus = corpus
        self.dirs = dirs
        self.index_dir = index_dir
        self.session: Session | None = None
        self.updating = False
        self.index_current = False
        self.reanchored: dict[str, int] | None = None  # bookmark counts after the last update
        self.deleted_bookmarks: list[Bookmark] = []  # the bookmarks screen's undo, app-long
        self._cancel = False
        self._last_progress = 0.0
        self._extra: dict[str, Session] = {}  # lane -> its own Session (see ``borrow``)
        self._borrowed: dict[int, int] = {}  # id of a further Session -> workers using it
        self._retired: list[Session] = []  # dropped while in use: closed when returned
        self._extra_lock = threading.Lock()

    # -- in thread workers ----------------------------------------------------------------
    def open(self, run_update: bool) -> None:
        """Open the index, then bring it up to date (raises: the worker's notice says why)."""
        from index.api import Session

        notices: list[str] = []
        try:
            session = Session.open(
                self.corpus, dirs=self.dirs, index_dir=self.index_dir, notice=notices.append
            )
        except Exception as exc:  # a missing corpus, a busy or broken index
            self.app.post_message(IndexUpdated(None, f"cannot open the index: {exc}"))
            return
        self.app.post_message(IndexOpened(session, notices))
        if not session.needs_update(run_update):
            self.app.post_message(IndexUpdated(None, None))
            return
        self.update(session)

    def update(self, session: Session) -> None:
        """Update the index; the Session re-anchors this corpus's bookmarks after it."""
        from index.api import UpdateCancelled

        self.app.post_message(IndexProgress(0, 0))
        try:
            report = session.update(progress=self._progress, cancel=lambda: self._cancel)
        except UpdateCancelled:
            return
        except Exception as exc:  # the corpus folder gone, a busy or broken index
            self.app.post_message(IndexUpdated(None, f"index update failed: {exc}"))
            return
        self.app.post_message(IndexUpdated(report, None))

    def _progress(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done == total or now - self._last_progress >= PROGRESS_INTERVAL:
            self._last_progress = now
            self.app.post_message(IndexProgress(done, total))

    @contextmanager
    def borrow(self, name: str) -> Iterator[Session]:
        """A further Session on the same index, by name, opened on first use (~10 ms),
        kept open while borrowed and closed when the index changes (once no worker uses
        it); the app's own Session when another cannot be opened (the folder is gone). Each Session's searcher serves one search at a time: ``"spare"`` is for a
        search that must not wait behind a slow one, ``"views"`` for the timeline and
        facets, so that recounting them never holds up the next keystroke's search."""
        from index.api import Session

        with self._extra_lock:
            session = self._extra.get(name)
            if session is None:
                try:
                    session = Session.open(self.corpus, dirs=self.dirs, index_dir=self.index_dir)
                except Exception:  # the corpus folder gone, the index busy: share the app's
                    if self.session is None:
                        raise
                    session = None
                if session is not None:
                    self._extra[name] = session
            if session is None:
                shared = self.session
        if session is None:
            yield shared
            return
        with self._extra_lock:
            self._borrowed[id(session)] = self._borrowed.get(id(session), 0) + 1
        try:
            yield session
        finally:
            with self._extra_lock:
                left = self._borrowed[id(session)] = self._borrowed[id(session)] - 1
                close = not left and session in self._retired
                if close:
                    self._retired.remove(session)
                    del self._borrowed[id(session)]
            if close:
                session.close()

    def drop_spare(self) -> None:
        """Close the further Sessions (the index changed: reopened when next needed); one
        a worker is using is closed when it is done with it."""
        with self._extra_lock:
            extra, self._extra = list(self._extra.values()), {}
            idle = [x for x in extra if not self._borrowed.get(id(x))]
            self._retired.extend(x for x in extra if x not in idle)
            for x in idle:
                self._borrowed.pop(id(x), None)
        for session in idle:
            session.close()

    # -- on the UI thread ---------------------------------------------------------------------
    def cancel(self) -> None:
        self._cancel = True

    def close(self) -> None:
        self.drop_spare()
        if self.session is not None:
            self.session.close()
            self.session = None
