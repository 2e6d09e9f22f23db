"""The analyst's views of one corpus: facets, co-occurrence, timeline, matching ids.

Each evaluates the query once as a set of document numbers (``Searcher.over_hits``) and
counts from per-document columns (:mod:`index.facets`) cached for that Whoosh searcher:
built on first use after an update, reused until the next one.
"""

from __future__ import annotations

import contextlib
import pickle
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from index.atomic import write_atomically
from index.facets import ActorColumns, ActorCount, Cooccurrence, DocColumns, Facets, facets
from index.facets import count_actors as _count_actors
from index.timeline import Timeline, timeline

if TYPE_CHECKING:
    from index.actors import CorpusActors
    from index.search import Searcher
    from index.store import DocStore

__all__ = ["ActorNotFound", "AnalystViews"]


class ActorNotFound(LookupError):
    """No actor of the corpus has that name (one-line message)."""


class AnalystViews:
    def __init__(
        self,
        searcher: Searcher,
        store: DocStore,
        actors: Callable[[], CorpusActors],
        expansions: Callable[[], dict[str, tuple[str, ...]]],
        cache_dir: Path | None = None,
        actors_stamp: Callable[[], str] | None = None,
    ) -> None:
        self._searcher = searcher
        self._store = store
        self._actors = actors
        self._expansions = expansions
        self._cache_dir = cache_dir
        self._actors_stamp = actors_stamp or (lambda: "")
        self._lock = threading.Lock()
        self._docs: tuple[Any, DocColumns] | None = None
        self._actor_cols: tuple[Any, Any, ActorColumns] | None = None

    # -- cached columns (called under the searcher's lock, with its Whoosh searcher) ----
    # Also kept on disk (index dir), keyed by the Whoosh generation: document numbers
    # stay the same until the next commit, so a new process (each CLI call) reads them
    # in tens of ms instead of building them (~1 s at 19K articles).
    def _doc_columns(self, s: Any) -> DocColumns:
        with self._lock:
            if self._docs is None or self._docs[0] is not s:
                stamp = f"docs:{s.reader().generation()}:{s.doc_count_all()}"
                cols = self._load("facet_docs.pickle", stamp)
                if not isinstance(cols, DocColumns):
                    cols = DocColumns.build(s, self._store)
                    self._save("facet_docs.pickle", stamp, cols)
                self._docs = (s, cols)
            return self._docs[1]

    def _actor_columns(self, s: Any, corpus: CorpusActors) -> ActorColumns:
        with self._lock:
            cached = self._actor_cols
            if cached is None or cached[0] is not s or cached[1] is not corpus:
                stamp = f"actors:{s.reader().generation()}:{self._actors_stamp()}"
                by_doc = self._load("facet_actors.pickle", stamp)
                if isinstance(by_doc, list) and len(by_doc) == s.doc_count_all():
                    cols = ActorColumns(list(corpus.corpus), by_doc)
                else:
                    cols = ActorColumns.build(s, corpus, self._expansions())
                    self._save("facet_actors.pickle", stamp, cols.by_doc)
                cached = self._actor_cols = (s, corpus, cols)
            return cached[2]

    def _load(self, name: str, stamp: str) -> Any:
        if self._cache_dir is None:
            return None
        try:
            with (self._cache_dir / name).open("rb") as f:
                cached_stamp, value = pickle.load(f)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
            return None  # derived data: rebuilt
        return value if cached_stamp == stamp else None

    def _save(self, name: str, stamp: str, value: object) -> None:
        if self._cache_dir is None:
            return
        data = pickle.dumps((stamp, value), protocol=pickle.HIGHEST_PROTOCOL)
        with contextlib.suppress(OSError):  # a read-only cache only costs time
            write_atomically(self._cache_dir / name, data, durable=False)

    # -- views ------------------------------------------------------------------------
    def facets(self, query: str, with_actors: bool = True, prefix: bool = False) -> Facets:
        """Months, sources and (unless told not to) actors over every hit of ``query``."""
        corpus = self._actors() if with_actors else None  # before the lock: may take seconds

        def count(s: Any, docnums: list[int]) -> Facets:
            cols = self._actor_columns(s, corpus) if corpus is not None else None
            return facets(self._doc_columns(s), cols, docnums)

        return self._searcher.over_hits(query, count, prefix)

    def cooccurrence(self, name: str, query: str | None = None) -> Cooccurrence:
        """The actors sharing articles with ``name`` (within ``query``), most shared first.

        Each count equals the total of ``actor:"name" actor:"other"`` (AND ``query``).
        Raises :class:`ActorNotFound`.
        """
        corpus = self._actors()
        target = corpus.find(name)
        if target is None:
            raise ActorNotFound(f"no actor named '{name}' (see `dossier actors`)")

        def count(s: Any, docnums: list[int]) -> Cooccurrence:
            cols = self._actor_columns(s, corpus)
            ordinal = cols.ordinal(corpus, name)
            shared = cols.docs_of(ordinal, docnums) if ordinal is not None else []
            others = _count_actors(cols, shared, exclude=ordinal)
            return Cooccurrence(ActorCount(target.name, target.type, len(shared)), query, others)

        return self._searcher.over_hits(query or "", count)

    def timeline(self, query: str, unit: str | None = None, prefix: bool = False) -> Timeline:
        def bins(s: Any, docnums: list[int]) -> Timeline:
            day = self._doc_columns(s).day
            return timeline((day[n] for n in docnums), unit)

        return self._searcher.over_hits(query, bins, prefix)

    def matching_ids(self, query: str) -> set[str]:
        """The ids of every article ``query`` matches."""

        def ids(s: Any, docnums: list[int]) -> set[str]:
            col = self._doc_columns(s).ids
            return {col[n] for n in docnums}

        return self._searcher.over_hits(query, ids)
