"""CLI contracts of the analyst views, run as real processes on a generated archive:
``search --facets --json``, ``actors --with``, ``timeline``, ``saved``; exact JSON shapes
and exit codes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from index.api import Dossier

DOSSIER = shutil.which("dossier") or ""
Run = Callable[..., subprocess.CompletedProcess]


@pytest.fixture(scope="module")
def index_dir(news_archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The archive's index, built once; the commands use it with --no-update."""
    path = tmp_path_factory.mktemp("views-index")
    d = Dossier.open(news_archive, index_dir=path)
    d.update()
    d.actors()
    d.close()
    return path


@pytest.fixture
def cli(news_archive: Path, index_dir: Path) -> Run:
    def run(*args: str) -> subprocess.CompletedProcess:
        cmd = [DOSSIER] if DOSSIER else [sys.executable, "-m", "tui.cli"]
        cmd += ["--corpus", str(news_archive), "--index", str(index_dir), "--no-update"]
        return subprocess.run(
            cmd + list(args), capture_output=True, text=True, env=dict(os.environ), timeout=120
        )

    return run


def _json(proc: subprocess.CompletedProcess) -> object:
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return json.loads(proc.stdout)


def test_search_facets_json_shape(cli: Run) -> None:
    data = _json(cli("search", "oil", "--facets", "--json", "--limit", "3"))
    assert set(data) >= {"query", "total", "hits", "facets"} and len(data["hits"]) == 3
    facets = data["facets"]
    assert set(facets) == {"month", "source", "actors"}
    assert sum(facets["month"].values()) == data["total"] > 1000
    assert all(len(m) == 7 and m[4] == "-" for m in facets["month"] if m != "undated")
    assert "undated" in facets["month"]
    assert all(isinstance(n, int) for n in facets["source"].values())
    actors = facets["actors"]
    assert actors and all(set(a) == {"name", "type", "articles"} for a in actors)
    assert [a["articles"] for a in actors] == sorted((a["articles"] for a in actors), reverse=True)
    plain = _json(cli("search", "oil", "--json", "--limit", "3"))
    assert "facets" not in plain  # only when asked


def test_actors_with_json_equals_the_pair_query(cli: Run) -> None:
    data = _json(cli("actors", "--with", "James Baker", "--query", "oil", "--json"))
    assert set(data) >= {"actor", "with"}
    assert data["actor"]["name"] == "James Baker" and data["actor"]["type"] == "person"
    assert data["with"] and all(set(a) == {"name", "type", "articles"} for a in data["with"])
    other = data["with"][0]
    pair = f'actor:"James Baker" actor:"{other["name"]}" oil'
    assert _json(cli("search", pair, "--json", "--limit", "0"))["total"] == other["articles"]
    everywhere = _json(cli("actors", "--with", "James Baker", "--json"))
    assert everywhere["actor"]["articles"] > data["actor"]["articles"]


def test_actors_with_errors_exit_2(cli: Run) -> None:
    for args in (
        ("actors", "--with", "Nobody Anywhere", "--json"),
        ("actors", "--query", "oil"),
        ("actors", "--with", "James Baker", "--query", "oil AND ("),
        ("search", "oil AND (", "--facets", "--json"),
    ):
        proc = cli(*args)
        assert proc.returncode == 2, args
        assert proc.stderr.startswith("dossier: ") and proc.stderr.count("\n") == 1
        assert proc.stdout == ""


def test_timeline_json(cli: Run) -> None:
    data = _json(cli("timeline", "oil", "--json"))
    assert set(data) == {"query", "total", "unit", "bins", "undated", "busiest"}
    assert data["unit"] == "month"
    assert sum(b["count"] for b in data["bins"]) + data["undated"] == data["total"]
    assert set(data["bins"][0]) == {"label", "start", "end", "count"}
    assert data["busiest"] in {b["label"] for b in data["bins"]}
    text = cli("timeline", "oil")
    assert text.returncode == 0 and "busiest month" in text.stdout


def test_saved_commands_contract(cli: Run) -> None:
    assert _json(cli("saved", "list", "--json")) == []
    assert cli("saved", "add", "oil watch", "oil").returncode == 0
    total = _json(cli("search", "oil", "--json", "--limit", "0"))["total"]
    rows = _json(cli("saved", "list", "--json"))
    assert rows == [{"name": "oil watch", "query": "oil", "total": total, "new": 0}]
    shown = _json(cli("saved", "show", "oil watch", "--json", "--limit", "2"))
    assert {k: shown[k] for k in ("name", "query", "total", "new")} == rows[0]
    assert len(shown["hits"]) == 2 and all(h["new"] is False for h in shown["hits"])
    assert shown["sort"] == "date"
    for args, code in (
        (("saved", "add", "oil watch", "crude"), 2),  # exists
        (("saved", "add", "bad", "oil AND ("), 2),
        (("saved", "add", " ", "oil"), 2),
        (("saved", "show", "nope"), 2),
        (("saved", "remove", "nope"), 2),
    ):
        proc = cli(*args)
        assert proc.returncode == code, (args, proc.stderr)
        assert proc.stderr.startswith("dossier: ") and "Traceback" not in proc.stderr
    assert cli("saved", "remove", "oil watch").returncode == 0
    assert _json(cli("saved", "list", "--json")) == []


def test_search_sort_oldest_puts_undated_last(cli: Run) -> None:
    data = _json(cli("search", "oil", "--sort", "oldest", "--json", "--limit", "5000"))
    dates = [h["date"] for h in data["hits"]]
    assert len(dates) == data["total"] and None in dates
    dated = [d for d in dates if d is not None]
    assert dates == dated + [None] * (len(dates) - len(dated))  # undated last
    assert dated == sorted(dated)
    newest = _json(cli("search", "oil", "--sort", "date", "--json", "--limit", "1"))
    assert newest["hits"][0]["date"] == dated[-1]
