"""The benchmark's driver on the five sample articles: every JSON key is there (not timed)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from bench import bench, corpus, queries

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

TOP_KEYS = {
    "config", "machine", "notes", "corpus", "actors_available", "ingest", "index_size",
    "query_generation", "queries", "queries_loadavg", "cli", "rss", "app", "total_s", "targets",
}  # fmt: skip
INGEST_KEYS = {"update", "plain", "components", "vs_plain", "components_sum_vs_update", "loadavg"}
LATENCY_KEYS = {
    "n", "errors", "api_p50_ms", "api_p95_ms", "api_mean_ms", "plain_p50_ms", "plain_p95_ms",
    "plain_mean_ms", "ratio_p50", "ratio_p95", "ratio_mean", "hits_median", "zero_hit_queries",
}  # fmt: skip


def test_replicate_gives_distinct_articles(tmp_path: Path) -> None:
    sources = sorted(SEEDS.glob("*.txt"))
    root = corpus.build(sources, tmp_path / "c", 12)
    files = corpus.corpus_files(root)
    assert len(files) == 12
    assert len({f.read_bytes() for f in files}) == 12  # every copy differs
    assert {f.parent.name for f in files} == {"c00", "c01", "c02"}
    assert files[0].read_bytes() == sources[0].read_bytes()  # copy 0 unchanged


def test_queries_are_deterministic() -> None:
    arts = [(p.read_text().split("\n", 1)[0], p.read_text()) for p in sorted(SEEDS.glob("*.txt"))]
    a = queries.generate(arts, ["Some Actor"], per_kind=7, seed=3)
    b = queries.generate(arts, ["Some Actor"], per_kind=7, seed=3)
    assert a == b
    assert set(a) == set(queries.KINDS)
    assert all(len(v) == 7 for v in a.values())
    assert all(q.startswith('"') and q.endswith('"') for q in a["phrase"])
    assert all(q.endswith("*") for q in a["wildcard"])
    assert all(q.endswith("~") for q in a["fuzzy"])
    assert all(q.startswith("date:[1987-") for q in a["date_range"])


def test_percentile() -> None:
    values = [float(v) for v in range(1, 101)]
    assert bench.pct(values, 50) == 50.0
    assert bench.pct(values, 95) == 95.0
    assert bench.pct([], 95) == 0.0


def test_run_on_seeds_writes_every_key(tmp_path: Path) -> None:
    home_before = os.environ.get("DOSSIER_HOME")
    cfg = bench.Config(
        articles=5,
        seeds=SEEDS,
        workdir=tmp_path / "work",
        per_kind=3,
        cli_runs=1,
        app=False,
        rss=True,
        quiet=True,
    )
    result = bench.run(cfg)
    out = tmp_path / "bench.json"
    out.write_text(json.dumps(result))
    data = json.loads(out.read_text())

    assert set(data) >= TOP_KEYS
    assert set(data["ingest"]) >= INGEST_KEYS
    assert data["ingest"]["update"]["articles"] == 5
    # the update ran in its own process, which reported its own peak RSS and CPU time
    update = data["ingest"]["update"]
    assert update["peak_rss_mb"] > 10 and update["parent_cpu_s"] >= 0
    assert "index_dir" not in update
    ingest_rss = next(t for t in data["targets"] if t["key"] == "ingest_peak_rss_mb")
    assert ingest_rss["value"] == update["peak_rss_mb"]
    assert {"reading", "actors", "indexing", "sum_seconds"} <= set(data["ingest"]["components"])
    assert {"total_mb", "whoosh_mb", "store_mb"} <= set(data["index_size"])
    assert set(data["queries"]) == set(queries.KINDS)
    for kind, v in data["queries"].items():
        if kind == "actor" and not v["n"]:
            continue  # no actors extracted: no actor: queries
        assert set(v) >= LATENCY_KEYS, kind
        assert v["n"] == 3
    assert "peak_rss_mb" in data["rss"]
    # the CLI ran and answered (an error there is a broken bench, not a measurement)
    assert "error" not in data["cli"], data["cli"]["error"]
    assert data["cli"]["runs"] == 1 and data["cli"]["median_s"] > 0
    assert isinstance(data["cli"]["hits"], int)
    assert [t["key"] for t in data["targets"]] == [t[0] for t in bench.TARGETS]
    for t in data["targets"]:
        assert t["status"] in {"PASS", "FAIL", "N/A"}
    assert os.environ.get("DOSSIER_HOME") == home_before  # restored
