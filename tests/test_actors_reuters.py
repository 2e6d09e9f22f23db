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


def read_reuters(ids: set[str]) -> dict[str, tuple[str, str, str | None]]:
    """id -> (title, body, date) of the wanted articles, read straight from the archive."""
    out = {}
    with tarfile.open(reuters_tar()) as tar:
        for m in tar:
            stem = Path(m.name).stem
            if m.isfile() and stem in ids:
                f = tar.extractfile(m)
                assert f is not None
                art = parse_article(f.read(), stem, m.name)
                out[stem] = (art.title, art.text, art.date)
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
    per = {aid: ex.extract(title, body, date) for aid, (title, body, date) in texts.items()}
    return scorer().score(gold, merge_corpus(per).to_json())


def test_reuters_gold_f1() -> None:
    res = score_gold("reuters_actors.json")
    assert res["micro"]["f1"] >= 0.90, res["micro"]
    assert res["fp_kinds"].get("boilerplate", 0) == 0


@pytest.fixture(scope="module")
def reuters_all(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """All 19,043 articles unpacked into a temp dir (never into the repo)."""
    dest = tmp_path_factory.mktemp("reuters-all")
    with tarfile.open(reuters_tar()) as tar:
        members = [m for m in tar.getmembers() if m.isfile() and m.name.endswith(".txt")]
        for m in members:
            m.name = Path(m.name).name
        tar.extractall(dest, members=members, filter="data")
    return dest


def test_named_actors_on_the_whole_archive(reuters_all: Path) -> None:
    """Issue 14's targets, computed as bench/actor_quality.py does."""
    from bench.actor_quality import bad_persons, extract_all, named_counts

    per, texts, _ = extract_all(reuters_all)
    corpus = merge_corpus(per)
    named = named_counts(corpus, texts)
    for name, c in named.items():
        assert c["naming"] >= 50 and c["share"] >= 0.85, (name, c)
    bad = {b["name"] for b in bad_persons(corpus)}
    assert not {
        n for n in bad if set(n.casefold().split()) & {"corp", "ltd", "inc", "bankers", "brokers"}
    }
    top = [c.name for c in corpus.corpus[:40]]
    assert "Reuters" not in top  # the archive's own wire ranks last
    assert not [n for n in top if n.split()[0] in ("York", "Corp", "Investors", "Sachs", "Drug")]
