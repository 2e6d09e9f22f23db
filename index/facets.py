"""Facets over every hit of a query: by month, by source, by actor; actors that appear
together; and the per-document columns they are counted from.

The search engine gives the hits as a set of document numbers (``index.counting``);
this module counts them from columns indexed by document number, loaded once per
searcher (the index changes only on update) and dropped with it:

* ``day``: the article's date as ``YYYYMMDD`` (0 when undated), Whoosh's sortable
  ``sortdate`` column;
* ``source``: an ordinal into ``sources``, from the document store;
* ``actors``: the ordinals of the corpus actors an article names. Actor ``A`` is counted
  in an article exactly when ``actor:"A"`` matches it: the ordinals come from the same
  expansion (canonical name -> index keys of its members) the query uses, applied to the
  index's own ``actor`` postings.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from index.counting import posting_ids

if TYPE_CHECKING:
    from index.actors import CorpusActor, CorpusActors
    from index.store import DocStore

UNDATED = "undated"

__all__ = [
    "UNDATED",
    "ActorColumns",
    "ActorCount",
    "Cooccurrence",
    "DocColumns",
    "Facets",
    "count_actors",
    "facets",
]


@dataclass(frozen=True)
class ActorCount:
    name: str
    type: str
    articles: int

    def to_json(self) -> dict:
        return {"name": self.name, "type": self.type, "articles": self.articles}


@dataclass
class Facets:
    """Counts over all hits: months (``YYYY-MM`` and ``undated``, summing to ``total``),
    sources (articles without a source are not counted), actors by articles descending."""

    total: int
    month: dict[str, int] = field(default_factory=dict)
    source: dict[str, int] = field(default_factory=dict)
    actors: list[ActorCount] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "month": dict(self.month),
            "source": dict(self.source),
            "actors": [a.to_json() for a in self.actors],
        }


@dataclass
class Cooccurrence:
    """The actors that share articles with ``actor`` (within ``query`` when given)."""

    actor: ActorCount
    query: str | None
    with_: list[ActorCount] = field(default_factory=list)

    def to_json(self) -> dict:
        out: dict = {"actor": self.actor.to_json(), "with": [a.to_json() for a in self.with_]}
        if self.query is not None:
            out["query"] = self.query
        return out


class DocColumns:
    """Per-document columns of one searcher (document number -> value)."""

    def __init__(self, ids: list[str], day: array, source: array, sources: list[str]) -> None:
        self.ids = ids  # "" for a deleted document number
        self.day = day
        self.source = source  # index into sources; 0 = no source
        self.sources = sources  # sources[0] is None's stand-in ""

    @classmethod
    def build(cls, searcher: Any, store: DocStore) -> DocColumns:
        reader = searcher.reader()
        size = reader.doc_count_all()
        ids = [""] * size
        for n, fields in _stored_ids(reader):
            ids[n] = fields
        day = array("I", bytes(4 * size))
        if reader.has_column("sortdate"):
            col = reader.column_reader("sortdate")
            for n in range(size):
                day[n] = col[n] or 0
        by_id = store.sources()
        names: dict[str, int] = {"": 0}
        source = array("I", bytes(4 * size))
        for n, doc_id in enumerate(ids):
            name = by_id.get(doc_id) or ""
            if name:
                source[n] = names.setdefault(name, len(names))
        return cls(ids, day, source, list(names))

    def months(self, docnums: Iterable[int]) -> dict[str, int]:
        """Hits per ``YYYY-MM`` (ascending), then ``undated``."""
        day = self.day
        counts = Counter(day[n] // 100 for n in docnums)
        out = {f"{m // 100:04d}-{m % 100:02d}": c for m, c in sorted(counts.items()) if m}
        out[UNDATED] = counts.get(0, 0)
        return out

    def sources_of(self, docnums: Iterable[int]) -> dict[str, int]:
        """Hits per source, most first (then by name)."""
        src = self.source
        counts = Counter(src[n] for n in docnums)
        counts.pop(0, None)
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], self.sources[kv[0]]))
        return {self.sources[k]: c for k, c in ranked}


class ActorColumns:
    """Document number -> ordinals of the corpus actors whose ``actor:`` query matches it."""

    def __init__(self, actors: list[CorpusActor], by_doc: list[tuple[int, ...]]) -> None:
        self.actors = actors
        self.by_doc = by_doc

    @classmethod
    def build(
        cls,
        searcher: Any,
        corpus: CorpusActors,
        expansions: dict[str, tuple[str, ...]],
    ) -> ActorColumns:
        """``expansions``: lookup key -> the index keys ``actor:"name"`` searches."""
        from index.actors import actor_key

        owners: dict[str, list[int]] = {}
        for i, ca in enumerate(corpus.corpus):
            if corpus.find(ca.name) is not ca:
                continue  # its name's key designates another actor: actor:"name" finds that one
            name_key = actor_key(ca.name)
            for key in expansions.get(name_key, (name_key,)):
                owners.setdefault(key, []).append(i)
        size = searcher.reader().doc_count_all()
        found: list[set[int] | None] = [None] * size
        for sub, offset in searcher.leaf_searchers():
            reader = sub.reader()
            if "actor" not in reader.schema:
                continue
            for btext in reader.lexicon("actor"):
                ords = owners.get(btext.decode("utf-8"))
                if not ords:
                    continue
                for n in posting_ids(reader.postings("actor", btext)):
                    slot = found[offset + n]
                    if slot is None:
                        found[offset + n] = set(ords)
                    else:
                        slot.update(ords)
        by_doc = [tuple(s) if s else () for s in found]
        return cls(list(corpus.corpus), by_doc)

    def ordinal(self, corpus: CorpusActors, name: str) -> int | None:
        """The ordinal of the corpus actor ``name`` designates (as ``actor:"name"`` does)."""
        ca = corpus.find(name)
        if ca is None:
            return None
        for i, other in enumerate(self.actors):
            if other is ca:
                return i
        return None

    def docs_of(self, ordinal: int, within: Sequence[int] | None = None) -> list[int]:
        by_doc = self.by_doc
        candidates = range(len(by_doc)) if within is None else within
        return [n for n in candidates if ordinal in by_doc[n]]


def count_actors(
    columns: ActorColumns, docnums: Iterable[int], exclude: int | None = None
) -> list[ActorCount]:
    """How many of ``docnums`` each actor appears in, most first (then by name)."""
    by_doc = columns.by_doc
    counts: Counter[int] = Counter()
    for n in docnums:
        counts.update(by_doc[n])
    if exclude is not None:
        counts.pop(exclude, None)
    actors = columns.actors
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], actors[kv[0]].name))
    return [ActorCount(actors[i].name, actors[i].type, c) for i, c in ranked]


def facets(docs: DocColumns, actors: ActorColumns | None, docnums: Sequence[int]) -> Facets:
    return Facets(
        total=len(docnums),
        month=docs.months(docnums),
        source=docs.sources_of(docnums),
        actors=count_actors(actors, docnums) if actors is not None else [],
    )


def _stored_ids(reader: Any) -> Iterable[tuple[int, str]]:
    for n in reader.all_doc_ids():
        yield n, reader.stored_fields(n)["id"]
