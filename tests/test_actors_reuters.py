"""Actor quality on real wire copy (Reuters-21578): the hand-made gold under tests/gold/.

Marked ``reuters``: it needs ``shared/corpus/reuters21578.tar.gz`` beside the repository
(found relative to the repo root) and runs in CI's separate Reuters step.
"""

from __future__ import annotations

import importlib.util
import json
import tarfile
from pathlib import Path

import pytest

from index.actors import default_extractor, merge_corpus
from index.articles import parse_article

ROOT = Path(__file__).resolve().parents[1]
GOLD_DIR = ROOT / "tests" / "gold"

pytestmark = pytest.mark.reuters


def reuters_tar() -> Path:
    """``shared/`` sits beside the repository (CI), or beside the worktrees' folder."""
    for base in (ROOT.parent, ROOT.parent.parent):
        tar = base / "shared" / "corpus" / "reuters21578.tar.gz"
        if tar.exists():
            return tar
    raise AssertionError("missing shared/corpus/reuters21578.tar.gz beside the repository")


def read_reuters(ids: set[str]) -> dict[str, tuple[str, str]]:
    """id -> (title, body) of the wanted articles, read straight from the archive."""
    out = {}
    with tarfile.open(reuters_tar()) as tar:
        for m in tar:
            stem = Path(m.name).stem
            if m.isfile() and stem in ids:
                f = tar.extractfile(m)
                assert f is not None
                art = parse_article(f.read(), stem, m.name)
                out[stem] = (art.title, art.text)
    assert set(out) == ids
    return out


def scorer():
    spec = importlib.util.spec_from_file_location("score_actors", GOLD_DIR / "score_actors.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def score_gold(name: str, part: str | None = None) -> dict:
    gold = json.loads((GOLD_DIR / name).read_text(encoding="utf-8"))
    if part is not None:
        wanted = set(gold["split"][part])
        gold["articles"] = [a for a in gold["articles"] if a["id"] in wanted]
    texts = read_reuters({a["id"] for a in gold["articles"]})
    ex = default_extractor()
    per = {aid: ex.extract(title, body) for aid, (title, body) in texts.items()}
    return scorer().score(gold, merge_corpus(per).to_json())


def test_reuters_gold_f1() -> None:
    res = score_gold("reuters_actors.json")
    assert res["micro"]["f1"] >= 0.90, res["micro"]
    assert res["fp_kinds"].get("boilerplate", 0) == 0
