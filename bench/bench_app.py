"""Benchmark the app with Pilot (not a timed test): start to first paint, keystroke to paint.

    python bench/bench_app.py --corpus DIR [--home DIR] [--size 120x40] [--query TEXT ...]
    python bench/bench_app.py --corpus DIR --phrases 50 --rounds 1


* import: ``import tui.app`` in a fresh interpreter.
* first paint: from constructing the app to its first screen refresh (the index is
  opened and updated after that, in a worker), and from process start (import included).
* index ready: until the incremental index update finished (a fresh home: a full build).
* keystroke to paint: each query typed a character at a time; for each key, from the
  keypress to the end of the result list's repaint (its last line rendered in that screen
  update; ``list_paint`` is that repaint alone, first line to last) with the result of
  exactly that query, searched
  as the app searches it (the word being typed as a prefix while the cursor is after it:
  ``"oil pri`` lists "oil prices").
* ``--phrases N``: type N phrases drawn from the corpus (``bench/queries.py``, seeded: the
  same N phrases each run), as issue 13's "typing 50 phrases" does. They are corpus text:
  kept in memory, never printed.
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


def corpus_phrases(corpus: Path, n: int, seed: int) -> list[str]:
    """``n`` phrases from the index's own articles (``DOSSIER_HOME``'s index of the corpus)."""
    import random

    here = Path(__file__).resolve().parent  # bench/ must not shadow the bench package
    sys.path[:] = [str(REPO)] + [p for p in sys.path if Path(p or ".").resolve() != here]
    from bench.queries import SAMPLE_ARTICLES, generate
    from index.api import Dossier

    d = Dossier.open(corpus)
    try:
        ids = sorted(d.article_ids())
        if len(ids) > SAMPLE_ARTICLES:  # as bench.py draws them
            ids = sorted(random.Random(seed).sample(ids, SAMPLE_ARTICLES))
        pairs = [(a.title, a.text) for i in ids if (a := d.article(i)) is not None]
    finally:
        d.close()
    return generate(pairs, [], per_kind=n, seed=seed)["phrase"][:n]


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def time_searches(into: dict[tuple[str, bool], float]) -> None:
    """Record how long each first-page ``Session.search`` call of the app takes (lock
    waits included), by (query, prefix): what the keystroke-to-paint time owes to the
    search call, the rest being the app's."""
    from index.api import Session

    search = Session.search

    def timed(self: Session, query: str, *args: object, **kwargs: object) -> object:
        t0 = time.perf_counter()
        result = search(self, query, *args, **kwargs)  # type: ignore[arg-type]
        if not kwargs.get("offset"):
            into[(query, bool(kwargs.get("prefix")))] = time.perf_counter() - t0
        return result

    Session.search = timed  # type: ignore[method-assign]


async def run(corpus: Path, size: tuple[int, int], queries: list[str], rounds: int) -> dict:
    from index.paths import DossierDirs
    from tui.app import DossierApp
    from tui.widgets.results import ResultList
    from tui.widgets.search_input import SearchInput

    imported = time.perf_counter()
    searched: dict[tuple[str, bool], float] = {}
    time_searches(searched)
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
        search_times: list[float] = []  # the search call of each keystroke timed
        app_times: list[float] = []  # keystroke to paint, less that search call
        list_paints: list[float] = []  # the list's repaint: its first line to its last
        errors = 0
        cpu = time.thread_time()  # the event loop's thread: the app's own work
        for _ in range(rounds):
            for query in queries:
                inp.value = ""
                while screen.search.shown_query != "" or screen.search.in_flight:
                    await pilot.pause()
                for ch in query:
                    before = results.painted.at
                    searched.clear()
                    t0 = time.perf_counter()
                    await pilot.press(ch if ch != " " else "space")
                    want = (inp.value, inp.prefix)
                    while True:
                        painted = results.painted
                        if (painted.query, painted.prefix) == want and painted.at > before:
                            latencies.append(painted.at - t0)
                            list_paints.append(painted.at - painted.started)
                            if (took := searched.get(want)) is not None:
                                search_times.append(took)
                                app_times.append(painted.at - t0 - took)
                            break
                        if screen.search.shown_query == want[0] and screen.search.query_error:
                            errors += 1  # an incomplete query (title:): explained, not listed
                            break
                        await pilot.pause()
        cpu = time.thread_time() - cpu
        stats["queries_typed"] = len(queries)
        stats["keystrokes"] = len(latencies)
        stats["keystrokes_with_query_error"] = errors
        stats["keystroke_to_paint_p50_ms"] = pct(latencies, 50) * 1000
        stats["keystroke_to_paint_p95_ms"] = pct(latencies, 95) * 1000
        stats["keystroke_to_paint_max_ms"] = max(latencies) * 1000
        stats["keystroke_to_paint_mean_ms"] = statistics.mean(latencies) * 1000
        stats["ui_thread_cpu_ms_per_key"] = cpu * 1000 / max(len(latencies), 1)
        stats["search_call_p50_ms"] = pct(search_times, 50) * 1000
        stats["search_call_p95_ms"] = pct(search_times, 95) * 1000
        stats["app_side_p50_ms"] = pct(app_times, 50) * 1000
        stats["app_side_p95_ms"] = pct(app_times, 95) * 1000
        stats["list_paint_p50_ms"] = pct(list_paints, 50) * 1000
        stats["list_paint_p95_ms"] = pct(list_paints, 95) * 1000
        await pilot.press("ctrl+q")
    return stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, metavar="DIR")
    parser.add_argument("--home", type=Path, help="DOSSIER_HOME (default: a fresh temp dir)")
    parser.add_argument("--size", default="120x40", help="terminal size, WxH")
    parser.add_argument("--query", action="append", help="a query to type (repeatable)")
    parser.add_argument("--rounds", type=int, default=2, help="times each query is typed")
    parser.add_argument(
        "--phrases", type=int, metavar="N", help="type N phrases drawn from the corpus instead"
    )
    parser.add_argument("--seed", type=int, default=1987, help="seed of the --phrases draw")
    args = parser.parse_args(argv)
    if args.home:
        os.environ["DOSSIER_HOME"] = str(args.home)
    elif "DOSSIER_HOME" not in os.environ:
        os.environ["DOSSIER_HOME"] = tempfile.mkdtemp(prefix="dossier-bench-")
    width, height = (int(x) for x in args.size.lower().split("x"))
    corpus = args.corpus.resolve()
    queries = args.query or DEFAULT_QUERIES
    if args.phrases:
        queries = corpus_phrases(corpus, args.phrases, args.seed)
    stats = {"import_tui_app_s": import_seconds()}
    stats |= asyncio.run(run(corpus, (width, height), queries, args.rounds))
    for key, value in stats.items():
        print(f"{key:36} {value:.4f}" if isinstance(value, float) else f"{key:36} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
