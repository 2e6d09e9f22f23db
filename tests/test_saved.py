"""Saved searches: kept per corpus in the user data dir, with totals and new articles."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from index.api import SavedExists, SavedNotFound, SavedSearchError, Session
from index.paths import DossierDirs
from index.saved import SavedSearches, check_name

NEW_ARTICLE = "Oil find number {n}\n\nPublished: 2 Jan. 1990\n\nOil was found, number {n}.\n"


def test_store_keeps_each_corpus_apart(tmp_path: Path) -> None:
    db = tmp_path / "saved.sqlite"
    a, b = SavedSearches(db, "/archive/a"), SavedSearches(db, "/archive/b")
    a.add("oil", "oil", {"x", "y"})
    b.add("oil", "crude", set())
    with pytest.raises(SavedExists):
        a.add("oil", "other", set())
    a.add("oil", "oil prices", {"z"}, replace=True)
    a.close()
    again = SavedSearches(db, "/archive/a")  # reopened: persisted
    assert [(s.name, s.query, s.seen) for s in again.all()] == [("oil", "oil prices", {"z"})]
    assert [s.query for s in b.all()] == ["crude"]
    again.mark_seen("oil", {"p", "q"})
    assert again.get("oil").seen == {"p", "q"}
    again.remove("oil")
    assert again.all() == [] and [s.name for s in b.all()] == ["oil"]
    with pytest.raises(SavedNotFound):
        again.remove("oil")
    with pytest.raises(SavedNotFound):
        again.mark_seen("oil", set())


def test_names_are_checked() -> None:
    assert check_name("  oil   watch ") == "oil watch"
    for bad in ("", "   ", "a\x1b[31mb", "x" * 81):
        with pytest.raises(ValueError):
            check_name(bad)


def test_a_newer_database_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "saved.sqlite"
    with sqlite3.connect(db) as con:
        con.execute("PRAGMA user_version=99")
    with pytest.raises(SavedSearchError, match="newer"):
        SavedSearches(db, "/a")
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == 99


def test_new_counts_articles_that_arrived_since_last_opened(news_archive_copy: Path) -> None:
    d = Session.open(news_archive_copy)
    try:
        d.update()
        saved = d.save_search("oil watch", "oil")
        total = d.search("oil", limit=0).total
        assert (saved.total, saved.new) == (total, 0)
        for n in range(3):
            (news_archive_copy / f"zz-new-{n}.txt").write_text(NEW_ARTICLE.format(n=n))
        d.update()
        (status,) = d.saved_searches()
        assert status.to_json() == {
            "name": "oil watch",
            "query": "oil",
            "total": total + 3,
            "new": 3,
        }
        opened = d.open_saved("oil watch")
        assert opened.new == 3 and opened.new_ids == {f"zz-new-{n}" for n in range(3)}
        assert [s.new for s in d.saved_searches()] == [0]  # opening marked them seen
        assert DossierDirs.from_env().saved_db.is_file()  # in the user data dir
        assert DossierDirs.from_env().cache not in DossierDirs.from_env().saved_db.parents
        d.remove_saved("oil watch")
        assert d.saved_searches() == []
    finally:
        d.close()
