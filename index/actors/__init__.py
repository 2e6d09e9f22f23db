"""Actors of an article (people, governments, organisations, media) and of the corpus.

    from index.actors import default_extractor, merge_corpus
    actors = default_extractor().extract(article.title, article.text)   # list[Actor]
    corpus = merge_corpus({article.id: actors, ...}, AliasTable.load(path))

The extractor is rule-based (gazetteers under ``data/`` loaded on first use); any object
with ``extract(title, text) -> list[Actor]`` can replace it (see :class:`Extractor`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from index.actors.keys import actor_key
from index.actors.model import ACTOR_TYPES, Actor, CorpusActor, CorpusActors, Extractor

if TYPE_CHECKING:
    from index.actors.aliases import AliasEntry, AliasTable, AliasTableError

__all__ = [
    "ACTOR_TYPES",
    "EXTRACTOR_VERSION",
    "Actor",
    "AliasEntry",
    "AliasTable",
    "AliasTableError",
    "CorpusActor",
    "CorpusActors",
    "Extractor",
    "actor_key",
    "default_extractor",
    "merge_corpus",
]


# Bumped whenever the default extractor's output changes: an index whose stored actors came
# from another version should re-extract them (the index side decides when; see the report).
EXTRACTOR_VERSION = 3


def default_extractor() -> Extractor:
    """The rule-based extractor (cheap: the data files are loaded once, on first extract)."""
    from index.actors.rules import RuleExtractor

    return RuleExtractor()


def merge_corpus(
    per_article: Mapping[str, list[Actor]], aliases: AliasTable | None = None
) -> CorpusActors:
    from index.actors.corpus import merge_corpus as _merge

    return _merge(per_article, aliases)


def __getattr__(name: str) -> Any:
    if name in ("AliasTable", "AliasTableError", "AliasEntry"):
        from index.actors import aliases

        return getattr(aliases, name)
    raise AttributeError(name)
