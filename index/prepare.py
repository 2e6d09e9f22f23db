"""Reading, parsing, extracting actors and analyzing text fields of changed files: the
CPU-heavy half of an update.

Runs in a process pool (one worker per core, at most 4) when many files changed and there
are at least 2 cores, while the parent feeds Whoosh's writer; in-process otherwise.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import lru_cache

from index.analysis import Analyzed, analyze_article
from index.articles import Article, UnreadableFile, content_hash, parse_article
from index.corpus import CorpusFile

POOL_THRESHOLD = 400  # fewer changed files than this: no pool (start-up would cost more)
CHUNK = 64

Job = tuple[CorpusFile, str | None, bool]  # file, hash it had when indexed, extract actors?


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
        [a.to_json() for a in _extractor().extract(article.title, article.text)]
        if extract_actors
        else []
    )
    analyzed = analyze_article(article.title, article.text, article.source or "")
    return Prepared(f, article, actors, analyzed=analyzed)


def prepare_all(jobs: list[Job]) -> Iterator[Prepared]:
    """Prepared files in job order."""
    workers = min(os.cpu_count() or 1, 4)
    if len(jobs) < POOL_THRESHOLD or workers < 2 or os.environ.get("DOSSIER_NO_POOL"):
        yield from map(prepare, jobs)
        return
    ctx = multiprocessing.get_context("forkserver" if os.name == "posix" else "spawn")
    done = 0
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            for prepared in pool.map(prepare, jobs, chunksize=CHUNK):
                yield prepared
                done += 1
    except (BrokenProcessPool, OSError):
        # A pool that cannot start (no /dev/shm, an un-importable __main__) or dies:
        # finish in this process.
        yield from map(prepare, jobs[done:])
