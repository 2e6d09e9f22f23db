"""The corpus's merged actors over the document store (index.corpusactors): the same as
merging every article's actors held in memory, from the cache file too, which keeps the
corpus actors and the renamed names, not every article's actors."""

from __future__ import annotations

import pickle
from pathlib import Path

from index.actors import Actor, merge_corpus
from index.actors.corpus import MergedArticles
from index.api import Dossier


def _held_in_memory(d: Dossier) -> dict:
    per_article = {
        doc_id: [Actor.from_json(a) for a in actors]
        for doc_id, actors in d._index.store.all_actors()
    }
    return merge_corpus(per_article, d.alias_table()).to_json()


def test_merged_over_the_store_as_in_memory_and_from_the_cache(
    news_archive: Path, tmp_path: Path
) -> None:
    d = Dossier.open(news_archive, index_dir=tmp_path / "ix")
    d.update()
    expected = _held_in_memory(d)
    fresh = d.actors()
    assert isinstance(fresh.articles, MergedArticles)
    assert fresh.to_json() == expected
    some = sorted(expected["articles"])[::97]
    assert {doc: [a.to_json() for a in fresh.articles[doc]] for doc in some} == {
        doc: expected["articles"][doc] for doc in some
    }
    assert fresh.articles.get("no such article", []) == []
    d.close()

    cache = tmp_path / "ix" / "corpus_actors.v2.pickle"
    _stamp, kept = pickle.loads(cache.read_bytes())
    corpus, renamed, _hidden = kept  # no article's actors in the file
    assert len(corpus) == len(expected["corpus"]) and isinstance(renamed, dict)
    assert all(node != name for node, name in renamed.items())

    d = Dossier.open(news_archive, index_dir=tmp_path / "ix")
    cached = d.actors()
    assert cached.to_json() == expected
    assert cached.to_json(some[0]) == {
        "articles": {some[0]: expected["articles"][some[0]]},
        "corpus": expected["corpus"],
    }
    d.close()


def test_a_correction_renames_an_article_s_actors(news_archive: Path, tmp_path: Path) -> None:
    from index.api import Session

    s = Session.open(news_archive, index_dir=tmp_path / "ix")
    s.dossier.update()
    top = s.actors().corpus[0]
    s.correct("rename", top.name, "Renamed Actor")
    after = s.actors()
    assert after.find("Renamed Actor") is not None
    doc = next(aid for aid, actors in after.articles.items() if actors)
    names = [a.name for aid, actors in after.articles.items() for a in actors]
    assert "Renamed Actor" in names and top.name not in names
    assert after.to_json() == _held_in_memory(s.dossier)
    assert doc
    s.dossier.close()


def test_a_result_page_s_actors_are_read_together(news_archive: Path, tmp_path: Path) -> None:
    d = Dossier.open(news_archive, index_dir=tmp_path / "ix")
    d.update()
    actors = d.actors()
    ids = [*sorted(d._index.store.ids())[:700], "no such article"]
    queries: list[str] = []
    d._index.store._db.set_trace_callback(queries.append)
    together = actors.of_articles(ids)
    d._index.store._db.set_trace_callback(None)
    assert len(queries) == 2  # 701 ids: two of 500 at most, not one per article
    assert together == {i: actors.articles[i] for i in ids[:700]}
    d.close()
