"""The Whoosh index of a corpus: schema, opening (with rebuilds), incremental updates.

Whoosh stores only the id; the article text, metadata and actors live in the
:class:`~index.store.DocStore` beside it. Only this module and
:mod:`index.search`/:mod:`index.query` import Whoosh.
"""

from __future__ import annotations

import shutil
import time
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import index as windex
from whoosh.fields import ID, KEYWORD, NUMERIC, Schema
from whoosh.index import LockError
from whoosh.writing import SegmentWriter

from index.actors import EXTRACTOR_VERSION
from index.analysis import Analyzed, text_fields
from index.articles import Article
from index.codec import FlatCodec
from index.corpus import Skipped, empty_corpus_hint, scan
from index.forwardfresh import FreshForward, write_fresh
from index.postpool import CompactPool
from index.prefixes import build_missing
from index.prepare import prepare_all
from index.store import DocStore
from index.updatelock import UpdateLock

SCHEMA_VERSION = 11
# What an index records: its layout and the actor rules its stored actors came from, so
# that new extraction rules (index.actors.EXTRACTOR_VERSION) rebuild it like a new layout.
INDEX_VERSION = f"{SCHEMA_VERSION}.{EXTRACTOR_VERSION}"
WRITE_LOCK_TIMEOUT = 3.0
WRITER_LIMIT_MB = 128  # postings held by the pool (index.postpool) before it spills a run to disk

Progress = Callable[[int, int], None]
Notice = Callable[[str], None]


BUSY = "the index is busy: another dossier process is updating it"


class IndexBusy(Exception):
    """Another process is writing this index."""


class CorpusMissing(Exception):
    """The corpus folder does not exist or is not a folder."""


class UpdateCancelled(Exception):
    """An update was cancelled (``cancel()`` returned True): nothing of it was committed."""


def make_schema() -> Schema:
    return Schema(
        id=ID(unique=True, stored=True),
        **text_fields(),
        # YYYYMMDD, 0 when undated: "newest first" puts undated articles last.
        sortdate=NUMERIC(int, bits=32, sortable=True, signed=False, shift_step=32),
        actor=KEYWORD(commas=True, lowercase=True, scorable=True),
    )


@dataclass
class UpdateReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    duplicates: list[list[str]] = field(default_factory=list)
    rebuilt: str | None = None  # why the index was rebuilt from scratch, if it was
    seconds: float = 0.0
    total: int = 0
    hint: str | None = None  # what Dossier reads, when the corpus gave no article
    bookmarks: dict[str, int] | None = None  # the corpus's bookmarks by status, re-anchored

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        parts = [
            f"{self.total} articles",
            f"{len(self.added)} added",
            f"{len(self.updated)} updated",
            f"{len(self.removed)} removed",
            f"{len(self.skipped)} skipped",
        ]
        if self.duplicates:
            parts.append(
                f"{sum(len(d) for d in self.duplicates)} in {len(self.duplicates)} duplicate groups"
            )
        line = ", ".join(parts) + f" ({self.seconds:.1f}s)"
        return f"{line}; {self.hint}" if self.hint else line

    def to_json(self) -> dict:
        return {
            "total": self.total,
            "added": self.added,
            "updated": self.updated,
            "removed": self.removed,
            "unchanged": self.unchanged,
            "skipped": [{"path": s.path, "reason": s.reason} for s in self.skipped],
            "warnings": self.warnings,
            "duplicates": self.duplicates,
            "rebuilt": self.rebuilt,
            "seconds": round(self.seconds, 3),
            "hint": self.hint,
            "bookmarks": self.bookmarks,
        }


class CorpusIndex:
    """The on-disk index of one corpus (Whoosh + document store)."""

    def __init__(self, corpus: Path, index_dir: Path, notice: Notice | None = None) -> None:
        self.corpus = corpus
        self.dir = index_dir
        self.schema = make_schema()
        self._notice = notice or (lambda _msg: None)
        self.rebuilt: str | None = None
        self.lock = UpdateLock(index_dir)
        self.ix, self.store = self._open()

    # -- opening --------------------------------------------------------------
    def _open(self) -> tuple[windex.Index, DocStore]:
        """Open the index, or build it anew when it is missing, of another version or
        broken. An index another update is writing is never judged (it is mid-way, not
        broken): it is opened as it is, or, if even that fails, reported busy."""
        self.dir.mkdir(parents=True, exist_ok=True)
        with self.lock.held() as free:
            if free:
                return self._checked_open()
        if any(self.dir.glob("_MAIN_*.toc")):  # being updated: opened as it is
            try:
                return windex.open_dir(str(self.dir)), DocStore(self.dir / "docs.sqlite")
            except Exception as exc:
                raise IndexBusy(BUSY) from exc
        with self.lock.held(WRITE_LOCK_TIMEOUT) as free:  # being created: waited for
            if not free:
                raise IndexBusy(BUSY)
            return self._checked_open()

    def _checked_open(self) -> tuple[windex.Index, DocStore]:
        store_path = self.dir / "docs.sqlite"
        reason = None
        if any(self.dir.glob("_MAIN_*.toc")):
            try:
                store = DocStore(store_path)
                version = store.meta("schema_version")
                ix = windex.open_dir(str(self.dir))
                if version != INDEX_VERSION:
                    store.close()
                    reason = _version_reason(version)
                elif ix.doc_count() != store.count():
                    store.close()
                    reason = "index and document store disagree (interrupted update?)"
                else:
                    _check_readable(ix)
                    return ix, store
            except Exception as exc:  # a corrupt index fails in many ways
                reason = f"index is unreadable ({type(exc).__name__}: {str(exc)[:80]})"
        elif store_path.exists():
            reason = "index files are missing"
        if reason:
            self.rebuilt = reason
            self._notice(f"rebuilding the index: {reason}")
        return self._create()

    def _create(self) -> tuple[windex.Index, DocStore]:
        if self.dir.exists():
            shutil.rmtree(self.dir)
        self.dir.mkdir(parents=True)
        ix = windex.create_in(str(self.dir), self.schema)
        store = DocStore(self.dir / "docs.sqlite")
        store.set_meta("schema_version", INDEX_VERSION)
        store.set_meta("corpus", str(self.corpus))
        return ix, store

    def close(self) -> None:
        self.store.close()
        self.ix.close()

    # -- updating -------------------------------------------------------------
    def update(
        self,
        extract_actors: bool = True,
        progress: Progress | None = None,
        cancel: Callable[[], bool] | None = None,
    ) -> UpdateReport:
        """Bring the index up to date with the corpus folder, incrementally.

        Files whose size and mtime are unchanged are not read; files whose content
        hash is unchanged are not parsed. New and changed files are parsed and their
        actors extracted (in a process pool when there are many), then indexed.
        ``cancel()`` is asked after each file: True rolls the update back and raises
        :class:`UpdateCancelled`.
        """
        with self.lock.held(WRITE_LOCK_TIMEOUT) as free:
            if not free:
                raise IndexBusy(BUSY)
            return self._update(extract_actors, progress, cancel)

    def _update(
        self,
        extract_actors: bool,
        progress: Progress | None,
        cancel: Callable[[], bool] | None,
    ) -> UpdateReport:
        started = time.perf_counter()
        if not self.corpus.is_dir():
            raise CorpusMissing(f"corpus folder not found: {self.corpus}")
        report = UpdateReport(rebuilt=self.rebuilt)
        self.rebuilt = None
        known = self.store.stamps()
        files = list(scan(self.corpus, report.skipped))
        seen = {f.id for f in files}
        todo = [
            f
            for f in files
            if (s := known.get(f.id)) is None or (s.mtime_ns, s.size) != (f.mtime_ns, f.size)
        ]
        report.unchanged = len(files) - len(todo)
        gone = set(known) - seen
        jobs = [(f, known[f.id].hash if f.id in known else None, extract_actors) for f in todo]

        writer = None
        # A first build writes its forward file as it goes (index.forwardfresh).
        fresh = FreshForward(self.dir) if jobs and not known and self._empty() else None
        prepared_files = prepare_all(jobs, notice=report.warnings.append)
        try:
            for n, prepared in enumerate(prepared_files, 1):
                if cancel is not None and cancel():
                    raise UpdateCancelled("index update cancelled")
                if progress:
                    progress(n, len(jobs))
                f = prepared.file
                if prepared.skip_reason is not None:
                    if not self.corpus.is_dir():  # removed or renamed while we read it
                        raise CorpusMissing(f"corpus folder disappeared: {self.corpus}")
                    report.skipped.append(Skipped(str(f.path), prepared.skip_reason))
                    if f.id in known:
                        gone.add(f.id)  # previously indexed, now unreadable: leaves the index
                    continue
                if prepared.article is None:  # touched, same content
                    self.store.stage([], [(f.id, f.mtime_ns, f.size)], [])
                    report.unchanged += 1
                    continue
                article = prepared.article
                report.warnings.extend(f"{f.path}: {w}" for w in article.warnings)
                writer = writer or self._writer()
                doc = _whoosh_doc(article, prepared.actors, prepared.analyzed)
                if f.id in known:  # replace; a new id needs no delete lookup
                    writer.update_document(**doc)
                else:
                    writer.add_document(**doc)
                if fresh is not None:
                    fresh.add(prepared.analyzed)
                self.store.stage([(article, f.mtime_ns, f.size, prepared.actors)], [], [])
                (report.updated if f.id in known else report.added).append(f.id)
            report.removed = sorted(gone)
            if report.removed:
                writer = writer or self._writer()
                for doc_id in report.removed:
                    writer.delete_by_term("id", doc_id)
                self.store.stage([], [], report.removed)
            if writer is not None:
                writer.commit(merge=True)
                writer = None
                self.store.stage_meta("generation", str(self.generation() + 1))
            # Whoosh first, then the store: an interruption in between is seen as a
            # count mismatch at the next open, and the index is rebuilt.
            self.store.commit()
            if fresh is not None:
                write_fresh(self.ix, fresh)
            # Then the derived files of new segments (prefixes, forward), or those of an
            # index written before a kind of them existed: one missing (an update killed
            # here) is only slower to search, and made by the next update.
            build_missing(self.ix, self.dir)
        except BaseException:
            prepared_files.close()  # stops the pool at once
            if writer is not None:
                writer.cancel()
            self.store.rollback()
            raise
        finally:
            if fresh is not None:
                fresh.close()
        report.total = self.store.count()
        if report.total == 0:
            report.hint = empty_corpus_hint(self.corpus, len(files))
        report.duplicates = self.store.duplicates()
        report.seconds = time.perf_counter() - started
        return report

    def _empty(self) -> bool:
        with self.ix.reader() as reader:
            return reader.doc_count_all() == 0

    def generation(self) -> int:
        """A number that changes whenever the indexed articles change."""
        return int(self.store.meta("generation") or 0)

    def _writer(self) -> SegmentWriter:
        try:
            # Non-compound segments: Whoosh reads a compound segment's sub-files into
            # memory when a searcher opens it (+330 MB resident at 100K articles).
            return _Writer(
                self.ix,
                timeout=WRITE_LOCK_TIMEOUT,
                limitmb=WRITER_LIMIT_MB,
                compound=False,
                codec=FlatCodec(),
            )
        except LockError as exc:
            raise IndexBusy(BUSY) from exc


class _LengthsCache:
    """A per-document reader whose field lengths are looked up once per document.

    Whoosh asks for the field length of every posting it writes (2 million times for
    19,043 articles), each time through a column reader: 10-15 % of an update. Postings
    come field by field, so only the current field's lengths are kept (an array of one
    number per article, where a dict of every field's lengths took ~45 MB at 100,000).
    """

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._field: str | None = None
        self._lengths = array("i")

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        if fieldname != self._field or default != 0:
            if default != 0:
                return self._reader.doc_field_length(docnum, fieldname, default)
            self._field = fieldname
            self._lengths = array("i", [-1]) * self._reader.doc_count_all()
        value = self._lengths[docnum]
        if value < 0:
            value = self._lengths[docnum] = self._reader.doc_field_length(docnum, fieldname, 0)
        return value

    def __getattr__(self, name: str) -> Any:
        return getattr(self._reader, name)


class _Writer(SegmentWriter):
    """Whoosh's segment writer, with its postings in a :class:`CompactPool` and field
    lengths cached while postings are written."""

    def __init__(self, ix: Any, *, limitmb: float, **kwargs: Any) -> None:
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self.pool = CompactPool(self._tempstorage, limitmb)

    def per_document_reader(self) -> Any:
        return _LengthsCache(super().per_document_reader())


def _version_key(version: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in version.split("."))
    except ValueError:
        return ()


def _version_reason(version: str | None) -> str:
    """Why an index of another version is rebuilt (versions are ``layout.actor rules``)."""
    if not version:
        return f"index version unknown, this Dossier writes {INDEX_VERSION}"
    older = _version_key(version) < _version_key(INDEX_VERSION)
    return (
        f"index version {version} is {'older than' if older else 'not'} {INDEX_VERSION} "
        "(index layout.actor rules)"
    )


def _check_readable(ix: windex.Index) -> None:
    """Touch each segment's terms, postings and stored fields: a truncated file fails here."""
    with ix.searcher() as s:
        s.doc_count()
        reader = s.reader()
        for term in reader.lexicon("body"):
            list(reader.postings("body", term).all_ids())
            break
        last = reader.doc_count_all() - 1
        if last >= 0:  # the ends of the stored-fields and length columns
            reader.stored_fields(last)
            for fieldname in ("title", "body"):
                reader.doc_field_length(last, fieldname)


def _whoosh_doc(
    article: Article, actors: list[dict], analyzed: dict[str, Analyzed] | None = None
) -> dict:
    """The Whoosh document of an article; ``analyzed`` holds text fields already analyzed."""
    from index.actors.salience import actor_weights

    analyzed = analyzed or {}
    # Each actor's key once per point of salience (1-5: mentions, title, lead), so that
    # BM25 ranks an actor filter's hits by how much each article is about the actor.
    weights = actor_weights(actors, article.title)
    doc: dict = {
        "id": article.id,
        "title": analyzed.get("title", article.title),
        "body": analyzed.get("body", article.text),
        "source": analyzed.get("source", article.source or ""),
        "actor": ",".join(k for k, w in sorted(weights.items()) for _ in range(w)),
        "sortdate": int(article.date.replace("-", "")) if article.date else 0,
    }
    return doc
