"""The document store: cleaned articles, their file manifest and extracted actors.

It sits beside the Whoosh index in the cache dir (derived data: it can always be
rebuilt). Whoosh holds only what it searches; the text lives here, so that
showing an article or building a snippet never re-reads the corpus.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from index.articles import Article

STORE_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS docs (
    id TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    title TEXT NOT NULL,
    date TEXT,
    source TEXT,
    text TEXT NOT NULL,
    paragraphs TEXT NOT NULL,
    hash TEXT NOT NULL,
    encoding TEXT NOT NULL,
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL,
    actors TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS docs_hash ON docs(hash);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass(frozen=True, slots=True)  # one per article, held through an update
class FileStamp:
    mtime_ns: int
    size: int
    hash: str


@dataclass(frozen=True)
class HitRow:
    path: str
    title: str
    date: str | None
    source: str | None
    text: str
    actors: list[dict] | None  # only when asked for


class DocStore:
    """Reads go through one connection, staged writes through another: in WAL mode the
    readers (search and reading threads) see only committed rows while an update stages
    its changes in a transaction that may last minutes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._writer = _connect(path)
        self._writer.executescript(_SCHEMA)
        version = self._writer.execute("PRAGMA user_version").fetchone()[0]
        if version == 0:
            self._writer.execute(f"PRAGMA user_version={STORE_VERSION}")
        elif version != STORE_VERSION:
            self._writer.close()
            raise sqlite3.DatabaseError(f"document store version {version}")
        self._db = _connect(path)

    def close(self) -> None:
        self._db.close()
        self._writer.close()

    # -- manifest -----------------------------------------------------------
    def stamps(self) -> dict[str, FileStamp]:
        rows = self._db.execute("SELECT id, mtime_ns, size, hash FROM docs")
        return {r[0]: FileStamp(r[1], r[2], r[3]) for r in rows}

    def count(self) -> int:
        return self._db.execute("SELECT count(*) FROM docs").fetchone()[0]

    def ids(self) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT id FROM docs ORDER BY id")]

    # -- writes: staged in one transaction, then committed or rolled back --------
    def stage(
        self,
        upserts: Iterable[tuple[Article, int, int, list[dict]]],
        restamps: Iterable[tuple[str, int, int]],
        removals: Iterable[str],
    ) -> None:
        db = self._writer
        db.executemany("DELETE FROM docs WHERE id = ?", [(r,) for r in removals])
        db.executemany(
            "UPDATE docs SET mtime_ns = ?, size = ? WHERE id = ?",
            [(m, s, i) for i, m, s in restamps],
        )
        db.executemany(
            "INSERT OR REPLACE INTO docs (id, path, title, date, source, text, paragraphs,"
            " hash, encoding, mtime_ns, size, actors) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    a.id, a.path, a.title, a.date, a.source, a.text, json.dumps(a.paragraphs),
                    a.content_hash, a.encoding, mtime, size,
                    json.dumps(actors, ensure_ascii=False),
                )
                for a, mtime, size, actors in upserts
            ],
        )  # fmt: skip

    def stage_meta(self, key: str, value: str) -> None:
        self._writer.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def commit(self) -> None:
        self._writer.commit()

    def rollback(self) -> None:
        self._writer.rollback()

    def set_meta(self, key: str, value: str) -> None:
        with self._writer:
            self.stage_meta(key, value)

    def meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    # -- reads ----------------------------------------------------------------
    def article(self, doc_id: str) -> Article | None:
        row = self._db.execute(
            "SELECT id, path, title, date, source, text, paragraphs, hash, encoding"
            " FROM docs WHERE id = ?",
            (doc_id,),
        ).fetchone()
        return _article(row) if row else None

    def hit_rows(self, ids: list[str], with_actors: bool = False) -> dict[str, HitRow]:
        """What a result list shows of each article, in one query per 500 ids."""
        out: dict[str, HitRow] = {}
        actors = "actors" if with_actors else "NULL"
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            for r in self._db.execute(
                f"SELECT id, path, title, date, source, text, {actors} FROM docs"
                f" WHERE id IN ({marks})",
                chunk,
            ):
                out[r[0]] = HitRow(r[1], r[2], r[3], r[4], r[5], json.loads(r[6]) if r[6] else None)
        return out

    def actors(self, doc_id: str) -> list[dict]:
        row = self._db.execute("SELECT actors FROM docs WHERE id = ?", (doc_id,)).fetchone()
        return json.loads(row[0]) if row else []

    def actors_of(self, doc_id: str) -> list[dict] | None:
        """The article's actors, None when there is no such article."""
        row = self._db.execute("SELECT actors FROM docs WHERE id = ?", (doc_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def actors_of_many(self, ids: list[str]) -> dict[str, list[dict]]:
        """The actors of each of ``ids`` that is an article, one query per 500 ids."""
        out: dict[str, list[dict]] = {}
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            for r in self._db.execute(f"SELECT id, actors FROM docs WHERE id IN ({marks})", chunk):
                out[r[0]] = json.loads(r[1])
        return out

    def all_actors(self) -> Iterator[tuple[str, list[dict]]]:
        for r in self._db.execute("SELECT id, actors FROM docs ORDER BY id"):
            yield r[0], json.loads(r[1])

    def sources(self) -> dict[str, str | None]:
        """Article id -> source, for every article (facets count sources from it)."""
        return dict(self._db.execute("SELECT id, source FROM docs"))

    def duplicates(self) -> list[list[str]]:
        rows = self._db.execute(
            "SELECT group_concat(id, char(31)) FROM docs GROUP BY hash HAVING count(*) > 1"
        )
        return [sorted(r[0].split("\x1f")) for r in rows]


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(str(path), timeout=10, check_same_thread=False)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    return db


def _article(row: tuple) -> Article:
    return Article(
        id=row[0],
        path=row[1],
        title=row[2],
        date=row[3],
        source=row[4],
        text=row[5],
        paragraphs=[tuple(p) for p in json.loads(row[6])],
        content_hash=row[7],
        encoding=row[8],
    )


def _chunks(items: list[str], n: int) -> Iterator[list[str]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]
