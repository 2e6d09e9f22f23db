"""Actor quality on a real archive: the named-actor counts of issue 14, reproducible.

    python bench/actor_quality.py ARCHIVE_DIR [--json] [--top N] [--gold tests/gold/reuters_actors.json]

Extracts every article on one core (timed: articles/s), merges the corpus, then reports:
- for each name the issue tracks, the articles whose body names it and how many of them hold
  an actor under exactly that name (Reagan: how many an ``actor:"Ronald Reagan"`` filter finds);
- persons whose name is a legal form, a trade ("Bankers"), or a company's name;
- the top corpus actors (to judge fragments by eye);
- with ``--gold``: micro P/R/F1 of the articles of that gold file found in the archive.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from index.actors import actor_key, default_extractor, merge_corpus
from index.articles import read_article

# name -> the pattern an article's body must match to "name" it
TRACKED: dict[str, str] = {
    "New York Stock Exchange": r"\bNew York Stock Exchange\b",
    # the country, not a body named after it ("Bank of New Zealand", "New Zealand Steel Ltd")
    # nor its currency ("50 mln New Zealand dlr eurobond"); nationality and venue uses ("a New
    # Zealand firm", "held in New Zealand") stay in the count although they make no actor
    "New Zealand": r"(?<!of )(?<!<)\bNew Zealand\b(?![ \t]+(?:[A-Z]|dlrs?\b|dollars?\b))",
    "Moody's": r"\bMoody'?s\b",
    "Standard & Poor's": r"\bStandard (?:&|and) Poor'?s\b",
    "Food and Drug Administration": r"\bFood and Drug Administration\b",
    "Goldman Sachs": r"\bGoldman,? Sachs\b",
    "Ronald Reagan": r"\bReagan\b(?!omics)",
}
BAD_PERSON_WORDS = frozenset(["corp", "ltd", "inc", "bankers", "brokers", "co", "plc", "cos"])


def extract_all(root: Path) -> tuple[dict, dict, float]:
    ex = default_extractor()
    texts: dict[str, str] = {}
    per: dict = {}
    spent = 0.0
    for path in sorted(root.rglob("*.txt")):
        art = read_article(path, root)
        texts[art.id] = art.text
        t0 = time.process_time()
        per[art.id] = ex.extract(art.title, art.text, art.date)
        spent += time.process_time() - t0
    return per, texts, spent


def named_counts(corpus, texts: dict[str, str]) -> dict[str, dict]:
    out = {}
    for name, pattern in TRACKED.items():
        rx = re.compile(pattern)
        naming = [aid for aid, t in texts.items() if rx.search(t)]
        ca = corpus.find(name)
        canon = actor_key(ca.name) if ca else None
        found = 0
        if canon is not None and actor_key(name) == canon:
            found = sum(
                1 for aid in naming if any(actor_key(a.name) == canon for a in corpus.articles[aid])
            )
        out[name] = {
            "naming": len(naming),
            "found": found,
            "share": round(found / len(naming), 3) if naming else None,
            "actor": ca.name if ca else None,
        }
    return out


def bad_persons(corpus) -> list[dict]:
    company_cores = set()
    for ca in corpus.corpus:
        if ca.type == "organisation" and ca.articles >= 2:
            words = ca.name.split()
            if len(words) > 1 and words[-1].rstrip(".") in (
                "Inc",
                "Corp",
                "Co",
                "Ltd",
                "Plc",
                "PLC",
            ):
                company_cores.add(actor_key(" ".join(words[:-1])))
    out = []
    for ca in corpus.corpus:
        if ca.type != "person":
            continue
        words = {w.rstrip(".,").casefold() for w in ca.name.split()}
        if words & BAD_PERSON_WORDS or actor_key(ca.name) in company_cores:
            out.append({"name": ca.name, "articles": ca.articles})
    return out


def long_article(root: Path, size: int) -> dict:
    """Extraction time of one article of about ``size`` bytes: the archive's bodies joined."""
    ex = default_extractor()
    parts: list[str] = []
    total = 0
    for path in sorted(root.rglob("*.txt")):
        body = read_article(path, root).text
        parts.append(body)
        total += len(body) + 2
        if total >= size:
            break
    text = "\n\n".join(parts)
    with tempfile.TemporaryDirectory() as tmp:  # read back as a file, as the index does
        path = Path(tmp) / "long.txt"
        path.write_text("LONG ARTICLE\n\n" + text, encoding="utf-8")
        art = read_article(path, Path(tmp))
    t0 = time.perf_counter()
    actors = ex.extract(art.title, art.text)
    return {
        "chars": len(art.text),
        "seconds": round(time.perf_counter() - t0, 2),
        "actors": len(actors),
    }


def gold_score(gold_path: Path, corpus) -> dict | None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "gold"))
    from score_actors import score  # type: ignore[import-not-found]

    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    gold["articles"] = [a for a in gold["articles"] if a["id"] in corpus.articles]
    if not gold["articles"]:
        return None
    pred = corpus.to_json()
    res = score(gold, pred)
    return {"micro": res["micro"], "articles": len(gold["articles"])}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("archive", type=Path)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--gold", type=Path)
    ap.add_argument(
        "--long-article",
        type=int,
        metavar="BYTES",
        help="also time one article of about BYTES made of the archive's articles (in a temp dir)",
    )
    args = ap.parse_args(argv)
    if not args.archive.is_dir():
        print(f"not a directory: {args.archive}", file=sys.stderr)
        return 2
    per, texts, spent = extract_all(args.archive)
    corpus = merge_corpus(per)
    report = {
        "articles": len(per),
        "extract_seconds": round(spent, 2),
        "articles_per_second": round(len(per) / spent, 1) if spent else None,
        "named": named_counts(corpus, texts),
        "bad_persons": bad_persons(corpus),
        "top": [
            {"name": ca.name, "type": ca.type, "articles": ca.articles}
            for ca in corpus.corpus[: args.top]
        ],
    }
    if args.gold:
        report["gold"] = gold_score(args.gold, corpus)
    if args.long_article:
        report["long_article"] = long_article(args.archive, args.long_article)
    if args.json:
        print(json.dumps(report, indent=1))
        return 0
    print(
        f"{report['articles']} articles, extraction {report['articles_per_second']} articles/s (one core)"
    )
    for name, c in report["named"].items():
        print(f"  {name:32} {c['found']:5} / {c['naming']:5}  {c['share']}  (actor: {c['actor']})")
    print(f"persons named like companies: {len(report['bad_persons'])}")
    for b in report["bad_persons"][:30]:
        print(f"    {b['name']} ({b['articles']})")
    print(f"top {args.top}:")
    for i, t in enumerate(report["top"], 1):
        print(f"  {i:3}. {t['name']} [{t['type']}] {t['articles']}")
    if report.get("long_article"):
        la = report["long_article"]
        print(f"one {la['chars']:,}-char article: {la['seconds']} s ({la['actors']} actors)")
    if report.get("gold"):
        print("gold:", report["gold"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
