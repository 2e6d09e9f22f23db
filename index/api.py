"""The typed API that the command line and the app use. Nothing here imports Textual.

d = Dossier.open(corpus_dir)          # opens (or rebuilds) the corpus's index
report = d.update(progress=cb)        # incremental: only changed files are re-read
result = d.search('"Article 4"')      # SearchResult: total + ranked hits with spans
article = d.article(result.hits[0].id)
spans = d.match_spans(article.id, '"Article 4"')
actors = d.actors()                   # CorpusActors: per article and corpus-wide
"""

from __future__ import annotations

import hashlib
import os
import pickle
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from index.annotations import export_bookmarks
from index.articles import Article
from index.engine import CorpusIndex, CorpusMissing, IndexBusy, UpdateReport
from index.facets import ActorCount, Cooccurrence, Facets
from index.paths import DossierDirs, bundled_seeds
from index.query import QueryError
from index.querytext import filter_term, has_filter, toggle_filter
from index.saved import (
    SavedExists,
    SavedNotFound,
    SavedSearchError,
    SavedSearches,
    SavedStatus,
)
from index.search import MatchSpans, Searcher, SearchResult
from index.timeline import Bin, Timeline, date_range_of, set_date_range
from index.views import ActorNotFound, AnalystViews

if TYPE_CHECKING:
    from index.actors import AliasTable, CorpusActors

__all__ = [
    "ActorCount",
    "ActorNotFound",
    "Article",
    "Bin",
    "Cooccurrence",
    "CorpusMissing",
    "Dossier",
    "Facets",
    "IndexBusy",
    "MatchSpans",
    "QueryError",
    "SavedExists",
    "SavedNotFound",
    "SavedSearchError",
    "SavedStatus",
    "SearchResult",
    "Timeline",
    "UpdateReport",
    "date_range_of",
    "default_corpus",
    "export_bookmarks",
    "filter_term",
    "has_filter",
    "set_date_range",
    "toggle_filter",
]


def default_corpus() -> Path:
    return bundled_seeds()


class Dossier:
    """One corpus, its index, its actors, for one process."""

    def __init__(self, corpus: Path, index: CorpusIndex, dirs: DossierDirs) -> None:
        self.corpus = corpus
        self.dirs = dirs
        self._index = index
        self._searcher = Searcher(index, self._expand_actor)
        self._actors: CorpusActors | None = None
        self._expansions: dict[str, tuple[str, ...]] | None = None
        self._actors_lock = threading.Lock()
        self._views = AnalystViews(self._searcher, index.store, self.actors, self._expand_actor)

    @classmethod
    def open(
        cls,
        corpus: Path | None = None,
        dirs: DossierDirs | None = None,
        index_dir: Path | None = None,
        notice: Callable[[str], None] | None = None,
    ) -> Dossier:
        dirs = dirs or DossierDirs.from_env()
        corpus = (corpus or default_corpus()).expanduser().resolve()
        if not corpus.is_dir():
            raise CorpusMissing(f"corpus folder not found: {corpus}")
        index = CorpusIndex(corpus, index_dir or dirs.index_dir_for(corpus), notice)
        return cls(corpus, index, dirs)

    @property
    def index_dir(self) -> Path:
        return self._index.dir

    def close(self) -> None:
        self._searcher.close()
        self._index.close()

    # -- index -------------------------------------------------------------------
    def update(self, progress: Callable[[int, int], None] | None = None) -> UpdateReport:
        report = self._index.update(progress=progress)
        self._searcher.refresh()  # also picks up a commit made by another process
        if report.changed:
            with self._actors_lock:
                self._actors = None
                self._expansions = None
        return report

    def count(self) -> int:
        return self._index.store.count()

    def should_update(self, check_corpus: bool) -> bool:
        """Whether to update before use: when asked to check the corpus, or when the
        index has never been built (``--no-update`` still builds a missing index)."""
        return check_corpus or self._index.generation() == 0

    def article_ids(self) -> list[str]:
        return self._index.store.ids()

    # -- reading -----------------------------------------------------------------
    def article(self, doc_id: str) -> Article | None:
        return self._index.store.article(doc_id)

    def search(self, query: str, limit: int = 20, sort: str = "relevance") -> SearchResult:
        """Raises QueryError (one-line message) for a malformed query.

        A query with no hits gets a "did you mean" (``SearchResult.suggestion``).
        """
        return self._searcher.search(query, limit=limit, sort=sort)

    def match_spans(self, doc_id: str, query: str) -> MatchSpans:
        return self._searcher.match_spans(doc_id, query)

    # -- analyst views (over every hit, not one page) -------------------------------
    def facets(self, query: str, with_actors: bool = True) -> Facets:
        """Hits of ``query`` by month, source and actor. Raises QueryError."""
        return self._views.facets(query, with_actors)

    def cooccurrence(self, name: str, query: str | None = None) -> Cooccurrence:
        """Actors sharing articles with ``name``, within ``query`` when given.
        Raises ActorNotFound, QueryError."""
        return self._views.cooccurrence(name, query)

    def timeline(self, query: str, unit: str | None = None) -> Timeline:
        """Hits of ``query`` by month, week or day (``unit``; by the span when None)."""
        return self._views.timeline(query, unit)

    def matching_ids(self, query: str) -> set[str]:
        return self._views.matching_ids(query)

    # -- saved searches (user data, this corpus's only) --------------------------------
    def _saved(self) -> SavedSearches:
        return SavedSearches(self.dirs.saved_db, str(self.corpus))

    def saved_searches(self) -> list[SavedStatus]:
        """Each saved search with its total now and how many articles are new since it
        was last opened. Raises SavedSearchError; a saved query that no longer parses
        counts 0."""
        store = self._saved()
        try:
            out = []
            for saved in store.all():
                try:
                    ids = self.matching_ids(saved.query)
                except QueryError:
                    ids = set()
                out.append(SavedStatus(saved.name, saved.query, len(ids), len(ids - saved.seen)))
            return out
        finally:
            store.close()

    def save_search(self, name: str, query: str, replace: bool = False) -> SavedStatus:
        """Save ``query`` as ``name``; what it matches now counts as seen.
        Raises QueryError, ValueError (bad name), SavedExists, SavedSearchError."""
        ids = self.matching_ids(query)
        store = self._saved()
        try:
            saved = store.add(name, query, ids, replace=replace)
        finally:
            store.close()
        return SavedStatus(saved.name, saved.query, len(ids), 0)

    def open_saved(self, name: str) -> SavedStatus:
        """The saved search ``name`` with its counts (and the ids of its new articles)
        before opening; marks its articles seen. Raises SavedNotFound, QueryError, SavedSearchError."""
        store = self._saved()
        try:
            saved = store.get(name)
            ids = self.matching_ids(saved.query)
            store.mark_seen(saved.name, ids)
        finally:
            store.close()
        new = frozenset(ids - saved.seen)
        return SavedStatus(saved.name, saved.query, len(ids), len(new), new)

    def remove_saved(self, name: str) -> None:
        store = self._saved()
        try:
            store.remove(name)
        finally:
            store.close()

    # -- actors ------------------------------------------------------------------
    def alias_table(self) -> AliasTable:
        from index.actors import AliasTable

        return AliasTable.load(self.dirs.aliases_file)

    def actors(self) -> CorpusActors:
        """The corpus's actors, merged across articles, with the user's corrections applied.

        Merging a large corpus takes seconds, so the result is cached in the index
        dir, keyed by the index generation and the alias table's contents.
        """
        with self._actors_lock:
            if self._actors is None:
                self._actors = self._load_actors()
            return self._actors

    def _actors_stamp(self) -> str:
        aliases_file = self.dirs.aliases_file
        alias_bytes = aliases_file.read_bytes() if aliases_file.exists() else b""
        return f"{self._index.generation()}:{hashlib.blake2b(alias_bytes).hexdigest()}"

    def _load_actors(self) -> CorpusActors:
        from index.actors import Actor, merge_corpus

        stamp = self._actors_stamp()
        cache = self._index.dir / "corpus_actors.pickle"
        actors = _read_cache(cache, stamp)
        if actors is not None:
            return actors
        per_article = {
            doc_id: [Actor.from_json(a) for a in actors]
            for doc_id, actors in self._index.store.all_actors()
        }
        actors = merge_corpus(per_article, self.alias_table())
        _write_cache(cache, stamp, actors)
        return actors

    def _expand_actor(self, key: str) -> set[str]:
        """The index keys of every article-level name of the actor ``key`` names."""
        return set(self._actor_expansions().get(key, (key,)))

    def _actor_expansions(self) -> dict[str, tuple[str, ...]]:
        """A small cached map (key -> member keys), so an actor: query on a large
        corpus does not load the whole merged corpus."""
        cache = self._index.dir / "actor_keys.pickle"
        with self._actors_lock:
            if self._expansions is None:
                self._expansions = _read_cache(cache, self._actors_stamp())
            expansions = self._expansions
        if expansions is None:
            expansions = _expansions(self.actors())
            _write_cache(cache, self._actors_stamp(), expansions)
            with self._actors_lock:
                self._expansions = expansions
        return expansions


def _expansions(actors: CorpusActors) -> dict[str, tuple[str, ...]]:
    """lookup key (canonical name, member or alias) -> the index keys of its members."""
    from index.actors import actor_key

    members = {
        id(ca): tuple(sorted({actor_key(ca.name), *(actor_key(m) for m in ca.members)}))
        for ca in actors.corpus
    }
    return {k: members[id(ca)] for k, ca in actors._index.items()}


def _read_cache(path: Path, stamp: str) -> Any:
    try:
        with path.open("rb") as f:
            cached_stamp, value = pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        return None  # derived data: recompute
    return value if cached_stamp == stamp else None


def _write_cache(path: Path, stamp: str, value: object) -> None:
    tmp = path.with_suffix(".tmp")
    try:
        with tmp.open("wb") as f:
            pickle.dump((stamp, value), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only cache only costs time
