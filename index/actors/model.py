"""The actor records: one actor of one article, and one actor of the whole corpus."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from index.actors.keys import actor_key

__all__ = ["ACTOR_TYPES", "Actor", "CorpusActor", "CorpusActors", "Extractor"]

ACTOR_TYPES = ("person", "country/government", "organisation", "media")


@dataclass
class Actor:
    """One actor within one article; ``mentions`` are offsets into the article text."""

    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    role: str | None = None
    mentions: list[tuple[int, int]] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            "role": self.role,
            "mentions": [[s, e] for s, e in self.mentions],
        }

    @classmethod
    def from_json(cls, d: dict) -> Actor:
        return cls(
            name=d["name"],
            type=d["type"],
            aliases=list(d.get("aliases") or []),
            role=d.get("role"),
            mentions=[(int(s), int(e)) for s, e in d.get("mentions") or []],
        )


class Extractor(Protocol):
    def extract(self, title: str, text: str, date: str | None = None) -> list[Actor]:
        """``date`` (ISO, the article's) lets country names follow their era."""
        ...


@dataclass
class CorpusActor:
    """One actor across the corpus."""

    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    articles: int = 0
    mentions: int = 0
    members: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            "articles": self.articles,
            "mentions": self.mentions,
            "members": list(self.members),
        }


@dataclass
class CorpusActors:
    articles: Mapping[str, list[Actor]]  # article id -> its actors (merged when asked for)
    corpus: list[CorpusActor]
    _index: dict[str, CorpusActor] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self._index:
            # Canonical names win over members, members over aliases.
            for attr in ("aliases", "members", "name"):
                for ca in self.corpus:
                    values = [ca.name] if attr == "name" else getattr(ca, attr)
                    for v in values:
                        self._index[actor_key(v)] = ca

    def of_articles(self, ids: list[str]) -> dict[str, list[Actor]]:
        """The actors of each of ``ids`` that is an article, read together."""
        many = getattr(self.articles, "many", None)
        if many is not None:
            return many(ids)
        return {i: self.articles[i] for i in ids if i in self.articles}

    def find(self, name: str) -> CorpusActor | None:
        """The corpus actor whose canonical name, member name or alias has ``name``'s key."""
        return self._index.get(actor_key(name))

    def to_json(self, doc: str | None = None) -> dict:
        arts = self.articles if doc is None else {doc: self.articles.get(doc, [])}
        return {
            "articles": {aid: [a.to_json() for a in actors] for aid, actors in arts.items()},
            "corpus": [
                {k: v for k, v in ca.to_json().items() if k != "members"} for ca in self.corpus
            ],
        }
