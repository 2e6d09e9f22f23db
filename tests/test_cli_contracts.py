"""CLI contract slips of issue 12 item 9 (the bookmarks and actors parts)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.cli import main


def run(capsys: pytest.CaptureFixture, *argv: str) -> str:
    capsys.readouterr()
    code = main(list(argv))
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.out


def test_bookmarks_json_without_list(seed_corpus: Path, capsys: pytest.CaptureFixture) -> None:
    c = ("--corpus", str(seed_corpus))
    assert json.loads(run(capsys, *c, "bookmarks", "--json")) == []
    run(capsys, *c, "bookmarks", "add", "000_85f06b0bed7f4e4b", "--quote", "North Korea")
    (item,) = json.loads(run(capsys, *c, "bookmarks", "--json"))
    assert item["quote"] == "North Korea" and item["status"] == "exact"
    assert json.loads(run(capsys, *c, "bookmarks", "--json", "--status", "orphaned")) == []


def test_actors_type_is_honoured_with_json(
    seed_corpus: Path, capsys: pytest.CaptureFixture
) -> None:
    c = ("--corpus", str(seed_corpus))
    every = json.loads(run(capsys, *c, "actors", "--json"))
    assert len({a["type"] for a in every["corpus"]}) > 1
    people = json.loads(run(capsys, *c, "actors", "--type", "person", "--json"))
    assert people["corpus"] and {a["type"] for a in people["corpus"]} == {"person"}
    assert [a["name"] for a in people["corpus"]] == [
        a["name"] for a in every["corpus"] if a["type"] == "person"
    ]
    for actors in people["articles"].values():
        assert {a["type"] for a in actors} <= {"person"}


def test_actor_corrections_are_readable_lines_and_json(
    seed_corpus: Path, capsys: pytest.CaptureFixture
) -> None:
    c = ("--corpus", str(seed_corpus))
    assert "no corrections" in run(capsys, *c, "actors", "corrections")
    assert main([*c, "actors", "merge", "KCNA", "Korean Central News Agency"]) == 0
    assert main([*c, "actors", "ignore", "NATO"]) == 0
    lines = run(capsys, *c, "actors", "corrections").splitlines()
    assert lines == [
        "1. merge 'KCNA' into 'Korean Central News Agency'",
        "2. ignore 'NATO'",
    ]
    assert json.loads(run(capsys, *c, "actors", "corrections", "--json")) == [
        {"op": "merge", "a": "KCNA", "b": "Korean Central News Agency"},
        {"op": "ignore", "a": "NATO"},
    ]
    capsys.readouterr()
    assert main([*c, "actors", "ignore", "Nobody Here At All"]) == 2
    assert capsys.readouterr().err.count("\n") == 1
