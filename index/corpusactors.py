"""The corpus's merged actors over the document store: each article's actors are read
and merged when asked for, and the cache file holds the corpus actors and the names that
changed, not every article's actors (index.actors.corpus.MergedArticles)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from index.actors import Actor
from index.actors.corpus import MergedArticles
from index.actors.model import CorpusActors
from index.store import DocStore


class StoredActors(Mapping[str, list[Actor]]):
    """Article id -> the actors extracted from it, read from the store when asked for."""

    def __init__(self, store: DocStore) -> None:
        self.store = store

    def __getitem__(self, doc_id: str) -> list[Actor]:
        found = self.store.actors_of(doc_id)
        if found is None:
            raise KeyError(doc_id)
        return [Actor.from_json(a) for a in found]

    def __iter__(self) -> Iterator[str]:
        return iter(self.store.ids())

    def many(self, ids: list[str]) -> dict[str, list[Actor]]:
        """The actors of each of ``ids`` that is an article (a query per 500, not per id)."""
        found = self.store.actors_of_many(ids)
        return {doc_id: [Actor.from_json(a) for a in actors] for doc_id, actors in found.items()}

    def __len__(self) -> int:
        return self.store.count()

    def items(self) -> Iterator[tuple[str, list[Actor]]]:  # type: ignore[override]
        for doc_id, actors in self.store.all_actors():
            yield doc_id, [Actor.from_json(a) for a in actors]


def compact(actors: CorpusActors) -> Any:
    """What the cache file keeps of ``actors`` (merged by :func:`merge_corpus` over a
    :class:`StoredActors`)."""
    articles = actors.articles
    assert isinstance(articles, MergedArticles)
    return actors.corpus, articles.canon, articles.hidden


def from_compact(value: Any, store: DocStore) -> CorpusActors | None:
    """The :class:`CorpusActors` a cache file's :func:`compact` value stands for, reading
    articles from ``store``; None when the value is not one."""
    try:
        corpus, canon, hidden = value
    except (TypeError, ValueError):
        return None
    if not (isinstance(corpus, list) and isinstance(canon, dict) and isinstance(hidden, set)):
        return None
    return CorpusActors(MergedArticles(StoredActors(store), canon, hidden), corpus)
