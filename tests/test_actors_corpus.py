"""Corpus merge, the user's alias table, and the score on the seed articles."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import pytest

from index.actors import (
    Actor,
    AliasTable,
    AliasTableError,
    CorpusActors,
    default_extractor,
    merge_corpus,
)

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold" / "seeds_actors.json"
SCORER = ROOT / "tests" / "gold" / "score_actors.py"


def _corpus() -> dict[str, list[Actor]]:
    ex = default_extractor()
    return {
        "a": ex.extract("", "Russian President Vladimir Putin met Kim Jong-un. Putin smiled."),
        "b": ex.extract("", "Putin said Moscow would act. Dmitry Peskov agreed."),
        "c": ex.extract("", "Kim Jong Un and Vladimir Putin signed a treaty with Texaco Inc."),
    }


def test_merge_corpus_counts_and_members() -> None:
    corpus = merge_corpus(_corpus())
    putin = corpus.find("Putin")
    assert putin.name == "Vladimir Putin" and putin.articles == 3
    assert set(putin.members) == {"Vladimir Putin", "Putin"}
    kim = corpus.find("kim jong un")
    assert kim.articles == 2 and set(kim.members) == {"Kim Jong-un", "Kim Jong Un"}
    # article-level names are canonicalised corpus-wide
    assert next(a.name for a in corpus.articles["b"] if a.type == "person") == "Vladimir Putin"
    arts = [c.articles for c in corpus.corpus]
    assert arts == sorted(arts, reverse=True)


def test_corpus_to_json_shape() -> None:
    corpus = merge_corpus(_corpus())
    d = corpus.to_json()
    assert set(d) == {"articles", "corpus"}
    a = d["articles"]["a"][0]
    assert set(a) == {"name", "type", "aliases", "role", "mentions"}
    assert set(d["corpus"][0]) == {"name", "type", "aliases", "articles", "mentions"}
    assert list(corpus.to_json(doc="b")["articles"]) == ["b"]
    json.dumps(d)


def test_alias_table_merge_rename_ignore_undo(tmp_path: Path) -> None:
    path = tmp_path / "user" / "aliases.json"
    table = AliasTable.load(path)  # missing file = empty table
    assert table.entries() == []
    table.merge("Dmitry Peskov", "Vladimir Putin")
    c = merge_corpus(_corpus(), table)
    assert c.find("Dmitry Peskov").name == "Vladimir Putin"
    table.rename("Putin", "V. V. Putin")
    c = merge_corpus(_corpus(), table)
    assert c.find("Vladimir Putin").name == "V. V. Putin"
    assert "Vladimir Putin" in c.find("V. V. Putin").members
    table.ignore("Texaco")
    c = merge_corpus(_corpus(), table)
    assert c.find("Texaco Inc") is None
    assert all(a.name != "Texaco" for a in c.articles["c"])
    assert table.undo() is not None
    assert merge_corpus(_corpus(), table).find("Texaco Inc") is not None
    table.save()
    again = AliasTable.load(path)
    assert again.entries() == table.entries() and len(again.entries()) == 2
    assert again.undo() and again.undo() and again.undo() is None


def test_alias_table_atomic_save(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "aliases.json"
    table = AliasTable.load(path)
    table.ignore("Texaco")
    table.save()
    before = path.read_bytes()
    table.merge("Putin", "Kim Jong-un")

    def boom(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        table.save()
    assert path.read_bytes() == before  # the old file is intact
    assert [p.name for p in tmp_path.iterdir()] == ["aliases.json"]  # no temp file left


def test_alias_table_corrupt_file(tmp_path: Path) -> None:
    path = tmp_path / "aliases.json"
    path.write_text("{not json")
    with pytest.raises(AliasTableError, match="corrupt"):
        AliasTable.load(path)
    path.write_text('{"version": 1, "ops": [{"op": "explode", "a": "x"}]}')
    with pytest.raises(AliasTableError):
        AliasTable.load(path)


def test_find_by_alias() -> None:
    corpus: CorpusActors = merge_corpus(_corpus())
    assert corpus.find("Moscow").name == "Russia"
    assert corpus.find("nobody at all") is None


def _seed_predictions() -> dict:
    from index.articles import read_article

    ex = default_extractor()
    per = {}
    for p in sorted((ROOT / "seeds").glob("*.txt")):
        art = read_article(p, ROOT / "seeds")
        per[art.id] = ex.extract(art.title, art.text)
    return merge_corpus(per).to_json()


def test_seed_score() -> None:
    spec = importlib.util.spec_from_file_location("score_actors", SCORER)
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    res = scorer.score(gold, _seed_predictions())
    assert res["micro"]["f1"] == 1.0, res["micro"]
    assert res["typed_micro"]["f1"] >= 0.90
    assert res["fp_kinds"].get("boilerplate", 0) == 0


def test_seed_mentions_are_exact() -> None:
    from index.articles import read_article

    pred = _seed_predictions()
    for p in sorted((ROOT / "seeds").glob("*.txt")):
        art = read_article(p, ROOT / "seeds")
        for a in pred["articles"][art.id]:
            for s, e in a["mentions"]:
                assert art.text[s:e] in a["aliases"]
