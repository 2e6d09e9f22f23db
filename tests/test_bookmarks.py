"""The bookmark store: CRUD, re-anchoring, schema migration, disk full, kill -9, two writers."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from index.bookmarks import (
    SCHEMA_VERSION,
    BookmarkNotFound,
    BookmarkStore,
    BookmarkStoreError,
    QuoteNotFound,
)
from index.paths import DossierDirs

REPO = Path(__file__).resolve().parents[1]

TEXT = (
    "Seoul urges restraint\n\n"
    "South Korea on Thursday urged North Korea and Russia to stop their illegal military "
    "cooperation, as the two marked the first anniversary of their defence treaty.\n\n"
    "The treaty calls for either side to provide the other assistance in case of an armed "
    "attack. Officials in Seoul said the deployment violated several resolutions.\n\n"
    "Analysts expect more exchanges of weapons technology in the months ahead."
)
QUOTE = "The treaty calls for either side to provide the other assistance"


@dataclass
class FakeArticle:
    id: str
    text: str
    title: str = "A title"

    @property
    def content_hash(self) -> str:
        return hashlib.blake2b(self.text.encode(), digest_size=16).hexdigest()


@pytest.fixture
def store() -> BookmarkStore:
    s = BookmarkStore(DossierDirs.from_env().bookmarks_db)
    yield s
    s.close()


def lookup_from(*articles: FakeArticle):
    by_id = {a.id: a for a in articles}
    return by_id.get


# -- where and how it is stored ---------------------------------------------------------


def test_lives_in_the_data_dir_under_dossier_home(store: BookmarkStore, dossier_home: Path) -> None:
    store.add_quote(FakeArticle("doc", TEXT), QUOTE)
    dirs = DossierDirs.from_env()
    assert store.path == dirs.bookmarks_db
    assert store.path.is_relative_to(dossier_home / "data")
    assert store.path.exists()
    assert not dirs.cache.exists() or not any(dirs.cache.rglob("*bookmark*"))


def test_wal_busy_timeout_and_full_sync(store: BookmarkStore) -> None:
    db = sqlite3.connect(store.path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()
    assert store._db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert store._db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert store.schema_version() == SCHEMA_VERSION


# -- adding, editing, removing --------------------------------------------------------


def test_add_keeps_both_selectors(store: BookmarkStore) -> None:
    article = FakeArticle("doc", TEXT)
    b = store.add_quote(
        article, QUOTE, note="why it matters", tags=["treaty", "#Russia", " treaty "]
    )
    assert b.id > 0 and b.uid.startswith("urn:uuid:")
    assert (b.quote, TEXT[b.start : b.end]) == (QUOTE, QUOTE)
    assert TEXT[: b.start].endswith(b.prefix) and len(b.prefix) == 32
    assert TEXT[b.end :].startswith(b.suffix) and len(b.suffix) == 32
    assert b.content_hash == article.content_hash
    assert b.tags == ["treaty", "Russia"]
    assert (b.status, b.matched, b.score, b.cur_start, b.cur_end) == (
        "exact",
        QUOTE,
        1.0,
        b.start,
        b.end,
    )
    assert b.created.endswith("Z") and b.title == "A title"
    assert store.get(b.id) == b


def test_add_by_offsets(store: BookmarkStore) -> None:
    b = store.add(FakeArticle("doc", TEXT), 0, 5)
    assert b.quote == "Seoul" and b.prefix == ""
    with pytest.raises(ValueError):
        store.add(FakeArticle("doc", TEXT), 10, 5)


def test_add_quote_must_occur(store: BookmarkStore) -> None:
    with pytest.raises(QuoteNotFound, match="does not occur in article 'doc'"):
        store.add_quote(FakeArticle("doc", TEXT), "not in the article")
    with pytest.raises(QuoteNotFound, match="occurs 2 times"):
        store.add_quote(FakeArticle("doc", TEXT), "Seoul", occurrence=3)
    assert store.add_quote(FakeArticle("doc", TEXT), "Seoul", occurrence=2).start == TEXT.rindex(
        "Seoul"
    )
    assert store.count() == 1


def test_list_update_remove_restore(store: BookmarkStore) -> None:
    article = FakeArticle("doc", TEXT)
    a = store.add_quote(article, QUOTE, note="first", tags=["x"])
    b = store.add_quote(article, "Analysts expect", note="second")
    assert [x.id for x in store.list()] == [a.id, b.id]
    assert [x.id for x in store.list(tag="X")] == [a.id]
    assert [x.id for x in store.list(text="SECOND")] == [b.id]
    assert [x.id for x in store.for_doc("doc")] == [a.id, b.id]
    updated = store.update(a.id, note="changed", tags=["y", "z"])
    assert (updated.note, updated.tags, updated.quote) == ("changed", ["y", "z"], QUOTE)
    assert updated.modified is not None
    assert store.update(a.id, note="only the note").tags == ["y", "z"]
    removed = store.remove(a.id)
    assert store.get(a.id) is None and removed.note == "only the note"
    restored = store.restore(removed)
    assert restored == removed
    assert store.restore(removed) == removed and store.count() == 2  # idempotent
    with pytest.raises(BookmarkNotFound, match="no bookmark with id 999"):
        store.remove(999)
    with pytest.raises(BookmarkNotFound):
        store.update(999, note="x")


def test_ids_are_never_reused(store: BookmarkStore) -> None:
    article = FakeArticle("doc", TEXT)
    first = store.add_quote(article, QUOTE)
    store.remove(first.id)
    assert store.add_quote(article, QUOTE).id != first.id


# -- re-anchoring ---------------------------------------------------------------------


def test_reanchor_gives_every_status(store: BookmarkStore) -> None:
    docs = {
        name: FakeArticle(name, TEXT) for name in ("same", "moved", "edited", "gone", "rewritten")
    }
    ids = {name: store.add_quote(a, QUOTE).id for name, a in docs.items()}
    changed = {
        "same": docs["same"],
        "moved": FakeArticle("moved", "An inserted paragraph.\n\n" + TEXT),
        "edited": FakeArticle("edited", TEXT.replace("either side", "each side")),
        "rewritten": FakeArticle(
            "rewritten", TEXT.replace(QUOTE, "Under the pact the parties help")
        ),
    }
    counts = store.reanchor(changed.get)
    assert counts == {"exact": 1, "moved": 1, "fuzzy": 1, "orphaned": 2}
    got = {name: store.get(i) for name, i in ids.items()}
    assert got["same"].status == "exact"
    assert got["moved"].status == "moved"
    assert got["moved"].cur_start == got["moved"].start + len("An inserted paragraph.\n\n")
    assert got["moved"].matched == QUOTE
    assert got["edited"].status == "fuzzy"
    assert got["edited"].matched == QUOTE.replace("either", "each") and got["edited"].score >= 0.85
    for name in ("gone", "rewritten"):
        assert got[name].status == "orphaned"
        assert (got[name].matched, got[name].cur_start, got[name].cur_end) == (None, None, None)
    for b in got.values():  # the stored selectors never change
        assert (b.quote, b.start, b.end, b.content_hash) == (
            QUOTE,
            TEXT.index(QUOTE),
            TEXT.index(QUOTE) + len(QUOTE),
            docs["same"].content_hash,
        )
    assert store.counts() == counts


def test_reanchor_follows_later_changes_and_comes_back(store: BookmarkStore) -> None:
    b = store.add_quote(FakeArticle("doc", TEXT), QUOTE)
    store.reanchor(lookup_from(FakeArticle("doc", "Intro.\n\n" + TEXT)))
    assert store.get(b.id).status == "moved"
    assert store.reanchor(lambda _doc: None) == {"exact": 0, "moved": 0, "fuzzy": 0, "orphaned": 1}
    store.reanchor(lookup_from(FakeArticle("doc", TEXT)))
    back = store.get(b.id)
    assert (back.status, back.cur_start, back.matched) == ("exact", b.start, QUOTE)


def test_repeated_quote_stays_on_its_occurrence(store: BookmarkStore) -> None:
    text = "Monday. The minister said no. Markets fell.\n\nFriday. The minister said no. Unions struck."
    b = store.add_quote(FakeArticle("doc", text), "The minister said no.", occurrence=2)
    new = "Preface.\n\n" + text
    store.reanchor(lookup_from(FakeArticle("doc", new)))
    assert store.get(b.id).cur_start == new.rindex("The minister said no.")


def test_reanchor_skips_unchanged_articles(
    store: BookmarkStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = FakeArticle("doc", TEXT)
    store.add_quote(article, QUOTE)
    import index.bookmarks as module

    def fail(*args, **kwargs):
        raise AssertionError("anchored an unchanged article")

    monkeypatch.setattr(module, "anchor", fail)
    assert store.reanchor(lookup_from(article))["exact"] == 1


def test_reanchor_does_not_clobber_a_concurrent_note_edit(store: BookmarkStore) -> None:
    b = store.add_quote(FakeArticle("doc", TEXT), QUOTE, note="old")
    other = BookmarkStore(store.path)

    def lookup(doc: str):
        other.update(b.id, note="edited meanwhile")  # another instance edits during the pass
        return FakeArticle("doc", "Intro.\n\n" + TEXT)

    store.reanchor(lookup)
    other.close()
    got = store.get(b.id)
    assert (got.note, got.status) == ("edited meanwhile", "moved")


# -- schema versions ------------------------------------------------------------------

V1_SCHEMA = """
CREATE TABLE bookmarks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    doc TEXT NOT NULL, quote TEXT NOT NULL, prefix TEXT NOT NULL, suffix TEXT NOT NULL,
    pos_start INTEGER NOT NULL, pos_end INTEGER NOT NULL, content_hash TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '', tags TEXT NOT NULL DEFAULT '[]', created TEXT NOT NULL
);
CREATE INDEX bookmarks_doc ON bookmarks(doc);
PRAGMA user_version = 1;
"""


def test_migrates_a_version_1_database() -> None:
    path = DossierDirs.from_env().bookmarks_db
    path.parent.mkdir(parents=True)
    start = TEXT.index(QUOTE)
    db = sqlite3.connect(path)
    db.executescript(V1_SCHEMA)
    for note in ("old one", "old two"):
        db.execute(
            "INSERT INTO bookmarks (doc, quote, prefix, suffix, pos_start, pos_end, content_hash, "
            "note, tags, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                "doc",
                QUOTE,
                TEXT[start - 32 : start],
                TEXT[start + len(QUOTE) :][:32],
                start,
                start + len(QUOTE),
                "oldhash",
                note,
                json.dumps(["legacy"]),
                "2024-01-02T03:04:05Z",
            ),
        )
    db.commit()
    db.close()

    with BookmarkStore(path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        one, two = store.list()
        assert (one.note, one.tags, one.created, one.quote) == (
            "old one",
            ["legacy"],
            "2024-01-02T03:04:05Z",
            QUOTE,
        )
        assert one.uid.startswith("urn:uuid:") and one.uid != two.uid
        assert (one.status, one.cur_start, one.matched) == ("exact", start, QUOTE)
        assert (
            store.reanchor(lookup_from(FakeArticle("doc", "New intro.\n\n" + TEXT)))["moved"] == 2
        )
        assert store.add_quote(FakeArticle("doc", TEXT), QUOTE).id == 3
    with BookmarkStore(path) as again:  # opening a current file changes nothing
        assert again.count() == 3


def test_refuses_a_database_from_a_newer_version() -> None:
    path = DossierDirs.from_env().bookmarks_db
    path.parent.mkdir(parents=True)
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE future (x)")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    db.commit()
    db.close()
    before = path.read_bytes()
    with pytest.raises(BookmarkStoreError, match="newer Dossier") as err:
        BookmarkStore(path)
    assert "\n" not in str(err.value)
    assert path.read_bytes() == before


def test_a_file_that_is_not_a_database_is_a_clear_error() -> None:
    path = DossierDirs.from_env().bookmarks_db
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(BookmarkStoreError, match="bookmarks database") as err:
        BookmarkStore(path)
    assert "\n" not in str(err.value)
    assert path.read_bytes() == b"this is not sqlite" * 100  # never thrown away


# -- disk full ------------------------------------------------------------------------


def test_disk_full_is_a_clear_error_and_loses_nothing(store: BookmarkStore) -> None:
    article = FakeArticle("doc", TEXT)
    kept = store.add_quote(article, QUOTE, note="kept")
    pages = store._db.execute("PRAGMA page_count").fetchone()[0]
    store._db.execute(f"PRAGMA max_page_count = {pages}")  # the "disk" is now full
    with pytest.raises(BookmarkStoreError) as err:
        store.add_quote(article, "Analysts expect", note="x" * 200_000)
    message = str(err.value)
    assert "disk is full" in message and "save the bookmark" in message and "\n" not in message
    with pytest.raises(BookmarkStoreError, match="disk is full"):
        store.update(kept.id, note="y" * 200_000)
    assert [b.note for b in store.list()] == ["kept"]  # nothing half-written, nothing lost
    store._db.execute("PRAGMA max_page_count = 1073741823")  # space again
    store.add_quote(article, "Analysts expect", note="x" * 200_000)
    with BookmarkStore(store.path) as other:
        assert [b.note[:4] for b in other.list()] == ["kept", "xxxx"]


def test_disk_full_during_import_adds_nothing(store: BookmarkStore) -> None:
    article = FakeArticle("doc", TEXT)
    first = store.add_quote(article, QUOTE)
    pages = store._db.execute("PRAGMA page_count").fetchone()[0]
    store._db.execute(f"PRAGMA max_page_count = {pages}")
    from dataclasses import replace

    many = [replace(first, uid="", note=f"n{i}" * 5000) for i in range(20)]
    with pytest.raises(BookmarkStoreError, match="import the bookmarks"):
        store.merge(many)
    assert store.count() == 1


# -- crash safety and concurrency (real processes) ---------------------------------------

CHILD_PRELUDE = f"""
import sys
sys.path.insert(0, {str(REPO)!r})
from pathlib import Path
from index.bookmarks import BookmarkStore

class Article:
    def __init__(self, doc, text):
        self.id, self.text, self.content_hash, self.title = doc, text, "hash-" + doc, doc

TEXT = {TEXT!r}
"""

KILL_CHILD = (
    CHILD_PRELUDE
    + """
store = BookmarkStore(Path(sys.argv[1]))
bookmark = store.add_quote(Article("doc", TEXT), "Analysts expect", note="acknowledged")
print("ACK", bookmark.id, flush=True)
sys.stdin.read()  # blocks until killed
"""
)

WRITER_CHILD = (
    CHILD_PRELUDE
    + """
name, count = sys.argv[2], int(sys.argv[3])
print("READY", flush=True)
sys.stdin.readline()  # GO: both writers start at once, and race to create the database
store = BookmarkStore(Path(sys.argv[1]))
for i in range(count):
    store.add_quote(Article(f"{name}-{i % 3}", TEXT), "Analysts expect", note=f"{name}-{i}")
store.close()
print("DONE", flush=True)
"""
)


def _spawn(code: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def test_an_acknowledged_bookmark_survives_kill_9() -> None:
    path = DossierDirs.from_env().bookmarks_db
    child = _spawn(KILL_CHILD, str(path))
    try:
        line = child.stdout.readline()
        assert line.startswith("ACK"), child.stderr.read()
        os.kill(child.pid, signal.SIGKILL)  # at once: no chance to close or checkpoint
    finally:
        child.kill()
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    bookmark_id = int(line.split()[1])
    with BookmarkStore(path) as store:
        found = store.get(bookmark_id)
    assert found is not None and found.note == "acknowledged" and found.quote == "Analysts expect"


def test_two_writers_at_once_lose_nothing() -> None:
    path = DossierDirs.from_env().bookmarks_db
    count = 40
    writers = [_spawn(WRITER_CHILD, str(path), name, str(count)) for name in ("a", "b")]
    try:
        for w in writers:
            assert w.stdout.readline().strip() == "READY", w.stderr.read()
        for w in writers:
            w.stdin.write("GO\n")
            w.stdin.flush()
        for w in writers:
            out, err = w.communicate(timeout=120)
            assert w.returncode == 0, err
            assert out.strip() == "DONE"
    finally:
        for w in writers:
            w.kill()
            w.wait(timeout=30)
    with BookmarkStore(path) as store:
        notes = sorted(b.note for b in store.list())
        assert store.schema_version() == SCHEMA_VERSION
    assert notes == sorted(f"{n}-{i}" for n in ("a", "b") for i in range(count))
