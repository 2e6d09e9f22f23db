"""Benchmark the app with Pilot (not a timed test): start to first paint, keystroke to paint.

    python bench/bench_app.py --corpus DIR [--home DIR] [--size 120x40] [--query TEXT ...]

* import: ``import tui.app`` in a fresh interpreter.
* first paint: from constructing the app to its first screen refresh (the index is
  opened and updated after that, in a worker), and from process start (import included).
* index ready: until the incremental index update finished (a fresh home: a full build).
* keystroke to paint: each query typed a character at a time; for each key, from the
  keypress to the result list repainting with the result of exactly that query.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROCESS_START = time.perf_counter()
REPO = Path(__file__).resolve().parents[1]
DEFAULT_QUERIES = ["korea", "russia troops", '"Article 4"', "oil prices", 'title:"north korea"']


def import_seconds() -> float:
    code = "import time; t = time.perf_counter(); import tui.app; print(time.perf_counter() - t)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    return float(out.stdout.strip())


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


async def run(corpus: Path, size: tuple[int, int], queries: list[str], rounds: int) -> dict:
    from index.paths import DossierDirs
    from tui.app import DossierApp
    from tui.widgets.results import ResultList
    from tui.widgets.search_input import SearchInput

    imported = time.perf_counter()
    app = DossierApp(corpus, DossierDirs.from_env(), theme="textual-dark")
    constructed = time.perf_counter()
    stats: dict = {}
    async with app.run_test(size=size) as pilot:
        while app.first_paint_at is None:
            await pilot.pause()
        stats["first_paint_s"] = app.first_paint_at - constructed
        stats["first_paint_from_process_start_s"] = app.first_paint_at - PROCESS_START
        stats["import_in_process_s"] = imported - PROCESS_START
        screen = app.main_screen
        assert screen is not None
        while app.index_ready_at is None or screen.search.result is None:
            await app.workers.wait_for_complete()
            await pilot.pause()
        stats["index_ready_s"] = app.index_ready_at - constructed
        stats["articles"] = screen.search.update_summary
        inp = screen.query_one(SearchInput)
        results = screen.query_one(ResultList)
        latencies: list[float] = []
        errors = 0
        for _ in range(rounds):
            for query in queries:
                inp.value = ""
                while screen.search.shown_query != "" or screen.search.in_flight:
                    await pilot.pause()
                for ch in query:
                    before = results.painted.at
                    t0 = time.perf_counter()
                    await pilot.press(ch if ch != " " else "space")
                    want = inp.value
                    while True:
                        if results.painted.query == want and results.painted.at > before:
                            latencies.append(results.painted.at - t0)
                            break
                        if screen.search.shown_query == want and screen.search.query_error:
                            errors += 1  # an incomplete query (title:): explained, not listed
                            break
                        await pilot.pause()
        stats["keystrokes"] = len(latencies)
        stats["keystrokes_with_query_error"] = errors
        stats["keystroke_to_paint_p50_ms"] = pct(latencies, 50) * 1000
        stats["keystroke_to_paint_p95_ms"] = pct(latencies, 95) * 1000
        stats["keystroke_to_paint_max_ms"] = max(latencies) * 1000
        stats["keystroke_to_paint_mean_ms"] = statistics.mean(latencies) * 1000
        await pilot.press("ctrl+q")
    return stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, metavar="DIR")
    parser.add_argument("--home", type=Path, help="DOSSIER_HOME (default: a fresh temp dir)")
    parser.add_argument("--size", default="120x40", help="terminal size, WxH")
    parser.add_argument("--query", action="append", help="a query to type (repeatable)")
    parser.add_argument("--rounds", type=int, default=2, help="times each query is typed")
    args = parser.parse_args(argv)
    if args.home:
        os.environ["DOSSIER_HOME"] = str(args.home)
    elif "DOSSIER_HOME" not in os.environ:
        os.environ["DOSSIER_HOME"] = tempfile.mkdtemp(prefix="dossier-bench-")
    width, height = (int(x) for x in args.size.lower().split("x"))
    stats = {"import_tui_app_s": import_seconds()}
    stats |= asyncio.run(
        run(args.corpus.resolve(), (width, height), args.query or DEFAULT_QUERIES, args.rounds)
    )
    for key, value in stats.items():
        print(f"{key:36} {value:.4f}" if isinstance(value, float) else f"{key:36} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
