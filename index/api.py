"""The typed API that the command line and the app use. Nothing here imports Textual.

session = Session.open(corpus_dir)       # one corpus for one user (index + bookmarks + actors)
report = session.update(progress=cb, cancel=stop)  # incremental; re-anchors its bookmarks
result = session.search('"Article 4"')   # SearchResult: total + ranked hits with spans
article = session.article(result.hits[0].id)
session.add_quote(article.id, "a passage", note="why")
session.bookmarks()                      # this corpus's bookmarks (all_corpora=True: every one)

``Dossier`` (``Dossier.open(corpus)``, ``.update()``, ``.search(query, limit, sort)``) is the
index alone, for scripts and the benchmark; a ``Session`` wraps one.

``tui/`` imports nothing from ``index`` but this module: every type it needs is
re-exported here. Importing this module is cheap (no Whoosh): the re-exported names
load their modules on first use.
"""

from __future__ import annotations

import hashlib
import importlib
import pickle
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from index.atomic import write_atomically
from index.paths import DossierDirs, bundled_seeds
from index.textclean import safe_line, sanitize

if TYPE_CHECKING:
    from index.actors import Actor, AliasEntry, AliasTable, AliasTableError, CorpusActors
    from index.actors.model import CorpusActor
    from index.annotations import FORMATS, AnnotationFormatError
    from index.articles import Article
    from index.bookmarks import (
        STATUSES,
        Bookmark,
        BookmarkNotFound,
        BookmarkStore,
        BookmarkStoreError,
        MergeResult,
        QuoteNotFound,
    )
    from index.corpus import Skipped
    from index.engine import CorpusIndex, CorpusMissing, IndexBusy, UpdateCancelled, UpdateReport
    from index.facets import ActorCount, Cooccurrence, Facets
    from index.query import QueryError
    from index.querytext import filter_term, has_filter, toggle_filter
    from index.saved import (
        SavedExists,
        SavedNotFound,
        SavedSearchError,
        SavedSearches,
        SavedStatus,
    )
    from index.search import Hit, MatchSpans, SearchResult
    from index.sentences import paragraph_spans, sentence_spans
    from index.timeline import Bin, Timeline, date_range_of, set_date_range
    from index.views import ActorNotFound

# name -> module: loaded on first use (``from index.api import X`` works as usual)
_LAZY = {
    "Actor": "index.actors",
    "AliasEntry": "index.actors",
    "AliasTable": "index.actors",
    "AliasTableError": "index.actors",
    "CorpusActors": "index.actors",
    "CorpusActor": "index.actors.model",
    "FORMATS": "index.annotations",
    "AnnotationFormatError": "index.annotations",
    "Article": "index.articles",
    "STATUSES": "index.bookmarks",
    "Bookmark": "index.bookmarks",
    "BookmarkNotFound": "index.bookmarks",
    "BookmarkStore": "index.bookmarks",
    "BookmarkStoreError": "index.bookmarks",
    "MergeResult": "index.bookmarks",
    "QuoteNotFound": "index.bookmarks",
    "Skipped": "index.corpus",
    "CorpusIndex": "index.engine",
    "CorpusMissing": "index.engine",
    "IndexBusy": "index.engine",
    "UpdateCancelled": "index.engine",
    "UpdateReport": "index.engine",
    "QueryError": "index.query",
    "Hit": "index.search",
    "MatchSpans": "index.search",
    "SearchResult": "index.search",
    "sentence_spans": "index.sentences",
    "paragraph_spans": "index.sentences",
    "ActorCount": "index.facets",
    "Cooccurrence": "index.facets",
    "Facets": "index.facets",
    "SavedExists": "index.saved",
    "SavedNotFound": "index.saved",
    "SavedSearchError": "index.saved",
    "SavedStatus": "index.saved",
    "Bin": "index.timeline",
    "Timeline": "index.timeline",
    "date_range_of": "index.timeline",
    "set_date_range": "index.timeline",
    "ActorNotFound": "index.views",
    "filter_term": "index.querytext",
    "has_filter": "index.querytext",
    "toggle_filter": "index.querytext",
}

__all__ = [
    "FORMATS",
    "STATUSES",
    "Actor",
    "ActorCorrectionError",
    "ActorCount",
    "ActorNotFound",
    "AliasEntry",
    "AliasTable",
    "AliasTableError",
    "AnnotationFormatError",
    "Article",
    "ArticleNotFound",
    "Bin",
    "Bookmark",
    "BookmarkNotFound",
    "BookmarkStore",
    "BookmarkStoreError",
    "Cooccurrence",
    "CorpusActor",
    "CorpusActors",
    "CorpusMissing",
    "Dossier",
    "DossierDirs",
    "Facets",
    "Hit",
    "ImportReport",
    "IndexBusy",
    "MatchSpans",
    "MergeResult",
    "QueryError",
    "QuoteNotFound",
    "SavedExists",
    "SavedNotFound",
    "SavedSearchError",
    "SavedStatus",
    "SearchResult",
    "Session",
    "Skipped",
    "Timeline",
    "UpdateCancelled",
    "UpdateReport",
    "bundled_seeds",
    "date_range_of",
    "default_corpus",
    "filter_term",
    "has_filter",
    "paragraph_spans",
    "safe_line",
    "sanitize",
    "sentence_spans",
    "set_date_range",
    "toggle_filter",
    "write_atomically",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'index.api' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def default_corpus() -> Path:
    return bundled_seeds()


class Dossier:
    """One corpus, its index, its actors, for one process."""

    def __init__(self, corpus: Path, index: CorpusIndex, dirs: DossierDirs) -> None:
        from index.search import Searcher
        from index.views import AnalystViews

        self.corpus = corpus
        self.dirs = dirs
        self._index = index
        self._searcher = Searcher(index, self._expand_actor)
        self._actors: CorpusActors | None = None
        self._expansions: dict[str, tuple[str, ...]] | None = None
        self._actors_lock = threading.Lock()
        self._views = AnalystViews(
            self._searcher,
            index.store,
            self.actors,
            self._actor_expansions,
            cache_dir=index.dir,
            actors_stamp=self._actors_stamp,
        )

    @classmethod
    def open(
        cls,
        corpus: Path | None = None,
        dirs: DossierDirs | None = None,
        index_dir: Path | None = None,
        notice: Callable[[str], None] | None = None,
    ) -> Dossier:
        from index.engine import CorpusIndex, CorpusMissing

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
    def update(
        self,
        progress: Callable[[int, int], None] | None = None,
        cancel: Callable[[], bool] | None = None,
    ) -> UpdateReport:
        """Raises UpdateCancelled (nothing committed) when ``cancel()`` turns True."""
        report = self._index.update(progress=progress, cancel=cancel)
        self._searcher.refresh()  # also picks up a commit made by another process
        if report.changed:
            with self._actors_lock:
                self._actors = None
                self._expansions = None
        return report

    def count(self) -> int:
        return self._index.store.count()

    def generation(self) -> int:
        """Changes whenever the indexed articles change."""
        return self._index.generation()

    def should_update(self, check_corpus: bool) -> bool:
        """Whether to update before use: when asked to check the corpus, or when the
        index has never been built (``--no-update`` still builds a missing index)."""
        return check_corpus or self._index.generation() == 0

    def article_ids(self) -> list[str]:
        return self._index.store.ids()

    # -- reading -----------------------------------------------------------------
    def article(self, doc_id: str) -> Article | None:
        return self._index.store.article(doc_id)

    def search(
        self,
        query: str,
        limit: int = 20,
        sort: str = "relevance",
        offset: int = 0,
        prefix: bool = False,
    ) -> SearchResult:
        """Raises QueryError (one-line message) for a malformed query. ``offset``: the
        first hit to return (a page further down the ranking; ``total`` is the same).

        A query with no hits gets a "did you mean" (``SearchResult.suggestion``).
        With ``prefix``, the word the query ends with (typed, not yet followed by a
        space) matches every word that starts with it, also as a phrase's last word.
        """
        return self._searcher.search(query, limit=limit, sort=sort, offset=offset, prefix=prefix)

    def match_spans(self, doc_id: str, query: str, prefix: bool = False) -> MatchSpans:
        return self._searcher.match_spans(doc_id, query, prefix=prefix)

    # -- analyst views (over every hit, not one page) -------------------------------
    def facets(self, query: str, with_actors: bool = True, prefix: bool = False) -> Facets:
        """Hits of ``query`` by month, source and actor. Raises QueryError. ``prefix`` as
        for :meth:`search` (the app counts the hits of the list it shows)."""
        return self._views.facets(query, with_actors, prefix)

    def cooccurrence(self, name: str, query: str | None = None) -> Cooccurrence:
        """Actors sharing articles with ``name``, within ``query`` when given.
        Raises ActorNotFound, QueryError."""
        return self._views.cooccurrence(name, query)

    def timeline(self, query: str, unit: str | None = None, prefix: bool = False) -> Timeline:
        """Hits of ``query`` by month, week or day (``unit``; by the span when None).
        ``prefix`` as for :meth:`search`."""
        return self._views.timeline(query, unit, prefix)

    def matching_ids(self, query: str) -> set[str]:
        return self._views.matching_ids(query)

    # -- actors ------------------------------------------------------------------
    def forget_actors(self) -> None:
        """Drop the merged actors held in memory (after a correction): the next call
        re-reads them (the cache file is keyed by the alias table's bytes)."""
        with self._actors_lock:
            self._actors = None
            self._expansions = None

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
        """Merged over the store (each article's actors read when asked for: holding
        them all took ~600 MB at 100,000 articles), the cache keyed by the stamp."""
        from index.actors import merge_corpus
        from index.corpusactors import StoredActors, compact, from_compact

        stamp = self._actors_stamp()
        # Renamed when it stopped holding every article's actors: the old file (30 MB at
        # 100K, ~400 MB once unpickled) is removed, never read.
        (self._index.dir / "corpus_actors.pickle").unlink(missing_ok=True)
        cache = self._index.dir / "corpus_actors.v2.pickle"
        cached = _read_cache(cache, stamp)
        actors = from_compact(cached, self._index.store) if cached is not None else None
        if actors is not None:
            return actors
        actors = merge_corpus(StoredActors(self._index.store), self.alias_table())
        _write_cache(cache, stamp, compact(actors))
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
    try:
        data = pickle.dumps((stamp, value), protocol=pickle.HIGHEST_PROTOCOL)
        write_atomically(path, data, durable=False)
    except OSError:
        pass  # a read-only cache only costs time


# -- the session: one corpus for one user ----------------------------------------------


class ArticleNotFound(LookupError):
    """No article with that id in the open corpus."""


class ActorCorrectionError(ValueError):
    """A correction names no actor of the corpus (or an empty name): one-line message."""


@dataclass(frozen=True)
class ImportReport:
    added: list[Bookmark]
    skipped: int
    counts: dict[str, int]  # the open corpus's bookmarks by status, after re-anchoring


@dataclass
class Session:
    """One corpus for one user: its index (open, update with progress and cancel,
    search, articles), its actors and the user's corrections, and its bookmarks
    (re-anchored after every update that changed articles, and only those of this corpus).

    Thread-safe as far as its parts are: the app calls it from thread workers.
    """

    dossier: Dossier
    _store: BookmarkStore | None = field(default=None, repr=False)
    _anchored_at: int | None = field(default=None, repr=False)  # generation last anchored at
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def open(
        cls,
        corpus: Path | None = None,
        dirs: DossierDirs | None = None,
        index_dir: Path | None = None,
        notice: Callable[[str], None] | None = None,
    ) -> Session:
        """Open (or rebuild, with a notice) the corpus's index; raises CorpusMissing."""
        return cls(Dossier.open(corpus, dirs=dirs, index_dir=index_dir, notice=notice))

    @property
    def corpus(self) -> Path:
        return self.dossier.corpus

    @property
    def corpus_id(self) -> str:
        """What a bookmark records as its corpus: the folder's absolute path."""
        return str(self.dossier.corpus)

    @property
    def dirs(self) -> DossierDirs:
        return self.dossier.dirs

    @property
    def index_dir(self) -> Path:
        return self.dossier.index_dir

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None
        self.dossier.close()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the index ---------------------------------------------------------------------
    def needs_update(self, check_corpus: bool = True) -> bool:
        """Whether to update before use: when asked to check the corpus, or when the
        index has never been built (``--no-update`` still builds a missing index)."""
        return self.dossier.should_update(check_corpus)

    def update(
        self,
        progress: Callable[[int, int], None] | None = None,
        cancel: Callable[[], bool] | None = None,
    ) -> UpdateReport:
        """Bring the index up to date, then re-anchor this corpus's bookmarks (their
        counts in ``report.bookmarks``; a bookmarks database that cannot be opened is a
        warning, not a failed update). Raises UpdateCancelled when ``cancel()`` is True."""
        from index.bookmarks import BookmarkStoreError

        report = self.dossier.update(progress=progress, cancel=cancel)
        try:
            report.bookmarks = self.reanchor(force=report.changed or bool(report.rebuilt))
        except BookmarkStoreError as exc:
            report.warnings.append(f"bookmarks not re-anchored: {exc}")
        return report

    def bring_up_to_date(
        self,
        check_corpus: bool = True,
        progress: Callable[[int, int], None] | None = None,
        cancel: Callable[[], bool] | None = None,
    ) -> UpdateReport | None:
        """Update when needed (see :meth:`needs_update`); None when the index was used
        as it is."""
        if not self.needs_update(check_corpus):
            return None
        return self.update(progress=progress, cancel=cancel)

    def count(self) -> int:
        return self.dossier.count()

    def empty_hint(self) -> str | None:
        """When the corpus has no article: what Dossier reads (for the app's empty state)."""
        from index.corpus import empty_corpus_hint, scan

        if self.count():
            return None
        return empty_corpus_hint(self.corpus, sum(1 for _ in scan(self.corpus, [])))

    def article_ids(self) -> list[str]:
        return self.dossier.article_ids()

    # -- reading -----------------------------------------------------------------------
    def article(self, doc_id: str) -> Article | None:
        return self.dossier.article(doc_id)

    def require_article(self, doc_id: str) -> Article:
        article = self.dossier.article(doc_id)
        if article is None:
            raise ArticleNotFound(f"no article with id '{safe_line(doc_id)}'")
        return article

    def search(
        self,
        query: str,
        limit: int = 20,
        sort: str = "relevance",
        offset: int = 0,
        prefix: bool = False,
    ) -> SearchResult:
        """Raises QueryError (one-line message) for a malformed query. ``offset``: the
        first hit to return (the app pages through every hit with it); ``prefix``: the
        word being typed at the end matches every word starting with it."""
        return self.dossier.search(query, limit=limit, sort=sort, offset=offset, prefix=prefix)

    def match_spans(self, doc_id: str, query: str, prefix: bool = False) -> MatchSpans:
        return self.dossier.match_spans(doc_id, query, prefix=prefix)

    # -- analyst views -------------------------------------------------------------------
    def facets(self, query: str, with_actors: bool = True, prefix: bool = False) -> Facets:
        return self.dossier.facets(query, with_actors, prefix)

    def cooccurrence(self, name: str, query: str | None = None) -> Cooccurrence:
        return self.dossier.cooccurrence(name, query)

    def timeline(self, query: str, unit: str | None = None, prefix: bool = False) -> Timeline:
        return self.dossier.timeline(query, unit, prefix)

    # -- saved searches (user data, this corpus's only) --------------------------------
    def _saved(self) -> SavedSearches:
        from index.saved import SavedSearches

        return SavedSearches(self.dirs.saved_db, self.corpus_id)

    def saved_searches(self) -> list[SavedStatus]:
        """Each saved search with its total now and how many articles are new since it
        was last opened. Raises SavedSearchError; a saved query that no longer parses
        counts 0."""
        from index.saved import SavedStatus

        store = self._saved()
        try:
            out = []
            for saved in store.all():
                try:
                    ids = self.dossier.matching_ids(saved.query)
                except QueryError:
                    ids = set()
                out.append(SavedStatus(saved.name, saved.query, len(ids), len(ids - saved.seen)))
            return out
        finally:
            store.close()

    def save_search(self, name: str, query: str, replace: bool = False) -> SavedStatus:
        """Save ``query`` as ``name``; what it matches now counts as seen.
        Raises QueryError, ValueError (bad name), SavedExists, SavedSearchError."""
        from index.saved import SavedStatus

        ids = self.dossier.matching_ids(query)
        store = self._saved()
        try:
            saved = store.add(name, query, ids, replace=replace)
        finally:
            store.close()
        return SavedStatus(saved.name, saved.query, len(ids), 0)

    def open_saved(self, name: str) -> SavedStatus:
        """The saved search ``name`` with its counts (and the ids of its new articles)
        before opening; marks its articles seen. Raises SavedNotFound, QueryError, SavedSearchError."""
        from index.saved import SavedStatus

        store = self._saved()
        try:
            saved = store.get(name)
            ids = self.dossier.matching_ids(saved.query)
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

    # -- actors and the user's corrections ---------------------------------------------
    def actors(self) -> CorpusActors:
        return self.dossier.actors()

    def actors_json(self, doc: str | None = None, kind: str | None = None) -> dict:
        """The ``dossier actors --json`` shape, only actors of type ``kind`` when given."""
        data = self.actors().to_json(doc)
        if kind is not None:
            data["articles"] = {
                aid: [a for a in actors if a.get("type") == kind]
                for aid, actors in data["articles"].items()
            }
            data["corpus"] = [a for a in data["corpus"] if a.get("type") == kind]
        return data

    def corrections(self) -> list[AliasEntry]:
        """The user's corrections, oldest first. Raises AliasTableError (unreadable file)."""
        return self.dossier.alias_table().entries()

    def correct(self, op: str, a: str, b: str | None = None) -> AliasEntry:
        """Record a correction (``merge`` a into b, ``rename`` a to b, ``ignore`` a); it
        applies at once. Raises ActorCorrectionError when a name is no actor's."""
        from index.actors import AliasEntry

        if op not in ("merge", "rename", "ignore") or (op != "ignore") != (b is not None):
            raise ActorCorrectionError(f"not a correction: {op} {a!r} {b!r}")
        known = self.actors()
        for name in [a] + ([b] if op == "merge" and b is not None else []):
            if known.find(name) is None:
                raise ActorCorrectionError(f"no actor named '{safe_line(name)}'")
        table = self.dossier.alias_table()
        try:
            getattr(table, op)(*([a] if op == "ignore" else [a, b]))
        except ValueError as exc:
            raise ActorCorrectionError(str(exc)) from exc
        table.save()
        self.dossier.forget_actors()
        return AliasEntry(op, a, b)

    def undo_correction(self) -> str | None:
        """Undo the last correction; what was undone, or None when there was none."""
        table = self.dossier.alias_table()
        undone = table.undo()
        if undone is not None:
            table.save()
            self.dossier.forget_actors()
        return undone

    # -- bookmarks -----------------------------------------------------------------------
    @property
    def store(self) -> BookmarkStore:
        """The bookmarks database, opened on first use (raises BookmarkStoreError)."""
        with self._lock:
            if self._store is None:
                from index.bookmarks import BookmarkStore

                self._store = BookmarkStore(self.dirs.bookmarks_db)
            return self._store

    def reanchor(self, force: bool = True) -> dict[str, int]:
        """Find this corpus's bookmarks in the current articles (and claim unassigned
        ones found here); counts by status. Without ``force``, skipped when they were
        already anchored against this index generation in this session."""
        generation = self.dossier.generation()
        store = self.store
        if not force and self._anchored_at == generation:
            return store.counts(self.corpus_id)
        counts = store.reanchor(self.dossier.article, corpus=self.corpus_id)
        self._anchored_at = generation
        return counts

    def bookmarks(
        self,
        text: str | None = None,
        tag: str | None = None,
        status: str | None = None,
        all_corpora: bool = False,
    ) -> list[Bookmark]:
        """This corpus's bookmarks (re-anchored first if not yet in this session), or every
        bookmark with the status it had against its own corpus (``all_corpora``)."""
        self.reanchor(force=False)
        corpus = None if all_corpora else self.corpus_id
        return self.store.list(text=text, tag=tag, status=status, corpus=corpus)

    def bookmark_counts(self) -> dict[str, int]:
        return self.store.counts(self.corpus_id)

    def bookmarks_for(self, doc_id: str) -> list[Bookmark]:
        """This corpus's bookmarks of one article, in reading order."""
        return self.store.for_doc(doc_id, corpus=self.corpus_id)

    def add_bookmark(
        self, article: Article, start: int, end: int, note: str = "", tags: Iterable[str] = ()
    ) -> Bookmark:
        return self.store.add(article, start, end, note=note, tags=tags, corpus=self.corpus_id)

    def add_quote(
        self,
        doc_id: str,
        quote: str,
        note: str = "",
        tags: Iterable[str] = (),
        occurrence: int = 1,
    ) -> Bookmark:
        """Bookmark where ``quote`` occurs in the article; raises ArticleNotFound,
        QuoteNotFound."""
        article = self.require_article(doc_id)
        return self.store.add_quote(
            article, quote, note=note, tags=tags, occurrence=occurrence, corpus=self.corpus_id
        )

    def edit_bookmark(
        self, bookmark_id: int, note: str | None = None, tags: Iterable[str] | None = None
    ) -> Bookmark:
        return self.store.update(bookmark_id, note=note, tags=tags)

    def remove_bookmark(self, bookmark_id: int) -> Bookmark:
        """Delete it; returns it, for :meth:`restore_bookmark` (undo)."""
        return self.store.remove(bookmark_id)

    def restore_bookmark(self, bookmark: Bookmark) -> Bookmark:
        return self.store.restore(bookmark)

    def export_bookmarks(self, fmt: str, all_corpora: bool = False) -> str:
        """This corpus's bookmarks (or every one) as ``markdown``, ``json`` or ``csv``."""
        from index.annotations import export_bookmarks

        return export_bookmarks(self.bookmarks(all_corpora=all_corpora), fmt)

    def import_bookmarks(self, data: Any) -> ImportReport:
        """Bookmarks from a parsed W3C Web Annotation export (raises
        AnnotationFormatError). Each keeps the corpus it names; one naming a folder that
        does not exist here (an export from another machine) or none is unassigned, and
        is claimed by the first corpus that has its article. Doubles are skipped."""
        from dataclasses import replace

        from index.annotations import parse_collection

        items = [
            b if b.corpus and Path(b.corpus).is_dir() else replace(b, corpus=None)
            for b in parse_collection(data)
        ]
        result = self.store.merge(items)
        counts = self.reanchor(force=True) if result.added else self.bookmark_counts()
        return ImportReport(result.added, result.skipped, counts)
