"""The lock an update holds on an index, from its first write to its last derived file.

Whoosh's own write lock is released at the commit, but an update goes on after it (the
prefix and forward files, the document store's commit): an index opened in that window
sees Whoosh and the store disagree, which is also what an interrupted update looks like.
Without this lock, a second Session opened while the app indexed (the spare search, the
timeline's) took the index for a broken one and deleted it under the update.

The lock file lies beside the index folder, not in it: rebuilding the index removes the
folder. It is an OS file lock (``flock``): released when its holder exits, even killed,
and exclusive between two handles of one process as between two processes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from whoosh.util.filelock import FileLock, try_for


class UpdateLock:
    """The update lock of the index in ``index_dir``."""

    def __init__(self, index_dir: Path) -> None:
        self.path = index_dir.with_name(index_dir.name + ".lock")

    def _lock(self) -> FileLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return FileLock(str(self.path))

    @contextmanager
    def held(self, timeout: float = 0.0) -> Iterator[bool]:
        """Holds the lock for the block if it can be had within ``timeout`` seconds;
        yields whether it is held (False: another update has it; True also where no lock
        file can be made, as in a read-only folder: nothing to wait for there)."""
        try:
            lock = self._lock()
            got = bool(lock.acquire()) or (
                timeout > 0 and bool(try_for(lock.acquire, timeout=timeout, delay=0.05))
            )
        except OSError:  # no lock file possible here (a read-only folder): as before locks
            yield True
            return
        try:
            yield got
        finally:
            if got:
                lock.release()
