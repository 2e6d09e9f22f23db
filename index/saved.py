"""Saved searches: a query under a name, per corpus, with the articles already seen.

They live in one SQLite file in the user *data* dir (``DossierDirs.saved_db``), never in
the cache. Each row belongs to one corpus (its absolute path): another archive's saved
searches are neither listed nor touched. Every change is one ``BEGIN IMMEDIATE`` ...
``COMMIT`` transaction with ``synchronous=FULL`` (as for bookmarks): a search the user
saved survives a crash, and two instances writing at once wait for each other.

"New" articles: a saved search keeps the ids of the articles it matched when it was last
opened (article ids are the files' relative paths, stable across re-indexing, unlike
Whoosh's document numbers or the index generation). ``new`` is the number of articles it
matches now that are not among them. Saving a search records what it matches then as
seen (it was saved while looking at those results); opening it (``saved show``, Enter in
the app) records what it matches now.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from index.bookmarks import utc_now
from index.textclean import safe_line

__all__ = [
    "SCHEMA_VERSION",
    "SavedExists",
    "SavedNotFound",
    "SavedSearch",
    "SavedSearchError",
    "SavedSearches",
    "SavedStatus",
    "check_name",
]

SCHEMA_VERSION = 1
MAX_NAME = 80

_SCHEMA = """
CREATE TABLE IF NOT EXISTS saved (
    corpus TEXT NOT NULL,
    name TEXT NOT NULL,
    query TEXT NOT NULL,
    created TEXT NOT NULL,
    opened TEXT,
    seen BLOB NOT NULL,
    PRIMARY KEY (corpus, name)
)
"""


class SavedSearchError(Exception):
    """The saved-searches database could not be read or written (one-line message)."""


class SavedNotFound(SavedSearchError):
    """No saved search with that name (in this corpus)."""


class SavedExists(SavedSearchError):
    """A saved search with that name exists already (in this corpus)."""


@dataclass(frozen=True)
class SavedSearch:
    name: str
    query: str
    created: str
    opened: str | None
    seen: frozenset[str]


@dataclass(frozen=True)
class SavedStatus:
    """What the list shows: the query's total now and how many are new since last opened."""

    name: str
    query: str
    total: int
    new: int
    new_ids: frozenset[str] = frozenset()  # filled by Dossier.open_saved only

    def to_json(self) -> dict:
        return {"name": self.name, "query": self.query, "total": self.total, "new": self.new}


def check_name(name: str) -> str:
    """The name, trimmed; raises ValueError for an empty, too long or control-laden one."""
    clean = " ".join(name.split())
    if not clean:
        raise ValueError("a saved search needs a name")
    if len(clean) > MAX_NAME:
        raise ValueError(f"the name is longer than {MAX_NAME} characters")
    if safe_line(clean) != clean:
        raise ValueError("the name has control characters")
    return clean


def _pack(ids: frozenset[str] | set[str]) -> bytes:
    return zlib.compress("\n".join(sorted(ids)).encode("utf-8", "surrogateescape"))


def _unpack(blob: bytes) -> frozenset[str]:
    text = zlib.decompress(blob).decode("utf-8", "surrogateescape")
    return frozenset(text.split("\n")) if text else frozenset()


class SavedSearches:
    """The saved searches of one corpus."""

    def __init__(self, path: Path, corpus: str) -> None:
        self.path = path
        self.corpus = corpus
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(
                str(path), timeout=30, isolation_level=None, check_same_thread=False
            )
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            with self._tx() as db:
                version = db.execute("PRAGMA user_version").fetchone()[0]
                if version > SCHEMA_VERSION:
                    raise SavedSearchError(
                        f"{path} is from a newer Dossier (schema {version}); not changed"
                    )
                db.execute(_SCHEMA)
                db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        except sqlite3.Error as exc:
            raise SavedSearchError(f"cannot open saved searches {path}: {exc}") from exc

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        db = self._db
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        except sqlite3.Error as exc:
            raise SavedSearchError(f"saved searches {self.path}: {exc}") from exc

    def _row(self, row: tuple) -> SavedSearch:
        return SavedSearch(row[0], row[1], row[2], row[3], _unpack(row[4]))

    def all(self) -> list[SavedSearch]:
        try:
            rows = self._db.execute(
                "SELECT name, query, created, opened, seen FROM saved WHERE corpus = ?"
                " ORDER BY name COLLATE NOCASE, name",
                (self.corpus,),
            ).fetchall()
        except sqlite3.Error as exc:
            raise SavedSearchError(f"saved searches {self.path}: {exc}") from exc
        return [self._row(r) for r in rows]

    def get(self, name: str) -> SavedSearch:
        try:
            row = self._db.execute(
                "SELECT name, query, created, opened, seen FROM saved"
                " WHERE corpus = ? AND name = ?",
                (self.corpus, name),
            ).fetchone()
        except sqlite3.Error as exc:
            raise SavedSearchError(f"saved searches {self.path}: {exc}") from exc
        if row is None:
            raise SavedNotFound(f"no saved search named '{safe_line(name)}'")
        return self._row(row)

    def add(self, name: str, query: str, seen: set[str], replace: bool = False) -> SavedSearch:
        name = check_name(name)
        created = utc_now()
        with self._tx() as db:
            exists = db.execute(
                "SELECT 1 FROM saved WHERE corpus = ? AND name = ?", (self.corpus, name)
            ).fetchone()
            if exists and not replace:
                raise SavedExists(f"a saved search named '{name}' exists already")
            db.execute(
                "INSERT OR REPLACE INTO saved (corpus, name, query, created, opened, seen)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (self.corpus, name, query, created, created, _pack(seen)),
            )
        return SavedSearch(name, query, created, created, frozenset(seen))

    def mark_seen(self, name: str, seen: set[str]) -> None:
        with self._tx() as db:
            cur = db.execute(
                "UPDATE saved SET seen = ?, opened = ? WHERE corpus = ? AND name = ?",
                (_pack(seen), utc_now(), self.corpus, name),
            )
            if cur.rowcount == 0:
                raise SavedNotFound(f"no saved search named '{safe_line(name)}'")

    def remove(self, name: str) -> None:
        with self._tx() as db:
            cur = db.execute("DELETE FROM saved WHERE corpus = ? AND name = ?", (self.corpus, name))
            if cur.rowcount == 0:
                raise SavedNotFound(f"no saved search named '{safe_line(name)}'")
