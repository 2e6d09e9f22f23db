"""Analyst views: facets, co-occurrence and timeline latency over every hit.

    python bench/bench_views.py --corpus DIR            # an archive already on disk
    python bench/bench_views.py --articles 19043        # Reuters, unpacked into a temp dir

Opens (building if needed) the corpus's index in a temp ``DOSSIER_HOME`` (``--home`` to
reuse one), then for each query of thousands of hits (common words whose total lies in
``--min-hits``..``--max-hits``; the words are picked by their totals, never written from
the text) times ``Dossier.facets`` (months, sources, actors), ``Dossier.cooccurrence``
of the corpus's top actors, alone and within the query, and ``Dossier.timeline``.
``cold`` is the first call after opening (it loads the per-document columns once per
index generation); the others are warm (median and p95 of ``--runs``). Prints a table
and the target (<= 150 ms warm, p50), with the load average; ``--json PATH`` writes it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if __name__ == "__main__":  # run as a script: bench/ must not shadow the bench package
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
    sys.path.insert(0, str(HERE.parent))

from bench import corpus as bcorpus  # noqa: E402
from bench.bench import loadavg, pct  # noqa: E402

TARGET_MS = 150.0
CANDIDATES = (
    "oil", "trade", "bank", "dollar", "share", "market", "government", "prices", "billion",
    "company", "rate", "stock", "japan", "exports", "profit", "sales", "loss", "net",
)  # fmt: skip


def timed(fn: Callable[[], Any], runs: int) -> dict[str, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return {"p50_ms": round(pct(times, 50), 1), "p95_ms": round(pct(times, 95), 1)}


def pick_queries(d: Any, lo: int, hi: int, n: int) -> list[tuple[str, int]]:
    out = []
    for word in CANDIDATES:
        total = d.search(word, limit=0).total
        if lo <= total <= hi:
            out.append((word, total))
        if len(out) == n:
            break
    return out


def run(corpus: Path, runs: int, lo: int, hi: int, n_queries: int) -> dict:
    from index.api import Dossier

    d = Dossier.open(corpus)
    started = time.perf_counter()
    d.update()
    update_s = time.perf_counter() - started
    started = time.perf_counter()
    top = [a.name for a in d.actors().corpus[:3]]
    actors_s = time.perf_counter() - started
    queries = pick_queries(d, lo, hi, n_queries)
    if not queries:
        raise SystemExit(f"no candidate word has {lo}..{hi} hits in this corpus")
    start = time.perf_counter()
    d.facets(queries[0][0])
    cold_ms = (time.perf_counter() - start) * 1000
    rows: list[dict] = []
    for word, total in queries:
        rows.append({"view": "facets", "query": word, "hits": total,
                     **timed(lambda w=word: d.facets(w), runs)})  # fmt: skip
        rows.append({"view": "timeline", "query": word, "hits": total,
                     **timed(lambda w=word: d.timeline(w), runs)})  # fmt: skip
        for name in top:
            co = d.cooccurrence(name, word)
            rows.append({"view": "cooccurrence in query", "query": f"{name} / {word}",
                         "hits": co.actor.articles,
                         **timed(lambda n=name, w=word: d.cooccurrence(n, w), runs)})  # fmt: skip
    for name in top:
        co = d.cooccurrence(name)
        rows.append({"view": "cooccurrence", "query": name, "hits": co.actor.articles,
                     **timed(lambda n=name: d.cooccurrence(n), runs)})  # fmt: skip
    everything = d.count()
    rows.append({"view": "facets (every article)", "query": "", "hits": everything,
                 **timed(lambda: d.facets(""), runs)})  # fmt: skip
    d.close()
    worst = {
        view: max(r["p50_ms"] for r in rows if r["view"] == view)
        for view in ("facets", "cooccurrence", "cooccurrence in query", "timeline")
    }
    return {
        "articles": everything,
        "update_s": round(update_s, 1),
        "actors_load_s": round(actors_s, 2),
        "cold_facets_ms": round(cold_ms, 1),
        "runs": runs,
        "rows": rows,
        "worst_p50_ms": worst,
        "target_ms": TARGET_MS,
        "pass": all(v <= TARGET_MS for v in worst.values()),
        "loadavg": loadavg(),
        "cpus": os.cpu_count(),
    }


def render(result: dict) -> None:
    print(f"{result['articles']} articles; load average {result['loadavg']}; "
          f"{result['runs']} runs each; cold facets (columns loaded) "
          f"{result['cold_facets_ms']} ms; actors loaded in {result['actors_load_s']} s")  # fmt: skip
    print(f"{'view':<24}{'query':<40}{'hits':>7}{'p50 ms':>9}{'p95 ms':>9}")
    for r in result["rows"]:
        print(f"{r['view']:<24}{r['query'][:38]:<40}{r['hits']:>7}{r['p50_ms']:>9}{r['p95_ms']:>9}")
    verdict = "PASS" if result["pass"] else "FAIL"
    print(f"worst p50 per view {result['worst_p50_ms']} (target <= {TARGET_MS:.0f} ms): {verdict}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--corpus", type=Path, help="an archive folder (default: Reuters from --tar)")
    p.add_argument("--articles", type=int, default=bcorpus.REUTERS_ARTICLES)
    p.add_argument("--tar", type=Path, help="the Reuters archive (default ../shared/corpus/...)")
    p.add_argument("--home", type=Path, help="DOSSIER_HOME to use (keeps the index between runs)")
    p.add_argument("--runs", type=int, default=15)
    p.add_argument("--min-hits", type=int, default=1000)
    p.add_argument("--max-hits", type=int, default=5000)
    p.add_argument("--queries", type=int, default=4)
    p.add_argument("--json", type=Path, dest="json_out")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="dossier-bench-views-") as tmp:
        work = Path(tmp)
        os.environ["DOSSIER_HOME"] = str(args.home or work / "home")
        corpus = args.corpus or bcorpus.prepare_corpus(args.tar, None, work, args.articles)
        result = run(corpus.resolve(), args.runs, args.min_hits, args.max_hits, args.queries)
    render(result)
    if args.json_out:
        args.json_out.write_text(json.dumps(result, indent=2) + "\n")
    return 0 if result["pass"] else 1


if __name__ == "__main__":
    sys.exit(main())
