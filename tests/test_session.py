"""The Session (index/api.py, issue 15) and bookmarks that belong to their corpus
(issue 12 item 3), on generated archives whose article ids collide (00001.txt ...)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from index.api import Dossier, DossierDirs, Session
from index.bookmarks import MIGRATIONS, BookmarkStore
from tui.cli import main

from .newsgen import write_archive


@pytest.fixture
def other_archive(tmp_path: Path) -> Path:
    """300 other articles with the same ids as news_archive's first 300."""
    return write_archive(tmp_path / "other", 300, seed=2)


def first_sentence(session: Session, doc_id: str) -> str:
    article = session.article(doc_id)
    assert article is not None
    return article.text.split("\n\n")[0][:60]  # the dateline paragraph


def run_cli(capsys: pytest.CaptureFixture, *argv: str) -> str:
    capsys.readouterr()
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def test_opening_another_corpus_leaves_this_corpus_bookmarks_alone(
    news_archive: Path, other_archive: Path, capsys: pytest.CaptureFixture
) -> None:
    with Session.open(news_archive) as a:
        a.update()
        quotes = [first_sentence(a, f"{n:05d}") for n in (1, 2, 3, 4)]
        for n, quote in enumerate(quotes, 1):
            a.add_quote(f"{n:05d}", quote)
    # the other corpus has articles with the same ids, but other text
    out = run_cli(capsys, "--corpus", str(other_archive), "bookmarks", "reanchor", "--json")
    assert json.loads(out) == {"exact": 0, "moved": 0, "fuzzy": 0, "orphaned": 0}
    assert json.loads(run_cli(capsys, "--corpus", str(other_archive), "bookmarks", "--json")) == []
    every = json.loads(
        run_cli(capsys, "--corpus", str(other_archive), "bookmarks", "--json", "--all-corpora")
    )
    assert [(b["status"], b["corpus"]) for b in every] == [("exact", str(news_archive))] * 4
    table = run_cli(capsys, "--corpus", str(other_archive), "bookmarks", "list", "--all-corpora")
    assert "orphaned" not in table and "corpus" in table
    mine = json.loads(run_cli(capsys, "--corpus", str(news_archive), "bookmarks", "list", "--json"))
    assert [b["status"] for b in mine] == ["exact"] * 4
    assert [b["quote"] for b in mine] == quotes


def _v2_database(path: Path, rows: list[tuple[str, str, int]]) -> None:
    """A bookmarks database as Dossier wrote it before bookmarks had a corpus."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, isolation_level=None)
    for step in (1, 2):
        MIGRATIONS[step](db)
    for doc, quote, start in rows:
        db.execute(
            "INSERT INTO bookmarks (doc, quote, prefix, suffix, pos_start, pos_end, content_hash,"
            " created, uid, matched, cur_start, cur_end, score) VALUES"
            " (?, ?, '', '', ?, ?, '', '2026-01-01T00:00:00Z', ?, ?, ?, ?, 1.0)",
            (doc, quote, start, start + len(quote), f"urn:uuid:{doc}", quote, start, start + len(quote)),
        )  # fmt: skip
    db.execute("PRAGMA user_version = 2")
    db.close()


def test_old_bookmarks_are_claimed_by_the_corpus_that_has_them(
    news_archive: Path, other_archive: Path
) -> None:
    d = Dossier.open(news_archive)  # the index alone: no bookmarks database yet
    d.update()
    article = d.article("00001")
    d.close()
    assert article is not None
    quote = article.text.split("\n\n")[0][:60]
    start = article.text.index(quote)
    db = DossierDirs.from_env().bookmarks_db
    _v2_database(db, [("00001", quote, start), ("nowhere", "lost words", 0)])

    with Session.open(other_archive) as b:  # same id, other text: not claimed, not touched
        b.update()
        assert b.bookmarks() == []
        before = {x.uid: x for x in b.bookmarks(all_corpora=True)}
        assert {x.corpus for x in before.values()} == {None}
        assert before["urn:uuid:00001"].status == "exact"
    with Session.open(news_archive) as a:
        a.update()
        (claimed,) = a.bookmarks()
        assert (claimed.doc, claimed.status, claimed.corpus) == (
            "00001",
            "exact",
            str(news_archive),
        )
        left = [x for x in a.bookmarks(all_corpora=True) if x.corpus is None]
        assert [x.doc for x in left] == ["nowhere"]
    with BookmarkStore(db) as store:
        assert store.schema_version() == 3


def test_update_reanchors_this_corpus_bookmarks(other_archive: Path) -> None:
    with Session.open(other_archive) as s:
        s.update()
        quote = first_sentence(s, "00002")
        s.add_quote("00002", quote)
        path = other_archive / "00002.txt"
        title, published, rest = path.read_text().split("\n\n", 2)
        path.write_text(f"{title}\n\n{published}\n\nA new paragraph above it.\n\n{rest}")
        report = s.update()
        assert report.bookmarks is not None and report.bookmarks["moved"] == 1
        (b,) = s.bookmarks_for("00002")
        article = s.article("00002")
        assert article is not None and article.text[b.cur_start : b.cur_end] == quote


def test_export_and_import_keep_the_corpus(
    other_archive: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    with Session.open(other_archive) as s:
        s.update()
        made = s.add_quote("00003", first_sentence(s, "00003"), note="n")
        exported = json.loads(s.export_bookmarks("json"))
        (item,) = exported["first"]["items"]
        assert item["target"]["scope"] == other_archive.as_uri()
        assert item["dossier:corpus"] == str(other_archive)
        s.remove_bookmark(made.id)
        moved_away = json.loads(json.dumps(exported).replace(str(other_archive), "/no/such/dir"))
        moved_away["first"]["items"][0]["id"] = "urn:uuid:elsewhere"
        s.import_bookmarks(exported)
        report = s.import_bookmarks(moved_away)  # a folder not on this machine: unassigned ...
        assert report.skipped == 1  # ... same article, quote, offsets and note: a double
        (back,) = s.bookmarks()
        assert back.corpus == str(other_archive) and back.uid == made.uid


def test_empty_corpus_says_what_dossier_reads(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.md").write_text("not an article")
    with Session.open(empty) as s:
        report = s.update()
        assert report.total == 0 and report.hint is not None and "*.txt" in report.hint
        assert s.empty_hint() == report.hint
    capsys.readouterr()
    assert main(["--corpus", str(empty), "index"]) == 0
    assert "*.txt" in capsys.readouterr().err
    assert main(["--corpus", str(empty), "index", "--json"]) == 0
    assert "*.txt" in json.loads(capsys.readouterr().out)["hint"]
