"""Reading, parsing, extracting actors and analyzing text fields of changed files: the
CPU-heavy half of an update.

Runs in a process pool (one worker per core, at most 4) when many files changed and there
are at least 2 cores, while the parent feeds Whoosh's writer; in-process otherwise.

The pool works whatever ``sys.stdout``/``sys.stderr`` are: under Textual they are
stand-ins whose ``fileno()`` is -1, and multiprocessing's resource tracker passes
``sys.stderr.fileno()`` to the process it starts ("bad value(s) in fds_to_keep").
The helper processes are started with a stand-in that has no file number at all (see
:func:`_usable_stdio`). A pool that still cannot start (or dies) is reported through
``notice`` and the rest is prepared in this process.

At most ``WINDOW_CHUNKS`` chunks are in flight: when Whoosh's writer lags, the workers
wait instead of piling prepared articles up in memory.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from index.analysis import Analyzed, analyze_article
from index.articles import Article, UnreadableFile, content_hash, parse_article
from index.corpus import CorpusFile

POOL_THRESHOLD = 400  # fewer changed files than this: no pool (start-up would cost more)
CHUNK = 64
WINDOW_CHUNKS_PER_WORKER = 2  # chunks submitted ahead per worker: bounds the prepared queue

Job = tuple[CorpusFile, str | None, bool]  # file, hash it had when indexed, extract actors?
Notice = Callable[[str], None]


@dataclass
class Prepared:
    file: CorpusFile
    article: Article | None = None  # None: unreadable (skip_reason) or content unchanged
    actors: list[dict] = field(default_factory=list)
    skip_reason: str | None = None
    analyzed: dict[str, Analyzed] = field(default_factory=dict)  # title/body/source postings


@lru_cache(maxsize=1)
def _extractor():  # one per process
    from index.actors import default_extractor

    return default_extractor()


def prepare(job: Job) -> Prepared:
    f, old_hash, extract_actors = job
    try:
        raw = f.path.read_bytes()
    except OSError as exc:
        return Prepared(f, skip_reason=f"cannot read ({exc.strerror or exc})")
    if old_hash is not None and old_hash == content_hash(raw):
        return Prepared(f)
    try:
        article = parse_article(raw, f.id, str(f.path))
    except UnreadableFile as exc:
        return Prepared(f, skip_reason=str(exc))
    actors = (
        [a.to_json() for a in _extractor().extract(article.title, article.text, article.date)]
        if extract_actors
        else []
    )
    analyzed = analyze_article(article.title, article.text, article.source or "")
    return Prepared(f, article, actors, analyzed=analyzed)


def prepare_chunk(jobs: list[Job]) -> list[Prepared]:
    return [prepare(job) for job in jobs]


def pool_workers() -> int:
    return min(os.cpu_count() or 1, 4)


def prepare_all(jobs: list[Job], notice: Notice | None = None) -> Iterator[Prepared]:
    """Prepared files in job order."""
    workers = pool_workers()
    if len(jobs) < POOL_THRESHOLD or workers < 2 or os.environ.get("DOSSIER_NO_POOL"):
        yield from map(prepare, jobs)
        return
    done = 0
    try:
        for prepared in _pooled(jobs, workers):
            yield prepared
            done += 1
    except Exception as exc:  # any failure to start or run the pool
        # (no /dev/shm, no file numbers, an un-importable __main__, a killed worker):
        # finish in this process, and say so.
        if notice is not None:
            reason = " ".join(str(exc).split())[:160]
            notice(
                f"process pool unavailable ({type(exc).__name__}: {reason}); "
                "preparing the rest in one process"
            )
        yield from map(prepare, jobs[done:])


def _pooled(jobs: list[Job], workers: int) -> Iterator[Prepared]:
    chunks = [jobs[i : i + CHUNK] for i in range(0, len(jobs), CHUNK)]
    window = workers * WINDOW_CHUNKS_PER_WORKER
    with _usable_stdio():
        ctx = multiprocessing.get_context("forkserver" if os.name == "posix" else "spawn")
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx)
    try:
        pending: deque[Future[list[Prepared]]] = deque()
        next_chunk = 0
        while next_chunk < len(chunks) or pending:
            while next_chunk < len(chunks) and len(pending) < window:
                with _usable_stdio():  # the first submit starts the helper processes
                    pending.append(pool.submit(prepare_chunk, chunks[next_chunk]))
                next_chunk += 1
            yield from pending.popleft().result()
    finally:
        # Cancelled or failed: drop what was not started, do not wait for a long queue.
        pool.shutdown(wait=True, cancel_futures=True)


_STDIO_LOCK = threading.Lock()


class _NoFileno:
    """A stand-in for a std stream: writes go to the stream it replaces, but it has no
    file number, so multiprocessing does not hand an invalid one to a child."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def fileno(self) -> int:
        raise OSError("no file number")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _has_fileno(stream: Any) -> bool:
    try:
        fd = stream.fileno()
        os.fstat(fd)
    except Exception:  # no stream, no fileno(), -1, a closed descriptor
        return False
    return True


@contextmanager
def _usable_stdio() -> Iterator[None]:
    """While starting helper processes: std streams whose ``fileno()`` either works or
    raises (multiprocessing skips a stream that raises, but passes on -1)."""
    with _STDIO_LOCK:
        saved = sys.stdout, sys.stderr
        swapped = [not _has_fileno(s) for s in saved]
        if swapped[0]:
            sys.stdout = _NoFileno(saved[0])
        if swapped[1]:
            sys.stderr = _NoFileno(saved[1])
        try:
            yield
        finally:
            # Put back only what is still ours (someone else may have redirected since).
            if swapped[0] and isinstance(sys.stdout, _NoFileno):
                sys.stdout = saved[0]
            if swapped[1] and isinstance(sys.stderr, _NoFileno):
                sys.stderr = saved[1]
