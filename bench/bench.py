"""Dossier's benchmark: ingest, index size, query latency, CLI, app, peak RSS.

    python bench/bench.py --articles 19043            # the Reuters-21578 archive as it is
    python bench/bench.py --articles 100000           # replicated to 100,000 articles

Unpacks ``../shared/corpus/reuters21578.tar.gz`` (``--tar``) into a temporary
directory (research-only text: nothing of it is written to the repository),
replicates it to ``--articles``, measures, prints a table and writes a JSON
file. See bench/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if __name__ == "__main__":  # run as a script: bench/ must not shadow the bench package
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
    sys.path.insert(0, str(ROOT))

from bench import corpus as bcorpus  # noqa: E402
from bench import queries as bqueries  # noqa: E402

MB = 1024 * 1024
APP_QUERIES = 10  # queries per kind typed in the app, once each, a character at a time
APP_PHRASES = 50  # phrases typed so (issue 13's target: "typing 50 phrases", prefix on)
SCHEMA_NOTE = "plain Whoosh: id ID(stored) + title/body TEXT() (default analyzer), one writer"


# --------------------------------------------------------------------------- config
@dataclass
class Config:
    articles: int = bcorpus.REUTERS_ARTICLES
    tar: Path | None = None
    seeds: Path | None = None  # take these *.txt files instead of the archive (tests)
    workdir: Path | None = None
    keep: bool = False
    json_out: Path | None = None
    per_kind: int = 200
    seed: int = 1987
    cli_runs: int = 10
    app: bool = True
    app_samples: bool = True
    rss: bool = True
    components: bool = True  # the plain Whoosh build and the single-core components
    profile: list[str] = field(default_factory=list)  # query kinds to cProfile
    quiet: bool = False
    notes: list[str] = field(default_factory=list)


# Targets: (key, label, limit, unit, articles it is defined at; 0 = the samples)
TARGETS: list[tuple[str, str, float, str, int]] = [
    ("ingest_seconds", "full ingest (reading + actors + index)", 60.0, "s", 19_043),
    ("ingest_vs_plain", "full ingest / plain Whoosh build", 1.2, "x", 19_043),
    ("keystroke_p95_term", "keystroke to paint p95, term", 50.0, "ms", 100_000),
    ("keystroke_p95_phrase", "keystroke to paint p95, phrase", 50.0, "ms", 100_000),
    ("search_vs_plain", "search API / plain Whoosh top 20 p50 (worst kind)", 1.2, "x", 0),
    (
        "search_vs_plain_total",
        "search API / plain Whoosh top 20 + exact total p50 (worst kind)",
        1.2,
        "x",
        0,
    ),
    ("start_samples", "start to first paint, samples", 1.0, "s", 0),
    ("start_corpus", "start to first paint, this index", 1.5, "s", 100_000),
    ("peak_rss_mb", "peak RSS, index open + queries", 250.0, "MB", 100_000),
    (
        "ingest_peak_rss_mb",
        "peak RSS of the updating process, update from empty",
        500.0,
        "MB",
        100_000,
    ),
    ("cli_search_median", "`dossier search --json` warm median", 0.8, "s", 19_043),
]


def log(cfg: Config, msg: str) -> None:
    if not cfg.quiet:
        print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def loadavg() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


@contextlib.contextmanager
def timer() -> Iterator[Callable[[], float]]:
    start = time.perf_counter()
    end: list[float] = []
    yield lambda: (end[0] if end else time.perf_counter()) - start
    end.append(time.perf_counter())


def pct(values: list[float], q: float) -> float:
    """The q-th percentile (0-100), nearest-rank on sorted values; 0.0 when empty."""
    if not values:
        return 0.0
    s = sorted(values)
    k = max(0, min(len(s) - 1, math.ceil(q / 100 * len(s)) - 1))
    return s[k]


# --------------------------------------------------------------------------- actors
def actors_status() -> tuple[bool, str]:
    """Whether index.actors can extract (it is being written by another engineer)."""
    try:
        from index.actors import actor_key, default_extractor  # noqa: F401

        default_extractor()
    except Exception as exc:
        return False, f"{type(exc).__name__}: {str(exc)[:120]}"
    return True, ""


def _install_actor_key_fallback() -> None:
    """Without index.actors, engine/query still need ``actor_key``: a stand-in (bench only)."""
    import index.actors as actors_mod

    if not hasattr(actors_mod, "actor_key"):
        actors_mod.actor_key = lambda name: " ".join(str(name).lower().split())  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- machine
def machine() -> dict[str, Any]:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_mb = 0
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem_mb = int(line.split()[1]) // 1024
    import textual
    import whoosh

    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory_mb": mem_mb,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "whoosh": whoosh.versionstring(),
        "textual": getattr(textual, "__version__", "?"),
        "loadavg_start": loadavg(),
    }


# --------------------------------------------------------------------------- ingest
def measure_components(files: list[Path], root: Path, scratch: Path, actors: bool) -> dict:
    """Single core, one pass: read+parse, actor extraction and indexing timed apart.

    Indexing is the engine's own path (``_whoosh_doc`` + ``update_document`` +
    document-store staging, then both commits) into a scratch index.
    """
    from index.articles import UnreadableFile, article_id, parse_article
    from index.engine import CorpusIndex, _whoosh_doc

    extractor = None
    if actors:
        from index.actors import default_extractor

        extractor = default_extractor()
    ci = CorpusIndex(root, scratch)
    writer = ci._writer()
    t_read = t_extract = t_index = t_store = 0.0
    nbytes = ndocs = 0
    perf = time.perf_counter
    for path in files:
        t0 = perf()
        raw = path.read_bytes()
        try:
            article = parse_article(raw, article_id(path, root), str(path))
        except UnreadableFile:
            t_read += perf() - t0
            continue
        t1 = perf()
        found = (
            [a.to_json() for a in extractor.extract(article.title, article.text)]
            if extractor
            else []
        )
        t2 = perf()
        st = path.stat()
        writer.update_document(**_whoosh_doc(article, found))
        t3 = perf()
        ci.store.stage([(article, st.st_mtime_ns, st.st_size, found)], [], [])
        t4 = perf()
        t_read += t1 - t0
        t_extract += t2 - t1
        t_index += t4 - t2
        t_store += t4 - t3
        nbytes += len(raw)
        ndocs += 1
    t0 = perf()
    writer.commit(merge=True)
    t1 = perf()
    ci.store.commit()
    t_commit = perf() - t0
    t_store += perf() - t1
    ci.close()
    t_index += t_commit

    def rate(sec: float) -> dict:
        return {
            "seconds": round(sec, 3),
            "articles_per_s": round(ndocs / sec, 1) if sec else None,
            "mb_per_s": round(nbytes / MB / sec, 2) if sec else None,
        }

    return {
        "articles": ndocs,
        "bytes": nbytes,
        "reading": rate(t_read),
        "actors": rate(t_extract) if actors else None,
        "indexing": {
            **rate(t_index),
            "commit_seconds": round(t_commit, 3),  # Whoosh commit (merge) + store commit
            "store_seconds": round(t_store, 3),  # document store: staging + commit
        },
        "sum_seconds": round(t_read + t_extract + t_index, 3),
    }


def measure_update(corpus: Path, actors: bool) -> tuple[dict, Path]:
    """The real ``Dossier.update()`` from an empty index (pool as in production), run in
    a fresh process (:func:`ingest_probe`) so that its peak RSS is the update's own."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--ingest-probe", str(corpus)]
    if not actors:
        cmd.append("--no-actors")
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"ingest probe failed: {proc.stderr.strip()[-600:]}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    return out, Path(out.pop("index_dir"))


def ingest_probe(corpus: Path, actors: bool) -> dict:
    """Run in a fresh process: ``Dossier.update()`` from empty (DOSSIER_HOME as set).

    Reports wall and CPU seconds of this process (the writer: the critical path), its
    peak RSS (VmHWM) and, sampled every ``RSS_SAMPLE_S``, the peak RSS of its pool
    workers and of the whole tree (this process + workers, at one instant)."""
    from index.api import Dossier

    if not actors:
        _install_actor_key_fallback()
    sampler = _TreeRss()
    d = Dossier.open(corpus)
    try:
        index_dir = d.index_dir
        open_mb = status_mb("VmRSS")
        cpu0 = resource.getrusage(resource.RUSAGE_SELF)
        sampler.start()
        with timer() as t:
            if actors:
                report = d.update()
            else:  # index.actors unavailable: the same update without extraction
                report = d._index.update(extract_actors=False)
                d._searcher.refresh()
        seconds = t()
        sampler.stop()
        cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    finally:
        d.close()
    nbytes = sum(p.stat().st_size for p in bcorpus.corpus_files(corpus))
    return {
        "seconds": round(seconds, 3),
        "articles": report.total,
        "added": len(report.added),
        "skipped": len(report.skipped),
        "duplicates": len(report.duplicates),
        "articles_per_s": round(report.total / seconds, 1),
        "mb_per_s": round(nbytes / MB / seconds, 2),
        "bytes": nbytes,
        "actors_extracted": actors,
        "parent_cpu_s": round(cpu1.ru_utime - cpu0.ru_utime + cpu1.ru_stime - cpu0.ru_stime, 2),
        "rss_open_mb": open_mb,
        "peak_rss_mb": status_mb("VmHWM"),  # this process: open + update
        "workers_peak_rss_mb": sampler.workers_peak_mb,
        "tree_peak_rss_mb": sampler.tree_peak_mb,
        "index_dir": str(index_dir),
    }


RSS_SAMPLE_S = 0.2


class _TreeRss:
    """Samples the RSS of this process and of its descendants (the pool's workers, whose
    parent is multiprocessing's fork server) in a thread: /proc, Linux only."""

    def __init__(self) -> None:
        self.workers_peak_mb = 0.0
        self.tree_peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    def _run(self) -> None:
        while not self._stop.wait(RSS_SAMPLE_S):
            self._sample()

    def _sample(self) -> None:
        me = os.getpid()
        total = _proc_status_mb(me, "VmRSS")
        for pid in _descendants(me):
            total += _proc_status_mb(pid, "VmRSS")
            self.workers_peak_mb = max(self.workers_peak_mb, _proc_status_mb(pid, "VmHWM"))
        self.tree_peak_mb = max(self.tree_peak_mb, round(total, 1))


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir() if Path("/proc").is_dir() else []:
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, ValueError, IndexError):
            stat = (entry / "stat").read_text()
            ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def _proc_status_mb(pid: int, key: str) -> float:
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def plain_schema() -> Any:
    from whoosh.fields import ID, TEXT, Schema

    return Schema(id=ID(unique=True, stored=True), title=TEXT(), body=TEXT())


def measure_plain_build(files: list[Path], root: Path, dest: Path) -> dict:
    """Plain Whoosh: read, decode, first line = title, rest = body; one writer, no pool."""
    from whoosh import index as windex

    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    with timer() as t:
        ix = windex.create_in(str(dest), plain_schema())
        writer = ix.writer(limitmb=128)
        nbytes = 0
        for path in files:
            raw = path.read_bytes()
            nbytes += len(raw)
            text = raw.decode("utf-8", errors="replace")
            title, _, body = text.partition("\n")
            writer.add_document(id=path.relative_to(root).as_posix(), title=title, body=body)
        t_commit = time.perf_counter()
        writer.commit(merge=True)
        t_commit = time.perf_counter() - t_commit
    seconds = t()
    doc_count = ix.doc_count()
    ix.close()
    return {
        "seconds": round(seconds, 3),
        "articles": doc_count,
        "articles_per_s": round(doc_count / seconds, 1),
        "mb_per_s": round(nbytes / MB / seconds, 2),
        "commit_seconds": round(t_commit, 3),
        "size_mb": round(dir_size(dest) / MB, 2),
        "schema": SCHEMA_NOTE,
    }


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def index_size(index_dir: Path) -> dict:
    whoosh_bytes = sum(
        p.stat().st_size for p in index_dir.iterdir() if p.is_file() and "docs.sqlite" not in p.name
    )
    store_bytes = sum(
        p.stat().st_size for p in index_dir.iterdir() if p.is_file() and "docs.sqlite" in p.name
    )
    return {
        "total_mb": round((whoosh_bytes + store_bytes) / MB, 2),
        "whoosh_mb": round(whoosh_bytes / MB, 2),
        "store_mb": round(store_bytes / MB, 2),
        "segments": len(list(index_dir.glob("*.seg"))),
    }


# --------------------------------------------------------------------------- queries
def make_queries(d: Any, per_kind: int, seed: int) -> tuple[dict[str, list[str]], int]:
    """Queries of every kind from the index's document store (and its actors)."""
    names: list[str] = []
    with contextlib.suppress(Exception):  # no actors: no actor: queries
        ranked = sorted(d.actors().corpus, key=lambda a: (-a.articles, a.name))
        names = [a.name for a in ranked[:400]]
    import random

    store = d._index.store
    ids = store.ids()
    if len(ids) > bqueries.SAMPLE_ARTICLES:
        ids = sorted(random.Random(seed).sample(ids, bqueries.SAMPLE_ARTICLES))
    pairs = [(a.title, a.text) for i in ids if (a := store.article(i)) is not None]
    return bqueries.generate(pairs, names, per_kind=per_kind, seed=seed), len(names)


def measure_queries(
    d: Any,
    queries: dict[str, list[str]],
    profile_dir: Path | None = None,
    profile_kinds: list[str] | None = None,
) -> dict:
    """p50/p95 of ``d.search(q, limit=20)`` and of plain Whoosh on the same parsed query.

    Plain Whoosh: ``searcher.search(parsed, limit=20)`` on a BM25F searcher of the
    same index, no store look-ups, no spans, no snippets, with Whoosh's own ``Phrase``
    (Dossier's parse gives its faster ``FastPhrase``: turned back here). Parsing is
    outside the plain timing, so the ratio is Dossier's whole overhead (parse, actor
    expansion, exact total, store, spans, snippets). "Plain + total" also takes
    ``len(results)``, Whoosh's own exact count: the same answer as Dossier's (the
    hits and the total). The order rotates per query.
    """
    from whoosh import scoring

    from index.query import QueryError

    plain = d._index.ix.searcher(weighting=scoring.BM25F())
    perf = time.perf_counter
    out: dict[str, Any] = {}
    try:
        for kind, qs in queries.items():
            if not qs:
                out[kind] = {"n": 0, "note": "no queries of this kind"}
                continue
            typed = kind in bqueries.PREFIX_KINDS
            for q in qs[:10]:  # warm-up (caches, OS pages), untimed
                with contextlib.suppress(QueryError):
                    d.search(q, limit=20, prefix=typed)
                    plain.search(
                        whoosh_only(d._searcher.parse(q, typed).query, not typed), limit=20
                    )
            api_ms: list[float] = []
            plain_ms: list[float] = []
            plain_total_ms: list[float] = []
            totals: list[int] = []
            errors = 0
            for i, q in enumerate(qs):
                try:
                    parsed = whoosh_only(d._searcher.parse(q, typed).query, not typed)
                except QueryError:
                    errors += 1
                    continue
                order = (0, 1, 2)[i % 3 :] + (0, 1, 2)[: i % 3]
                for which in order:
                    t0 = perf()
                    if which == 0:
                        res = d.search(q, limit=20, prefix=typed)
                        api_ms.append((perf() - t0) * 1000)
                        totals.append(res.total)
                    elif which == 1:
                        _ = [h["id"] for h in plain.search(parsed, limit=20)]
                        plain_ms.append((perf() - t0) * 1000)
                    else:
                        r = plain.search(parsed, limit=20)
                        _ = ([h["id"] for h in r], len(r))
                        plain_total_ms.append((perf() - t0) * 1000)
            out[kind] = latency_summary(api_ms, plain_ms, totals, errors)
            t50 = pct(plain_total_ms, 50)
            out[kind]["plain_total_p50_ms"] = round(t50, 2)
            out[kind]["plain_total_p95_ms"] = round(pct(plain_total_ms, 95), 2)
            out[kind]["ratio_total_p50"] = round(pct(api_ms, 50) / t50, 2) if t50 else None
            if profile_dir is not None and kind in (profile_kinds or []):
                profile_kind(d, kind, qs, profile_dir)
    finally:
        plain.close()
    return out


def whoosh_only(q: Any, patterns: bool = True) -> Any:
    """The query with Dossier's ``FastPhrase`` and prefix / wildcard / fuzzy queries
    replaced by Whoosh's own (for ``patterns``; a phrase being typed stays Dossier's)."""
    from whoosh import query as wq

    from index.patterns import FastFuzzy, FastPrefix, FastWildcard, PrefixPhrase
    from index.phrase import FastPhrase

    if patterns and isinstance(q, FastPrefix):
        return wq.Prefix(q.fieldname, q.text, boost=q.boost)
    if patterns and isinstance(q, FastWildcard):
        return wq.Wildcard(q.fieldname, q.text, boost=q.boost)
    if patterns and isinstance(q, FastFuzzy):
        return wq.FuzzyTerm(
            q.fieldname, q.text, boost=q.boost, maxdist=q.maxdist, prefixlength=q.prefixlength
        )
    if isinstance(q, FastPhrase) and not isinstance(q, PrefixPhrase):
        return wq.Phrase(
            q.fieldname, q.words, slop=q.slop, boost=q.boost, char_ranges=q.char_ranges
        )
    return q if q.is_leaf() else q.apply(lambda c: whoosh_only(c, patterns))


def latency_summary(api: list[float], plain: list[float], totals: list[int], errors: int) -> dict:
    a50, a95, p50, p95 = pct(api, 50), pct(api, 95), pct(plain, 50), pct(plain, 95)
    return {
        "n": len(api),
        "errors": errors,
        "api_p50_ms": round(a50, 2),
        "api_p95_ms": round(a95, 2),
        "api_mean_ms": round(statistics.fmean(api), 2) if api else 0.0,
        "plain_p50_ms": round(p50, 2),
        "plain_p95_ms": round(p95, 2),
        "plain_mean_ms": round(statistics.fmean(plain), 2) if plain else 0.0,
        "ratio_p50": round(a50 / p50, 2) if p50 else None,
        "ratio_p95": round(a95 / p95, 2) if p95 else None,
        "ratio_mean": round(sum(api) / sum(plain), 2) if sum(plain) else None,
        "hits_median": statistics.median(totals) if totals else 0,
        "zero_hit_queries": sum(1 for t in totals if t == 0),
    }


def profile_kind(d: Any, kind: str, qs: list[str], profile_dir: Path) -> None:
    import cProfile
    import pstats

    from index.query import QueryError

    prof = cProfile.Profile()
    prof.enable()
    for q in qs:
        with contextlib.suppress(QueryError):
            d.search(q, limit=20)
    prof.disable()
    profile_dir.mkdir(parents=True, exist_ok=True)
    path = profile_dir / f"search-{kind}.txt"
    with path.open("w") as fh:
        pstats.Stats(prof, stream=fh).sort_stats("cumulative").print_stats(35)


# --------------------------------------------------------------------------- subprocesses
def dossier_exe() -> list[str]:
    exe = Path(sys.executable).parent / "dossier"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "tui.cli"]


def measure_cli(corpus: Path, query: str, runs: int) -> dict:
    """``dossier --corpus DIR search QUERY --json``, warm: median wall time over ``runs``."""
    cmd = [*dossier_exe(), "--corpus", str(corpus), "--quiet", "search", query, "--json"]
    env = dict(os.environ)
    walls: list[float] = []
    rc = 0
    hits = None
    for i in range(runs + 1):  # the first run warms the OS cache, untimed
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
        wall = time.perf_counter() - t0
        rc = rc or proc.returncode
        if proc.returncode != 0:
            return {"error": (proc.stderr or proc.stdout).strip()[-300:], "runs": i}
        if i == 0:
            with contextlib.suppress(ValueError, KeyError):
                hits = json.loads(proc.stdout)["total"]
            continue
        walls.append(wall)
    return {
        "runs": len(walls),
        "median_s": round(statistics.median(walls), 3),
        "min_s": round(min(walls), 3),
        "max_s": round(max(walls), 3),
        "hits": hits,
        "command": "dossier --corpus DIR --quiet search TERM --json",
    }


def status_mb(key: str) -> float:
    """A /proc/self/status memory figure (VmRSS, VmHWM) in MB; 0.0 where unavailable."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def reset_peak_rss() -> bool:
    """Reset VmHWM (Linux: ``5`` into clear_refs), so a step's own peak can be read."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def probe(corpus: Path, queries_file: Path) -> dict:
    """Run in a fresh process: open the index, update (no-op), run queries; RSS at each step."""
    t_start = time.perf_counter()

    from index.api import Dossier

    if not actors_status()[0]:
        _install_actor_key_fallback()
    steps: dict[str, float] = {"imports_mb": status_mb("VmRSS")}
    t_imports = time.perf_counter() - t_start
    with timer() as t:
        d = Dossier.open(corpus)
    t_open = t()
    steps["open_mb"] = status_mb("VmRSS")
    with timer() as t:
        d.update()
    t_update = t()
    steps["update_mb"] = status_mb("VmRSS")
    steps["peak_before_queries_mb"] = status_mb("VmHWM")  # before any reset
    queries = json.loads(queries_file.read_text())
    first = None
    failed = 0
    peak_by_kind: dict[str, float] = {}
    first_by_kind: dict[str, float] = {}  # the first query of a kind pays lazy loads
    with timer() as t:
        for kind, qs in queries.items():
            reset = reset_peak_rss()
            for q in qs:
                t0 = time.perf_counter()
                try:
                    d.search(q, limit=20)
                except Exception:
                    failed += 1
                    continue
                if kind not in first_by_kind:
                    first_by_kind[kind] = round(time.perf_counter() - t0, 4)
                if first is None:
                    first = time.perf_counter() - t0
            if reset:
                peak_by_kind[kind] = status_mb("VmHWM")
    t_queries = t()
    steps["queries_mb"] = status_mb("VmRSS")
    d.close()
    # VmHWM, not ru_maxrss: a child exec'ed from the (big) bench process starts with
    # ru_maxrss = the parent's RSS at fork. Without clear_refs, fall back to ru_maxrss.
    peak = (
        max(steps["peak_before_queries_mb"], *peak_by_kind.values())
        if peak_by_kind
        else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    )
    return {
        "peak_rss_mb": round(peak, 1),
        "rss_steps_mb": steps,
        "imports_s": round(t_imports, 3),
        "open_s": round(t_open, 3),
        "noop_update_s": round(t_update, 3),
        "first_query_s": round(first or 0.0, 4),
        "queries": sum(len(v) for v in queries.values()),
        "queries_s": round(t_queries, 2),
        "failed_queries": failed,
        "peak_rss_by_kind_mb": peak_by_kind,
        "first_query_by_kind_s": first_by_kind,
    }


def measure_rss(corpus: Path, queries: dict[str, list[str]], workdir: Path) -> dict:
    qfile = workdir / "queries.json"  # corpus excerpts: only ever in the temp dir
    qfile.write_text(json.dumps(queries))
    cmd = [sys.executable, str(Path(__file__).resolve()), "--probe", str(corpus), str(qfile)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        return {"error": proc.stderr.strip()[-400:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def bench_app_script() -> Path:
    return ROOT / "bench" / "bench_app.py"


def parse_app_output(text: str) -> dict[str, Any]:
    """bench_app.py prints ``key value`` lines: a dict of them (numbers as floats)."""
    out: dict[str, Any] = {}
    for line in text.splitlines():
        key, _, value = line.strip().partition(" ")
        if not key or not value.strip():
            continue
        try:
            out[key] = float(value)
        except ValueError:
            out[key] = value.strip()
    return out


def measure_app(
    corpus: Path, queries: list[str], rounds: int = 1, timeout: float = 900
) -> dict[str, Any]:
    """``bench/bench_app.py --corpus DIR --query Q ... --rounds N`` (another engineer's).

    Runs with this run's ``DOSSIER_HOME``, so the index is already built (warm).
    """
    script = bench_app_script()
    if not script.exists():
        return {"error": "bench/bench_app.py not found"}
    cmd = [sys.executable, str(script), "--corpus", str(corpus), "--rounds", str(rounds)]
    for q in queries:
        cmd += ["--query", q]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"bench_app.py timed out after {timeout:.0f}s"}
    if proc.returncode != 0:
        return {"error": (proc.stderr or proc.stdout).strip()[-400:], "rc": proc.returncode}
    out = parse_app_output(proc.stdout)
    out["queries_typed"] = len(queries)
    imp, paint = out.get("import_tui_app_s"), out.get("first_paint_s")
    if isinstance(imp, float) and isinstance(paint, float):
        # import of tui.app in a fresh interpreter + app construction to first paint.
        # (bench_app's first_paint_from_process_start_s also counts its own import
        # probe subprocess, so it is not used.)
        out["start_to_first_paint_s"] = round(imp + paint, 4)
    return out


def measure_apps(corpus: Path, queries: dict[str, list[str]], samples: bool) -> dict[str, Any]:
    from index.paths import bundled_seeds

    res: dict[str, Any] = {
        "term": measure_app(corpus, queries["term"][:APP_QUERIES]),
        "phrase": measure_app(corpus, queries["phrase"][:APP_PHRASES]),
    }
    if samples:
        res["samples"] = measure_app(bundled_seeds(), queries["term"][:2])
    starts = [
        v["start_to_first_paint_s"]
        for k, v in res.items()
        if k != "samples" and "start_to_first_paint_s" in v
    ]
    res["figures"] = {
        "keystroke_p95_term": res["term"].get("keystroke_to_paint_p95_ms"),
        "keystroke_p95_phrase": res["phrase"].get("keystroke_to_paint_p95_ms"),
        "start_s": round(statistics.median(starts), 4) if starts else None,
        "start_samples_s": res.get("samples", {}).get("start_to_first_paint_s"),
    }
    return res


# --------------------------------------------------------------------------- targets
def evaluate(result: dict) -> list[dict]:
    n = result["config"]["articles"]
    ing = result["ingest"]
    q = result["queries"]
    app = result.get("app", {})
    ratios = [v["ratio_p50"] for v in q.values() if isinstance(v, dict) and v.get("ratio_p50")]
    ratios_total = [
        v["ratio_total_p50"] for v in q.values() if isinstance(v, dict) and v.get("ratio_total_p50")
    ]
    values: dict[str, float | None] = {
        "ingest_seconds": ing["update"]["seconds"],
        "ingest_vs_plain": ing.get("vs_plain"),
        "keystroke_p95_term": app.get("figures", {}).get("keystroke_p95_term"),
        "keystroke_p95_phrase": app.get("figures", {}).get("keystroke_p95_phrase"),
        "search_vs_plain": max(ratios) if ratios else None,
        "search_vs_plain_total": max(ratios_total) if ratios_total else None,
        "start_samples": app.get("figures", {}).get("start_samples_s"),
        "start_corpus": app.get("figures", {}).get("start_s"),
        "peak_rss_mb": result.get("rss", {}).get("peak_rss_mb"),
        "cli_search_median": result.get("cli", {}).get("median_s"),
        **memory_values(result),
    }
    rows = []
    for key, label, limit, unit, at in TARGETS:
        value = values.get(key)
        status = "N/A" if value is None else "PASS" if value <= limit else "FAIL"
        scale = "samples" if key == "start_samples" else (f"{n:,}" if at == 0 else f"{at:,}")
        applies = at == 0 or at == n
        rows.append(
            {
                "key": key,
                "target": label,
                "limit": limit,
                "unit": unit,
                "value": value,
                "status": status,
                "defined_at": "samples" if key == "start_samples" else (at or "any"),
                "measured_at": "samples" if key == "start_samples" else n,
                "indicative": not applies and status != "N/A",
                "scale": scale,
            }
        )
    return rows


def memory_values(result: dict) -> dict[str, float | None]:
    """Issue 13's memory figures: the updating process's peak (the index open + queries
    one, ``peak_rss_mb``, is read from the query probe as before)."""
    update = result.get("ingest", {}).get("update", {})
    return {"ingest_peak_rss_mb": update.get("peak_rss_mb")}


def memory_line(result: dict) -> str:
    """One sentence of what the update and the open index held resident."""
    u = result.get("ingest", {}).get("update", {})
    rss = result.get("rss", {})
    parts = []
    if u.get("peak_rss_mb") is not None:
        parts.append(
            f"update from empty: peak RSS {u['peak_rss_mb']:g} MB (the writing process, "
            f"{u.get('parent_cpu_s', 0):g} s CPU), pool workers {u.get('workers_peak_rss_mb', 0):.0f}"
            f" MB each at most, all processes at once {u.get('tree_peak_rss_mb', 0):.0f} MB"
        )
    if rss.get("peak_rss_mb") is not None:
        parts.append(f"index open + queries: peak RSS {rss['peak_rss_mb']:g} MB")
    return ("Memory: " + "; ".join(parts) + ".") if parts else "Memory: not measured."


# --------------------------------------------------------------------------- report
def render(result: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    con = Console(highlight=False, width=max(Console().width, 120))
    cfg = result["config"]
    m = result["machine"]
    con.print(
        f"[bold]Dossier benchmark[/]: {cfg['articles']:,} articles, {m['cores']} cores, "
        f"{m['cpu']}, Python {m['python']}, load {m['loadavg_start']} -> {m.get('loadavg_end')}"
    )
    ing = result["ingest"]
    t = Table(title="ingest")
    for col in ("phase", "seconds", "articles/s", "MB/s"):
        t.add_column(col, justify="right" if col != "phase" else "left")
    comp = ing["components"]
    for name in ("reading", "actors", "indexing"):
        r = comp.get(name)
        if r:
            t.add_row(
                f"{name} (1 core)",
                f"{r['seconds']:.2f}",
                str(r["articles_per_s"]),
                str(r["mb_per_s"]),
            )
        else:
            t.add_row(f"{name} (1 core)", "n/a", "", "")
    u = ing["update"]
    t.add_row(
        "Dossier.update() wall", f"{u['seconds']:.2f}", str(u["articles_per_s"]), str(u["mb_per_s"])
    )
    p = ing["plain"]
    if p.get("seconds") is not None:
        t.add_row(
            "plain Whoosh build",
            f"{p['seconds']:.2f}",
            str(p["articles_per_s"]),
            str(p["mb_per_s"]),
        )
    else:
        t.add_row("plain Whoosh build", "skipped", "", "")
    vs_plain = ing.get("vs_plain")
    t.add_row("update / plain", f"{vs_plain}x" if vs_plain is not None else "n/a", "", "")
    s = result["index_size"]
    t.add_row(
        "index on disk",
        f"{s['total_mb']} MB",
        f"whoosh {s['whoosh_mb']} MB",
        f"store {s['store_mb']} MB (plain {p['size_mb']} MB)",
    )
    con.print(t)
    con.print(memory_line(result))

    qt = Table(title="query latency, limit=20 (ms)")
    for col in (
        "kind",
        "n",
        "api p50",
        "api p95",
        "plain p50",
        "plain p95",
        "ratio p50",
        "plain+total p50",
        "ratio vs +total",
        "hits med",
    ):
        qt.add_column(col, justify="right" if col != "kind" else "left")
    for kind, v in result["queries"].items():
        if not v.get("n"):
            qt.add_row(kind, "0", "", "", "", "", "", "", "", v.get("note", ""))
            continue
        qt.add_row(
            kind, str(v["n"]), f"{v['api_p50_ms']:.1f}", f"{v['api_p95_ms']:.1f}",
            f"{v['plain_p50_ms']:.1f}", f"{v['plain_p95_ms']:.1f}", str(v["ratio_p50"]),
            f"{v.get('plain_total_p50_ms', float('nan')):.1f}", str(v.get("ratio_total_p50")),
            str(v["hits_median"]),
        )  # fmt: skip
    con.print(qt)

    tt = Table(title="targets")
    for col in ("target", "at", "limit", "measured", "status"):
        tt.add_column(col)
    for r in result["targets"]:
        value = "n/a" if r["value"] is None else f"{r['value']:g} {r['unit']}"
        status = r["status"] + (" (indicative)" if r["indicative"] else "")
        colour = {"PASS": "green", "FAIL": "red"}.get(r["status"], "yellow")
        tt.add_row(
            r["target"], r["scale"], f"<= {r['limit']:g} {r['unit']}", value,
            f"[{colour}]{status}[/]",
        )  # fmt: skip
    con.print(tt)
    for note in result["notes"]:
        con.print(f"- {note}")


def markdown(result: dict) -> str:
    """The result as Markdown tables (for docs/benchmarks.md)."""
    cfg, m, ing = result["config"], result["machine"], result["ingest"]
    comp, u, p, size = ing["components"], ing["update"], ing["plain"], result["index_size"]
    lines = [
        f"### {cfg['articles']:,} articles",
        "",
        f"{m['cores']} cores, {m['cpu']}, Python {m['python']}, Whoosh {m['whoosh']}, "
        f"Textual {m['textual']}; load average {m['loadavg_start']} at start, "
        f"{m.get('loadavg_end')} at end; actors extracted: {result['actors_available']}.",
        "",
        "| ingest | seconds | articles/s | MB/s |",
        "|---|--:|--:|--:|",
    ]
    for name in ("reading", "actors", "indexing"):
        r = comp.get(name)
        if r:
            lines.append(
                f"| {name} (1 core, all files) | {r['seconds']:.1f} | {r['articles_per_s']:,} "
                f"| {r['mb_per_s']} |"
            )
    lines += [
        f"| `Dossier.update()` from empty (wall) | {u['seconds']:.1f} | {u['articles_per_s']:,} "
        f"| {u['mb_per_s']} |",
        f"| plain Whoosh build (wall) | {p['seconds']:.1f} | {p['articles_per_s']:,} "
        f"| {p['mb_per_s']} |"
        if p.get("seconds") is not None
        else "| plain Whoosh build | skipped | | |",
        f"| update / plain | {ing['vs_plain']}x | | |"
        if ing.get("vs_plain") is not None
        else "| update / plain | n/a | | |",
        "",
        f"Index on disk: {size['total_mb']} MB (Whoosh {size['whoosh_mb']} MB + document store "
        f"{size['store_mb']} MB)"
        + (f"; the plain Whoosh index: {p['size_mb']} MB." if p.get("size_mb") else "."),
        "",
        memory_line(result),
        "",
        "| query kind | n | API p50 ms | API p95 ms | plain p50 ms | plain p95 ms "
        "| ratio p50 | plain + total p50 ms | ratio vs + total | median hits |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for kind, v in result["queries"].items():
        if not v.get("n"):
            lines.append(f"| {kind} | 0 | | | | | | | | |")
            continue
        lines.append(
            f"| {kind} | {v['n']} | {v['api_p50_ms']:.1f} | {v['api_p95_ms']:.1f} "
            f"| {v['plain_p50_ms']:.1f} | {v['plain_p95_ms']:.1f} | {v['ratio_p50']} "
            f"| {v.get('plain_total_p50_ms', float('nan')):.1f} | {v.get('ratio_total_p50')} "
            f"| {v['hits_median']:g} |"
        )
    lines += ["", "| target | defined at | limit | measured | status |", "|---|---|--:|--:|---|"]
    for r in result["targets"]:
        value = "n/a" if r["value"] is None else f"{r['value']:g} {r['unit']}"
        status = r["status"] + (" (indicative)" if r["indicative"] else "")
        lines.append(
            f"| {r['target']} | {r['scale']} | <= {r['limit']:g} {r['unit']} | {value} "
            f"| **{status}** |"
        )
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- driver
def run(cfg: Config) -> dict:
    own_workdir = cfg.workdir is None
    workdir = cfg.workdir or Path(tempfile.mkdtemp(prefix="dossier-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    home = workdir / "home"
    old_home = os.environ.get("DOSSIER_HOME")
    os.environ["DOSSIER_HOME"] = str(home)  # the index, aliases etc. in the temp dir
    notes = list(cfg.notes)
    result: dict[str, Any] = {
        "config": {
            "articles": cfg.articles,
            "per_kind": cfg.per_kind,
            "seed": cfg.seed,
            "cli_runs": cfg.cli_runs,
            "source": "seeds" if cfg.seeds else "reuters21578",
            "command": " ".join(["python", "bench/bench.py", *sys.argv[1:]])
            if sys.argv and sys.argv[0].endswith("bench.py")
            else None,
        },
        "machine": machine(),
        "notes": notes,
    }
    try:
        started = time.perf_counter()
        log(cfg, f"workdir {workdir}; preparing {cfg.articles:,} articles")
        with timer() as t:
            corpus = bcorpus.prepare_corpus(cfg.tar, cfg.seeds, workdir, cfg.articles)
        files = bcorpus.corpus_files(corpus)
        result["corpus"] = {
            "articles": len(files),
            "bytes": sum(p.stat().st_size for p in files),
            "prepare_s": round(t(), 2),
        }

        actors, why = actors_status()
        result["actors_available"] = actors
        if not actors:
            _install_actor_key_fallback()
            notes.append(
                f"index.actors unavailable ({why}): ingest measured WITHOUT actor extraction, "
                "no actor: queries"
            )
        log(cfg, f"actors available: {actors}")

        plain: dict[str, Any] = {"skipped": True, "seconds": None, "size_mb": None}
        components: dict[str, Any] = {"skipped": True, "sum_seconds": None}
        if cfg.components:
            log(cfg, "plain Whoosh build")
            plain = measure_plain_build(files, corpus, workdir / "plain-ix")
            shutil.rmtree(workdir / "plain-ix", ignore_errors=True)
        log(cfg, "Dossier.update() from scratch")
        update, index_dir = measure_update(corpus, actors)
        log(cfg, f"  {update['seconds']:.1f}s")
        if cfg.components:
            log(cfg, "single-core components (read/actors/index)")
            components = measure_components(files, corpus, workdir / "scratch-ix", actors)
            shutil.rmtree(workdir / "scratch-ix", ignore_errors=True)
        result["ingest"] = {
            "update": update,
            "plain": plain,
            "components": components,
            "vs_plain": round(update["seconds"] / plain["seconds"], 2)
            if plain["seconds"]
            else None,
            "components_sum_vs_update": round(components["sum_seconds"] / update["seconds"], 2)
            if components["sum_seconds"]
            else None,
            "loadavg": loadavg(),
        }
        result["index_size"] = index_size(index_dir)

        from index.api import Dossier

        log(cfg, "queries")
        d = Dossier.open(corpus)
        try:
            queries, n_actor_names = make_queries(d, cfg.per_kind, cfg.seed)
            result["query_generation"] = {
                "kinds": list(bqueries.KINDS),
                "per_kind": {k: len(v) for k, v in queries.items()},
                "actor_names": n_actor_names,
            }
            profile_dir = workdir / "profiles" if cfg.profile else None
            result["queries"] = measure_queries(d, queries, profile_dir, cfg.profile)
            if profile_dir:
                result["profiles_dir"] = str(profile_dir)
        finally:
            d.close()
        result["queries_loadavg"] = loadavg()

        if cfg.cli_runs > 0:
            log(cfg, f"dossier search x{cfg.cli_runs}")
            term = queries["term"][0]
            result["cli"] = measure_cli(corpus, term, cfg.cli_runs)
        else:
            result["cli"] = {"skipped": True}

        if cfg.rss:
            log(cfg, "peak RSS probe")
            result["rss"] = measure_rss(corpus, queries, workdir)
        else:
            result["rss"] = {"skipped": True}

        if cfg.app:
            log(cfg, "bench_app.py: keystroke to paint (term, phrase), start on the samples")
            result["app"] = measure_apps(corpus, queries, cfg.app_samples)
            for k in ("term", "phrase", "samples"):
                if "error" in result["app"].get(k, {}):
                    notes.append(f"bench_app.py ({k}): {result['app'][k]['error'][-200:]}")
        else:
            result["app"] = {"skipped": True}

        result["machine"]["loadavg_end"] = loadavg()
        result["total_s"] = round(time.perf_counter() - started, 1)
        result["targets"] = evaluate(result)
        if (result["machine"]["loadavg_start"] or [0])[0] > 0.5:
            notes.append(
                f"the machine was shared (load average {result['machine']['loadavg_start']} at "
                f"start, {result['machine']['loadavg_end']} at end): timings are noisy"
            )
        return result
    finally:
        if old_home is None:
            os.environ.pop("DOSSIER_HOME", None)
        else:
            os.environ["DOSSIER_HOME"] = old_home
        if own_workdir and not cfg.keep:
            shutil.rmtree(workdir, ignore_errors=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--articles", type=int, default=bcorpus.REUTERS_ARTICLES)
    p.add_argument("--tar", type=Path, help="the Reuters archive (default ../shared/corpus/...)")
    p.add_argument("--seeds", type=Path, help="replicate these *.txt files instead (tests)")
    p.add_argument("--workdir", type=Path, help="work here (default: a new temp dir, removed)")
    p.add_argument("--keep", action="store_true", help="keep the temp dir")
    p.add_argument("--json", type=Path, dest="json_out", help="default /tmp/dossier-bench-N.json")
    p.add_argument("--per-kind", type=int, default=200, help="queries per kind (default 200)")
    p.add_argument("--seed", type=int, default=1987)
    p.add_argument("--cli-runs", type=int, default=10)
    p.add_argument("--no-app", action="store_true", help="skip bench_app.py")
    p.add_argument("--no-rss", action="store_true", help="skip the peak-RSS probe process")
    p.add_argument(
        "--no-components",
        action="store_true",
        help="skip the plain Whoosh build and the single-core components (quicker re-runs)",
    )
    p.add_argument(
        "--profile",
        nargs="?",
        const=",".join(bqueries.KINDS),
        default="",
        metavar="KINDS",
        help="cProfile the search API per query kind (all, or e.g. term,phrase)",
    )
    p.add_argument("--quiet", action="store_true")
    p.add_argument("--markdown", type=Path, metavar="JSON", help="print a result as Markdown")
    p.add_argument(
        "--probe", nargs=2, type=Path, metavar=("CORPUS", "QUERIES"), help=argparse.SUPPRESS
    )
    p.add_argument("--ingest-probe", type=Path, metavar="CORPUS", help=argparse.SUPPRESS)
    p.add_argument("--no-actors", action="store_true", help=argparse.SUPPRESS)
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.probe:
        print(json.dumps(probe(*args.probe)))
        return 0
    if args.ingest_probe:
        print(json.dumps(ingest_probe(args.ingest_probe, actors=not args.no_actors)))
        return 0
    if args.markdown:
        print(markdown(json.loads(args.markdown.read_text())), end="")
        return 0
    cfg = Config(
        articles=args.articles,
        tar=args.tar,
        seeds=args.seeds,
        workdir=args.workdir,
        keep=args.keep,
        json_out=args.json_out
        or Path(tempfile.gettempdir()) / f"dossier-bench-{args.articles}.json",
        per_kind=args.per_kind,
        seed=args.seed,
        cli_runs=args.cli_runs,
        app=not args.no_app,
        rss=not args.no_rss,
        components=not args.no_components,
        profile=[k for k in args.profile.split(",") if k],
        quiet=args.quiet,
    )
    result = run(cfg)
    assert cfg.json_out is not None
    cfg.json_out.write_text(json.dumps(result, indent=2) + "\n")
    render(result)
    print(f"JSON: {cfg.json_out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
