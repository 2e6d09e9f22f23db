#!/usr/bin/env python3
"""A copy of the shared gold scorer (../shared/gold/score_actors.py), so tests need nothing
outside the repository.

Scores actor predictions against a gold file such as seeds_actors.json.

Usage: python3 score_actors.py GOLD.json PRED.json [--verbose]
PRED.json: {"articles": {ID: [{"name": str, "type": str, "aliases": [str, ...]}, ...]}}
ID is the article file's stem; type is one of person, country/government,
organisation, media, place-only (place-only entries are dropped before scoring).
The rules (what counts as an actor, matching, normalisation) are in the gold
file's "schema".
"""

import json
import re
import sys
import unicodedata

ACTOR_TYPES = ("person", "country/government", "organisation", "media")

_DASHES = dict.fromkeys(map(ord, "-‐‑‒–—―"), " ")
_QUOTES = {ord("’"): "'", ord("‘"): "'", ord("`"): "'", ord("“"): '"', ord("”"): '"'}


def norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).translate(_QUOTES).translate(_DASHES)
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    s = s.casefold().replace(".", "")
    s = re.sub(r"'s\b", "", s).replace("'", "")
    s = re.sub(r"\s+", " ", s).strip()
    if s.startswith("the "):
        s = s[4:]
    return s


def _keys(names):
    return {norm(n) for n in names if n and norm(n)}


def _max_matching(edges, n_pred):
    """edges: pred index -> list of gold indices. Returns dict pred->gold (Kuhn's algorithm)."""
    match_g = {}

    def try_(p, seen):
        for g in edges.get(p, []):
            if g in seen:
                continue
            seen.add(g)
            if g not in match_g or try_(match_g[g], seen):
                match_g[g] = p
                return True
        return False

    # Prefer predictions whose canonical name matches exactly: process them first.
    for p in range(n_pred):
        try_(p, set())
    return {p: g for g, p in match_g.items()}


def score_article(gold_art, preds):
    req = [e for e in gold_art["actors"] if e["type"] in ACTOR_TYPES and not e["optional"]]
    opt = [e for e in gold_art["actors"] if e["optional"]]
    places = [e for e in gold_art["actors"] if e["type"] == "place-only"]
    boiler = [b for b in gold_art.get("not_actors", [])]
    gkeys = [_keys([e["canonical"], *e["aliases"], *e["accept"]]) for e in req]
    okeys = (
        set().union(*[_keys([e["canonical"], *e["aliases"], *e["accept"]]) for e in opt])
        if opt
        else set()
    )
    pkeys = (
        set().union(*[_keys([e["canonical"], *e["aliases"]]) for e in places]) if places else set()
    )
    bkeys = _keys([b["text"] for b in boiler if b.get("kind") == "boilerplate"])
    nkeys = _keys([b["text"] for b in boiler if b.get("kind") != "boilerplate"])
    preds = [p for p in preds if p.get("type") != "place-only"]
    pk = [_keys([p["name"], *p.get("aliases", [])]) for p in preds]
    edges = {i: [j for j, gk in enumerate(gkeys) if pk[i] & gk] for i in range(len(preds))}
    m = _max_matching(edges, len(preds))
    tp = len(m)
    typed_tp = sum(1 for i, j in m.items() if preds[i].get("type") == req[j]["type"])
    fps, ignored = [], []
    for i, p in enumerate(preds):
        if i in m:
            continue
        if pk[i] & okeys:
            ignored.append(p["name"])
            continue
        why = (
            "duplicate"
            if edges[i]
            else "place"
            if pk[i] & pkeys
            else "boilerplate"
            if pk[i] & bkeys
            else "listed-non-actor"
            if pk[i] & nkeys
            else "spurious"
        )
        fps.append((p["name"], why))
    fn = [req[j]["canonical"] for j in range(len(req)) if j not in m.values()]
    return {
        "tp": tp,
        "fp": len(fps),
        "fn": len(fn),
        "typed_tp": typed_tp,
        "n_gold": len(req),
        "n_pred": len(preds) - len(ignored),
        "fp_list": fps,
        "fn_list": fn,
        "ignored": ignored,
        "matches": [(preds[i]["name"], req[j]["canonical"]) for i, j in m.items()],
    }


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score(gold, pred):
    per = {}
    for art in gold["articles"]:
        per[art["id"]] = score_article(art, pred["articles"].get(art["id"], []))
    TP = sum(v["tp"] for v in per.values())
    FP = sum(v["fp"] for v in per.values())
    FN = sum(v["fn"] for v in per.values())
    TT = sum(v["typed_tp"] for v in per.values())
    p, r, f = prf(TP, FP, FN)
    tp_, tr_, tf_ = prf(TT, FP + (TP - TT), FN + (TP - TT))
    macro = sum(prf(v["tp"], v["fp"], v["fn"])[2] for v in per.values()) / len(per)
    fp_kinds = {}
    for v in per.values():
        for _, why in v["fp_list"]:
            fp_kinds[why] = fp_kinds.get(why, 0) + 1
    return {
        "micro": {"p": p, "r": r, "f1": f, "tp": TP, "fp": FP, "fn": FN},
        "macro_f1": macro,
        "typed_micro": {"p": tp_, "r": tr_, "f1": tf_},
        "fp_kinds": fp_kinds,
        "per_article": per,
    }


def main(argv):
    with open(argv[1], encoding="utf-8") as f:
        gold = json.load(f)
    with open(argv[2], encoding="utf-8") as f:
        pred = json.load(f)
    res = score(gold, pred)
    mi = res["micro"]
    print(
        f"micro P={mi['p']:.3f} R={mi['r']:.3f} F1={mi['f1']:.3f} (tp={mi['tp']} fp={mi['fp']} fn={mi['fn']}) "
        f"macroF1={res['macro_f1']:.3f} typedF1={res['typed_micro']['f1']:.3f} fp_kinds={res['fp_kinds']}"
    )
    if "--verbose" in argv:
        for aid, v in res["per_article"].items():
            print(f"  [{aid}] tp={v['tp']} fp={v['fp']} fn={v['fn']}")
            if v["fn_list"]:
                print("     FN:", v["fn_list"])
            if v["fp_list"]:
                print("     FP:", v["fp_list"])
    return res


if __name__ == "__main__":
    main(sys.argv)
