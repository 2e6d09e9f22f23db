"""The user's bookmarks: passages of articles, with a note and tags.

They live in one SQLite file in the user *data* dir (``DossierDirs.bookmarks_db``),
never in the cache: they are not derived data. Durability and concurrency:

* ``journal_mode=WAL`` so readers never block the writer; ``busy_timeout`` so two
  instances writing at once wait for each other instead of failing;
* every change is one ``BEGIN IMMEDIATE`` ... ``COMMIT`` transaction (the write lock is
  taken up front, so two writers never deadlock upgrading a read lock);
* ``synchronous=FULL``: a commit is on disk before :meth:`BookmarkStore.add` returns,
  so a bookmark the screen acknowledged survives kill -9 and even a power cut
  (bookmarks are written one at a time by a person: the extra fsync costs nothing);
* ``PRAGMA user_version`` is the schema version; older files are migrated in one
  transaction, files from a newer Dossier are refused (never altered).

Any SQLite failure (disk full, read-only file, not a database) is raised as a
:class:`BookmarkStoreError` with a one-line message, after the transaction was rolled
back: nothing is half-written and nothing is dropped silently.

A bookmark keeps its selectors as made (``quote``, ``prefix``, ``suffix``, ``start``,
``end``, ``content_hash``): they never change. :meth:`BookmarkStore.reanchor` looks the
quote up again in the current text (see :mod:`index.anchoring`) and records where it is
now (``cur_start``/``cur_end``/``matched``/``score``) and how well (``status``).

A bookmark belongs to a corpus (``corpus``: the corpus folder's absolute path; in an
export, the annotation target's ``scope``). Re-anchoring with a corpus touches only that
corpus's bookmarks. Bookmarks made before schema 3 (and imports whose corpus folder does
not exist here) are *unassigned* (``corpus`` NULL): the first re-anchoring against a corpus
that has their article with their quote where it was (exact or moved) claims them;
until then they are left as they were, and listed only with ``--all-corpora``.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from index.anchoring import (
    EXACT,
    MOVED,
    ORPHANED,
    STATUSES,
    Anchor,
    anchor,
    find_quote,
    selector_at,
)

__all__ = [
    "SCHEMA_VERSION",
    "STATUSES",
    "AnchorSource",
    "Bookmark",
    "BookmarkNotFound",
    "BookmarkStore",
    "BookmarkStoreError",
    "MergeResult",
    "QuoteNotFound",
    "normalize_tags",
    "utc_now",
]

SCHEMA_VERSION = 3
BUSY_TIMEOUT_SECONDS = 30.0


class BookmarkStoreError(Exception):
    """The bookmark database could not be read or written (one-line message)."""


class BookmarkNotFound(BookmarkStoreError):
    """No bookmark with that id."""


class QuoteNotFound(ValueError):
    """The quote to bookmark does not occur in the article."""


class AnchorSource(Protocol):
    """What a bookmark needs from an article (``index.articles.Article`` fits)."""

    id: str
    text: str
    content_hash: str


Lookup = Callable[[str], AnchorSource | None]


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def normalize_tags(tags: Iterable[str]) -> list[str]:
    """Trimmed, without a leading '#', inner whitespace collapsed, no empties or repeats."""
    out: list[str] = []
    seen: set[str] = set()
    for tag in tags:
        clean = " ".join(str(tag).strip().lstrip("#").split())
        if clean and clean.casefold() not in seen:
            seen.add(clean.casefold())
            out.append(clean)
    return out


@dataclass
class Bookmark:
    id: int
    doc: str
    quote: str
    prefix: str
    suffix: str
    start: int
    end: int
    content_hash: str
    note: str = ""
    tags: list[str] = field(default_factory=list)
    created: str = ""
    anchor: Anchor = field(default_factory=lambda: Anchor(EXACT))  # where the quote is now
    title: str | None = None
    uid: str = ""
    modified: str | None = None
    anchored_hash: str | None = None  # the article's content hash when last anchored
    corpus: str | None = None  # the corpus folder it belongs to; None: unassigned

    # The current anchor's parts, by the names the rest of Dossier reads them by.
    @property
    def status(self) -> str:
        return self.anchor.status

    @property
    def matched(self) -> str | None:
        return self.anchor.matched

    @property
    def score(self) -> float | None:
        return self.anchor.score

    @property
    def cur_start(self) -> int | None:
        return self.anchor.start

    @property
    def cur_end(self) -> int | None:
        return self.anchor.end

    def to_json(self) -> dict:
        """The ``dossier bookmarks list --json`` shape (``start``/``end`` are current)."""
        return {
            "id": self.id,
            "uid": self.uid,
            "doc": self.doc,
            "title": self.title,
            "quote": self.quote,
            "matched": self.matched,
            "note": self.note,
            "tags": list(self.tags),
            "created": self.created,
            "modified": self.modified,
            "status": self.status,
            "score": self.score,
            "start": self.cur_start,
            "end": self.cur_end,
            "stored_start": self.start,
            "stored_end": self.end,
            "prefix": self.prefix,
            "suffix": self.suffix,
            "content_hash": self.content_hash,
            "corpus": self.corpus,
        }


@dataclass(frozen=True)
class MergeResult:
    added: list[Bookmark]
    skipped: int


# -- schema ----------------------------------------------------------------------


def _v1(db: sqlite3.Connection) -> None:
    db.execute(
        """CREATE TABLE bookmarks (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            doc TEXT NOT NULL,
            quote TEXT NOT NULL,
            prefix TEXT NOT NULL,
            suffix TEXT NOT NULL,
            pos_start INTEGER NOT NULL,
            pos_end INTEGER NOT NULL,
            content_hash TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '[]',
            created TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX bookmarks_doc ON bookmarks(doc)")


def _v2(db: sqlite3.Connection) -> None:
    """A stable uid (for import without doubles), the title, the current anchor."""
    for column in (
        "uid TEXT",
        "title TEXT",
        "modified TEXT",
        f"status TEXT NOT NULL DEFAULT '{EXACT}'",
        "matched TEXT",
        "score REAL",
        "cur_start INTEGER",
        "cur_end INTEGER",
        "anchored_hash TEXT",
    ):
        db.execute(f"ALTER TABLE bookmarks ADD COLUMN {column}")
    # Not yet re-anchored (anchored_hash is NULL): assume they are where they were.
    db.execute(
        "UPDATE bookmarks SET matched = quote, score = 1.0, cur_start = pos_start, cur_end = pos_end"
    )
    for (rowid,) in db.execute("SELECT id FROM bookmarks").fetchall():
        db.execute("UPDATE bookmarks SET uid = ? WHERE id = ?", (_new_uid(), rowid))
    db.execute("CREATE UNIQUE INDEX bookmarks_uid ON bookmarks(uid)")


def _v3(db: sqlite3.Connection) -> None:
    """The corpus a bookmark belongs to. Existing ones are unassigned (NULL) until a
    re-anchoring against a corpus that has their article claims them."""
    db.execute("ALTER TABLE bookmarks ADD COLUMN corpus TEXT")
    db.execute("CREATE INDEX bookmarks_corpus ON bookmarks(corpus)")


MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _v1, 2: _v2, 3: _v3}

_COLUMNS = (
    "id, doc, quote, prefix, suffix, pos_start, pos_end, content_hash, note, tags, created, "
    "status, matched, score, cur_start, cur_end, title, uid, modified, anchored_hash, corpus"
)
_NAMES = tuple(_COLUMNS.split(", "))


def _new_uid() -> str:
    return f"urn:uuid:{uuid.uuid4()}"


def _from_row(row: tuple) -> Bookmark:
    r = dict(zip(_NAMES, row, strict=True))
    return Bookmark(
        id=r["id"],
        doc=r["doc"],
        quote=r["quote"],
        prefix=r["prefix"],
        suffix=r["suffix"],
        start=r["pos_start"],
        end=r["pos_end"],
        content_hash=r["content_hash"],
        note=r["note"],
        tags=json.loads(r["tags"] or "[]"),
        created=r["created"],
        anchor=Anchor(r["status"], r["cur_start"], r["cur_end"], r["matched"], r["score"]),
        title=r["title"],
        uid=r["uid"],
        modified=r["modified"],
        anchored_hash=r["anchored_hash"],
        corpus=r["corpus"],
    )


def _to_row(b: Bookmark) -> dict[str, object]:
    return {
        "id": b.id,
        "doc": b.doc,
        "quote": b.quote,
        "prefix": b.prefix,
        "suffix": b.suffix,
        "pos_start": b.start,
        "pos_end": b.end,
        "content_hash": b.content_hash,
        "note": b.note,
        "tags": json.dumps(b.tags, ensure_ascii=False),
        "created": b.created or utc_now(),
        "status": b.status,
        "matched": b.matched,
        "score": b.score,
        "cur_start": b.cur_start,
        "cur_end": b.cur_end,
        "title": b.title,
        "uid": b.uid or _new_uid(),
        "modified": b.modified,
        "anchored_hash": b.anchored_hash,
        "corpus": b.corpus,
    }


def _corpus_filter(corpus: str | None) -> tuple[str, tuple]:
    return (" WHERE corpus = ?", (corpus,)) if corpus is not None else ("", ())


def _describe(exc: sqlite3.Error, path: Path) -> str:
    name = getattr(exc, "sqlite_errorname", "")
    if name.startswith("SQLITE_FULL"):
        return f"the disk is full or the database reached its size limit ({path})"
    if name.startswith("SQLITE_BUSY") or name.startswith("SQLITE_LOCKED"):
        return f"the bookmarks database is busy (another Dossier is writing): {path}"
    if name.startswith("SQLITE_READONLY") or name.startswith("SQLITE_CANTOPEN"):
        return f"cannot write the bookmarks database {path}: {exc}"
    if name.startswith("SQLITE_NOTADB") or name.startswith("SQLITE_CORRUPT"):
        return f"the bookmarks database is damaged ({path}): {exc}"
    return f"{exc} ({path})"


class BookmarkStore:
    """One connection to the bookmarks database; safe to share between threads."""

    def __init__(self, path: Path, timeout: float = BUSY_TIMEOUT_SECONDS) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BookmarkStoreError(f"cannot create {self.path.parent}: {exc.strerror}") from exc
        try:
            self._db = sqlite3.connect(
                str(self.path), timeout=timeout, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise BookmarkStoreError(
                f"cannot open the bookmarks database: {_describe(exc, self.path)}"
            ) from exc
        try:
            self._db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            self._refuse_newer(self.schema_version())  # before anything writes to the file
            self._enable_wal(timeout)
            self._db.execute("PRAGMA synchronous = FULL")
            self._migrate()
        except sqlite3.Error as exc:
            self._db.close()
            raise BookmarkStoreError(
                f"cannot open the bookmarks database: {_describe(exc, self.path)}"
            ) from exc
        except BookmarkStoreError:
            self._db.close()
            raise

    def _enable_wal(self, timeout: float) -> None:
        """Switch to WAL. Changing the journal mode does not wait on busy_timeout, so
        two instances creating the database at once retry here (bounded)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                self._db.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.01)  # back off before retrying the lock, not synchronisation

    @classmethod
    def open_default(cls) -> BookmarkStore:
        from index.paths import DossierDirs

        return cls(DossierDirs.from_env().bookmarks_db)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> BookmarkStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions --------------------------------------------------------------
    @contextmanager
    def _write(self, what: str) -> Iterator[sqlite3.Connection]:
        """One transaction; on any failure it is rolled back and reported in one line."""
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise BookmarkStoreError(f"could not {what}: {_describe(exc, self.path)}") from exc
            try:
                yield self._db
                self._db.execute("COMMIT")
            except BaseException as exc:
                if self._db.in_transaction:
                    # (SQLite may have rolled back already, e.g. after SQLITE_FULL)
                    with suppress(sqlite3.Error):
                        self._db.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise BookmarkStoreError(
                        f"could not {what}: {_describe(exc, self.path)}"
                    ) from exc
                raise

    def _read(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self._lock:
            try:
                return self._db.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise BookmarkStoreError(
                    f"could not read bookmarks: {_describe(exc, self.path)}"
                ) from exc

    def schema_version(self) -> int:
        return int(self._read("PRAGMA user_version")[0][0])

    def _refuse_newer(self, version: int) -> None:
        if version > SCHEMA_VERSION:
            raise BookmarkStoreError(
                f"{self.path} was written by a newer Dossier (schema {version}, this one "
                f"knows up to {SCHEMA_VERSION}); upgrade Dossier to use it"
            )

    def _migrate(self) -> None:
        version = self.schema_version()
        if version == SCHEMA_VERSION:
            return
        self._refuse_newer(version)
        with self._write("upgrade the bookmarks database") as db:
            version = int(db.execute("PRAGMA user_version").fetchone()[0])  # another process?
            self._refuse_newer(version)
            for step in range(version + 1, SCHEMA_VERSION + 1):
                MIGRATIONS[step](db)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    # -- reading -------------------------------------------------------------------
    def get(self, bookmark_id: int) -> Bookmark | None:
        rows = self._read(f"SELECT {_COLUMNS} FROM bookmarks WHERE id = ?", (bookmark_id,))
        return _from_row(rows[0]) if rows else None

    def require(self, bookmark_id: int) -> Bookmark:
        found = self.get(bookmark_id)
        if found is None:
            raise BookmarkNotFound(f"no bookmark with id {bookmark_id}")
        return found

    def list(
        self,
        text: str | None = None,
        tag: str | None = None,
        status: str | None = None,
        corpus: str | None = None,
    ) -> list[Bookmark]:
        """Bookmarks oldest first: of ``corpus`` only, or of every corpus (and the
        unassigned) when it is None; ``text`` matches quote, note or title (any case)."""
        where, params = _corpus_filter(corpus)
        found = [
            _from_row(r)
            for r in self._read(f"SELECT {_COLUMNS} FROM bookmarks{where} ORDER BY id", params)
        ]
        if text:
            needle = text.casefold()
            found = [
                b
                for b in found
                if any(needle in (s or "").casefold() for s in (b.quote, b.note, b.title))
            ]
        if tag:
            wanted = tag.lstrip("#").casefold()
            found = [b for b in found if any(t.casefold() == wanted for t in b.tags)]
        if status:
            found = [b for b in found if b.status == status]
        return found

    def for_doc(self, doc_id: str, corpus: str | None = None) -> list[Bookmark]:
        """The article's bookmarks in reading order (orphaned ones last); of ``corpus``
        only when given."""
        where, params = _corpus_filter(corpus)
        rows = self._read(
            f"SELECT {_COLUMNS} FROM bookmarks{where or ' WHERE 1'} AND doc = ?", (*params, doc_id)
        )
        found = [_from_row(r) for r in rows]
        return sorted(found, key=lambda b: (b.cur_start is None, b.cur_start or 0, b.id))

    def count(self, corpus: str | None = None) -> int:
        where, params = _corpus_filter(corpus)
        return int(self._read(f"SELECT count(*) FROM bookmarks{where}", params)[0][0])

    def counts(self, corpus: str | None = None) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        where, params = _corpus_filter(corpus)
        rows = self._read(f"SELECT status, count(*) FROM bookmarks{where} GROUP BY status", params)
        for status, n in rows:
            counts[status] = counts.get(status, 0) + n
        return counts

    # -- writing -------------------------------------------------------------------
    def add(
        self,
        article: AnchorSource,
        start: int,
        end: int,
        note: str = "",
        tags: Iterable[str] = (),
        corpus: str | None = None,
    ) -> Bookmark:
        """Bookmark ``article.text[start:end]`` (an article of ``corpus``); committed to
        disk when this returns."""
        quote, prefix, suffix = selector_at(article.text, start, end)
        if not quote.strip():
            raise QuoteNotFound("cannot bookmark an empty passage")
        bookmark = Bookmark(
            id=0,
            doc=article.id,
            quote=quote,
            prefix=prefix,
            suffix=suffix,
            start=start,
            end=end,
            content_hash=article.content_hash,
            note=note,
            tags=normalize_tags(tags),
            created=utc_now(),
            anchor=Anchor(EXACT, start, end, quote, 1.0),
            title=getattr(article, "title", None),
            uid=_new_uid(),
            anchored_hash=article.content_hash,
            corpus=corpus,
        )
        with self._write("save the bookmark") as db:
            return self._insert(db, bookmark)

    def add_quote(
        self,
        article: AnchorSource,
        quote: str,
        note: str = "",
        tags: Iterable[str] = (),
        occurrence: int = 1,
        corpus: str | None = None,
    ) -> Bookmark:
        """Bookmark the ``occurrence``-th place where ``quote`` occurs in the article
        (whitespace and typographic quotes/dashes may differ, see ``find_quote``)."""
        spans = find_quote(article.text, quote)
        if not spans:
            raise QuoteNotFound(f"the quote does not occur in article '{article.id}'")
        if not 1 <= occurrence <= len(spans):
            raise QuoteNotFound(
                f"the quote occurs {len(spans)} time{'s' if len(spans) != 1 else ''} "
                f"in article '{article.id}', not {occurrence}"
            )
        start, end = spans[occurrence - 1]
        return self.add(article, start, end, note=note, tags=tags, corpus=corpus)

    def update(
        self, bookmark_id: int, note: str | None = None, tags: Iterable[str] | None = None
    ) -> Bookmark:
        with self._write("update the bookmark") as db:
            current = self._get_in(db, bookmark_id)
            new_note = current.note if note is None else note
            new_tags = current.tags if tags is None else normalize_tags(tags)
            db.execute(
                "UPDATE bookmarks SET note = ?, tags = ?, modified = ? WHERE id = ?",
                (new_note, json.dumps(new_tags, ensure_ascii=False), utc_now(), bookmark_id),
            )
            return self._get_in(db, bookmark_id)

    def remove(self, bookmark_id: int) -> Bookmark:
        """Delete it; returns it, so that :meth:`restore` can undo."""
        with self._write("remove the bookmark") as db:
            current = self._get_in(db, bookmark_id)
            db.execute("DELETE FROM bookmarks WHERE id = ?", (bookmark_id,))
            return current

    def restore(self, bookmark: Bookmark) -> Bookmark:
        """Put a removed bookmark back, with its id if still free. Idempotent (by uid)."""
        with self._write("restore the bookmark") as db:
            existing = db.execute(
                f"SELECT {_COLUMNS} FROM bookmarks WHERE uid = ?", (bookmark.uid,)
            ).fetchone()
            if existing:
                return _from_row(existing)
            taken = db.execute("SELECT 1 FROM bookmarks WHERE id = ?", (bookmark.id,)).fetchone()
            return self._insert(db, bookmark, keep_id=not taken)

    def merge(self, bookmarks: Iterable[Bookmark]) -> MergeResult:
        """Add bookmarks made elsewhere (an import), all in one transaction. One already
        here (same uid, or same article, quote, offsets and note) is skipped."""
        added: list[Bookmark] = []
        skipped = 0
        with self._write("import the bookmarks") as db:
            for b in bookmarks:
                if self._is_duplicate(db, b):
                    skipped += 1
                    continue
                b = replace(b, uid=b.uid or _new_uid(), tags=normalize_tags(b.tags))
                added.append(self._insert(db, b))
        return MergeResult(added, skipped)

    def reanchor(self, lookup: Lookup, corpus: str | None = None) -> dict[str, int]:
        """Find bookmarks in their article's current text; returns counts by status.

        ``lookup(doc_id)`` returns the article (``.text``, ``.content_hash``) or None if it
        is gone. With ``corpus``, only that corpus's bookmarks are re-anchored, and
        unassigned ones whose article ``lookup`` has, with the quote exact or moved,
        are claimed by it (the others are left untouched); without, every bookmark is
        anchored against ``lookup``. Anchoring runs outside the transaction; the results
        are written in one.
        """
        changes: list[Bookmark] = []
        counts = dict.fromkeys(STATUSES, 0)
        for b in self.list(corpus=corpus):
            new = self._anchored(b, lookup(b.doc))
            counts[new.status] += 1
            if new != b:
                changes.append(new)
        if corpus is not None:
            for b in self._unassigned():
                article = lookup(b.doc)
                if article is None:
                    continue
                new = self._anchored(b, article)
                if new.status in (EXACT, MOVED):
                    counts[new.status] += 1
                    changes.append(replace(new, corpus=corpus))
        if changes:
            with self._write("save the re-anchored bookmarks") as db:
                db.executemany(
                    "UPDATE bookmarks SET status = ?, matched = ?, score = ?, cur_start = ?, "
                    "cur_end = ?, anchored_hash = ?, title = ?, corpus = ? WHERE id = ?",
                    [
                        (
                            b.status,
                            b.matched,
                            b.score,
                            b.cur_start,
                            b.cur_end,
                            b.anchored_hash,
                            b.title,
                            b.corpus,
                            b.id,
                        )
                        for b in changes
                    ],
                )
        return counts

    def _unassigned(self) -> list[Bookmark]:
        rows = self._read(f"SELECT {_COLUMNS} FROM bookmarks WHERE corpus IS NULL ORDER BY id")
        return [_from_row(r) for r in rows]

    # -- helpers -------------------------------------------------------------------
    @staticmethod
    def _anchored(b: Bookmark, article: AnchorSource | None) -> Bookmark:
        if article is None:
            return replace(b, anchor=Anchor(ORPHANED), anchored_hash=None)
        title = getattr(article, "title", None) or b.title
        if article.content_hash == b.anchored_hash:
            still = b.status == ORPHANED or (
                b.cur_start is not None and article.text[b.cur_start : b.cur_end] == b.matched
            )
            if still:
                return replace(b, title=title)
        hints = (b.cur_start,) if b.cur_start is not None else ()
        found = anchor(article.text, b.quote, b.prefix, b.suffix, b.start, b.end, hints=hints)
        return replace(b, anchor=found, anchored_hash=article.content_hash, title=title)

    @staticmethod
    def _get_in(db: sqlite3.Connection, bookmark_id: int) -> Bookmark:
        row = db.execute(
            f"SELECT {_COLUMNS} FROM bookmarks WHERE id = ?", (bookmark_id,)
        ).fetchone()
        if row is None:
            raise BookmarkNotFound(f"no bookmark with id {bookmark_id}")
        return _from_row(row)

    @staticmethod
    def _is_duplicate(db: sqlite3.Connection, b: Bookmark) -> bool:
        if b.uid and db.execute("SELECT 1 FROM bookmarks WHERE uid = ?", (b.uid,)).fetchone():
            return True
        same = db.execute(
            "SELECT 1 FROM bookmarks WHERE doc = ? AND quote = ? AND pos_start = ? "
            "AND pos_end = ? AND note = ?",
            (b.doc, b.quote, b.start, b.end, b.note),
        ).fetchone()
        return same is not None

    @staticmethod
    def _insert(db: sqlite3.Connection, b: Bookmark, keep_id: bool = False) -> Bookmark:
        row = _to_row(b)
        if not keep_id:
            del row["id"]
        columns = ", ".join(row)
        marks = ", ".join("?" * len(row))
        cursor = db.execute(
            f"INSERT INTO bookmarks ({columns}) VALUES ({marks})", tuple(row.values())
        )
        return BookmarkStore._get_in(db, int(cursor.lastrowid or 0))
