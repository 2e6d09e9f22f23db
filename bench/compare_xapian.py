"""Xapian side of issue 13's moonshot: the same corpus and queries as a bench run.

Xapian is the engine of Recoll and notmuch. It is not a dependency of Dossier: run this
with a Python that has it, in a scratch venv (``pip install xapian-bindings-binary``):

    python bench/bench.py --articles 100000 --workdir /tmp/b100 --keep ...
    /tmp/xapvenv/bin/python bench/compare_xapian.py /tmp/b100/corpus /tmp/b100/queries.json /tmp/xap100

The queries are the bench's (``queries.json`` in its kept workdir, written for the RSS
probe). Each is asked for its top 20 with the exact total (``check_at_least`` = the doc
count, as Dossier's totals are exact). Translations: ``actor:"Name"`` becomes the phrase
"Name" (Xapian has no actors), a date range a value range on the ``Published:`` date,
a prefix query Xapian's FLAG_PARTIAL; fuzzy has no Xapian counterpart. Prints p50/p95 ms.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

import xapian

DATE_RE = re.compile(r"^Published:\s*(\d{1,2}) (\w{3})\w*\.? (\d{4})", re.M)
MONTHS = {
    m: i
    for i, m in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}


def build(corpus: Path, db_dir: Path) -> float:
    db = xapian.WritableDatabase(str(db_dir), xapian.DB_CREATE_OR_OVERWRITE)
    tg = xapian.TermGenerator()
    t = time.perf_counter()
    for p in sorted(corpus.rglob("*.txt")):
        text = p.read_text("utf-8", errors="replace")
        title, _, body = text.partition("\n")
        doc = xapian.Document()
        tg.set_document(doc)
        tg.index_text(title, 1, "S")
        tg.increase_termpos()
        tg.index_text(title)
        tg.increase_termpos()
        tg.index_text(body)
        m = DATE_RE.search(text[:400])
        if m:
            d = f"{int(m.group(3)):04d}{MONTHS.get(m.group(2)[:3], 1):02d}{int(m.group(1)):02d}"
            doc.add_value(0, d)
        doc.set_data(str(p))
        db.add_document(doc)
    db.commit()
    db.close()
    return time.perf_counter() - t


def to_xapian(kind: str, q: str) -> str | None:
    if kind == "fuzzy":
        return None
    if kind == "actor":
        m = re.match(r'actor:"(.*)"', q)
        return f'"{m.group(1)}"' if m else None
    if kind == "date_range":
        m = re.match(r"date:\[(\S+) to (\S+)\]", q)
        return f"{m.group(1).replace('-', '')}..{m.group(2).replace('-', '')}"
    if kind == "two_terms":
        return " AND ".join(q.split())
    return q


def _pct(sorted_ms: list[float], q: float) -> float:
    return round(sorted_ms[min(len(sorted_ms) - 1, int(q * len(sorted_ms)))], 2)


def main() -> None:
    corpus, queries_file, db_dir = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    if not (db_dir / "iamglass").exists():
        print(f"build: {build(corpus, db_dir):.1f} s", flush=True)
    db = xapian.Database(str(db_dir))
    n = db.get_doccount()
    qp = xapian.QueryParser()
    qp.set_database(db)
    qp.set_default_op(xapian.Query.OP_AND)
    qp.add_rangeprocessor(xapian.RangeProcessor(0))
    flags = (
        xapian.QueryParser.FLAG_PHRASE
        | xapian.QueryParser.FLAG_BOOLEAN
        | xapian.QueryParser.FLAG_WILDCARD
        | xapian.QueryParser.FLAG_LOVEHATE
    )
    queries = json.loads(queries_file.read_text())
    out = {}
    for kind, qs in queries.items():
        times = []
        totals = []
        for q in qs:
            xq = to_xapian(kind, q)
            if xq is None:
                break
            f = flags | (xapian.QueryParser.FLAG_PARTIAL if kind == "prefix" else 0)
            t = time.perf_counter()
            enq = xapian.Enquire(db)
            enq.set_query(qp.parse_query(xq, f))
            ms = enq.get_mset(0, 20, n)
            totals.append(ms.get_matches_estimated())  # exact: check_at_least = n
            _ = [m.docid for m in ms]
            times.append((time.perf_counter() - t) * 1000)
        if times:
            times.sort()
            out[kind] = {
                "p50": _pct(times, 0.5),
                "p95": _pct(times, 0.95),
                "n": len(times),
                "median_hits": sorted(totals)[len(totals) // 2],
            }
    print(json.dumps({"docs": n, "kinds": out}, indent=1))


if __name__ == "__main__":
    main()
