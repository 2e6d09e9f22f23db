"""What every command handler receives: the user dirs, the corpus, output helpers."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from index.api import DossierDirs

if TYPE_CHECKING:
    from rich.console import Console

    from index.api import Session


class UsageError(Exception):
    """A user error: printed as one line on stderr, exit code 2."""


class CommandFailed(Exception):
    """An operation failed: printed as one line on stderr, exit code 1."""


@dataclass
class CommandContext:
    dirs: DossierDirs
    corpus: Path
    index_dir: Path | None = None
    quiet: bool = False
    check_corpus: bool = True  # False: --no-update, use the index as it is
    _session: Session | None = field(default=None, repr=False)

    def open(self, update: bool = True) -> Session:
        """The corpus's session, its index brought up to date first (incrementally; its
        bookmarks re-anchored when articles changed).

        With ``--no-update`` the corpus folder is not checked for changes (100,000 files:
        ~2.5 s), unless the index has never been built.
        """
        if self._session is None:
            from index.api import Session

            self._session = Session.open(self.corpus, dirs=self.dirs, index_dir=self.index_dir)
            if update and self._session.needs_update(self.check_corpus):
                from tui.commands.progress import run_update

                run_update(self._session, quiet=self.quiet)
        return self._session

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None

    def console(self) -> Console:
        from rich.console import Console

        return Console(soft_wrap=False, highlight=False, markup=False, emoji=False)

    @staticmethod
    def print_json(data: Any) -> None:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")

    @staticmethod
    def warn(message: str) -> None:
        sys.stderr.write(f"dossier: {message}\n")
