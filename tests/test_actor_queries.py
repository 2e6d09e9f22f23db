"""actor: queries, and the user's corrections applied without re-indexing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest

from index.api import Dossier, DossierDirs

from .conftest import SEEDS


def dossier(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tui.cli", *args], capture_output=True, text=True,
        env=dict(os.environ), timeout=120,
    )  # fmt: skip


def ids(query: str) -> set[str]:
    proc = dossier("search", query, "--json", "--limit", "50")
    assert proc.returncode == 0, proc.stderr
    return {h["id"][:3] for h in json.loads(proc.stdout)["hits"]}


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dossier]:
    # Module-scoped: it runs before the per-test DOSSIER_HOME is set, so it gets its own.
    home = tmp_path_factory.mktemp("actor-queries-home")
    d = Dossier.open(SEEDS, dirs=DossierDirs.from_env({"DOSSIER_HOME": str(home)}))
    d.update()
    yield d
    d.close()


@pytest.mark.parametrize(
    "query, expected",
    [
        ('actor:"Kim Jong-un"', {"000", "001", "002", "003", "004"}),
        ('actor:"Kim Jong Un"', {"000", "001", "002", "003", "004"}),  # transliteration
        ('actor:"Grigory Zinoviev"', {"003", "004"}),  # Georgiy / Grigory
        ("actor:Zinoviev", {"003", "004"}),  # surname
        ("actor:Pyongyang", {"000", "001", "002", "003", "004"}),  # metonym -> North Korea
        ("actor:KCNA", {"001", "002"}),  # abbreviation
        ('actor:"Kim Hong Gyun"', {"003", "004"}),
        ('actor:"Dmitry Peskov"', {"003"}),
        ('actor:"Nobody At All"', set()),
        ('actor:"Koo Byung-sam" AND russia', {"002"}),
        ("actor:NATO OR actor:KCNA", {"001", "002", "003"}),
    ],
)
def test_actor_queries(seeds: Dossier, query: str, expected: set[str]) -> None:
    result = seeds.search(query, limit=50)
    assert {h.id[:3] for h in result.hits} == expected
    assert result.total == len(expected)


def test_actor_query_spans_are_the_mentions(seeds: Dossier) -> None:
    hit = next(h for h in seeds.search('actor:"Georgiy Zinoviev"').hits if h.id.startswith("003"))
    text = seeds.article(hit.id).text
    assert sorted(text[s:e] for s, e in hit.spans) == ["Georgiy Zinoviev", "Zinoviev"]


def test_merge_is_followed_by_queries_and_undone() -> None:
    assert ids('actor:"Koo Byung-sam"') == {"002"}
    merged = dossier("actors", "merge", "Dmitry Peskov", "Koo Byung-sam")
    assert merged.returncode == 0, merged.stderr
    assert ids('actor:"Koo Byung-sam"') == {"002", "003"}
    assert ids('actor:"Dmitry Peskov"') == {"002", "003"}
    corpus = json.loads(dossier("actors", "--json").stdout)["corpus"]
    assert "Dmitry Peskov" not in {a["name"] for a in corpus}
    assert dossier("actors", "undo").returncode == 0
    assert ids('actor:"Koo Byung-sam"') == {"002"}
    assert ids('actor:"Dmitry Peskov"') == {"003"}
    assert dossier("actors", "undo").returncode == 2  # nothing left to undo


def test_rename_and_ignore() -> None:
    assert dossier("actors", "rename", "Dmitry Peskov", "Dmitri Peskov").returncode == 0
    corpus = {a["name"] for a in json.loads(dossier("actors", "--json").stdout)["corpus"]}
    assert "Dmitri Peskov" in corpus and "Dmitry Peskov" not in corpus
    assert ids('actor:"Dmitri Peskov"') == {"003"}
    assert dossier("actors", "ignore", "NATO").returncode == 0
    data = json.loads(dossier("actors", "--json").stdout)
    assert "NATO" not in {a["name"] for a in data["corpus"]}
    assert "NATO" not in {a["name"] for acts in data["articles"].values() for a in acts}


def test_correction_of_an_unknown_actor_is_a_usage_error() -> None:
    proc = dossier("actors", "merge", "Nobody At All", "NATO")
    assert proc.returncode == 2 and "no actor named" in proc.stderr


def test_aliases_live_in_the_data_dir_not_the_cache(dossier_home) -> None:
    assert dossier("actors", "ignore", "NATO").returncode == 0
    files = [p for p in dossier_home.rglob("*alias*") if p.is_file()]
    assert files and all(p.is_relative_to(dossier_home / "data") for p in files)


def test_actors_json_shape_for_one_doc() -> None:
    data = json.loads(dossier("actors", "--doc", "003_03c885aabdb3101b", "--json").stdout)
    assert list(data["articles"]) == ["003_03c885aabdb3101b"]
    show = json.loads(dossier("show", "003_03c885aabdb3101b", "--json").stdout)
    for actor in data["articles"]["003_03c885aabdb3101b"]:
        assert set(actor) >= {"name", "type", "aliases", "role", "mentions"}
        for s, e in actor["mentions"]:
            assert show["text"][s:e] in actor["aliases"]
    peskov = next(
        a for a in data["articles"]["003_03c885aabdb3101b"] if a["name"] == "Dmitry Peskov"
    )
    assert peskov["type"] == "person"
    for entry in data["corpus"]:
        assert set(entry) >= {"name", "type", "aliases", "articles", "mentions"}
