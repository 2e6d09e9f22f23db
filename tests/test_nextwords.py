"""The next-word file (index.nextwords): the articles of a lead word followed by another,
the same as a scan of the forward file, and phrases answered from it exactly."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from index import nextwords
from index.api import Dossier
from index.forward import Forward, forward_index
from index.nextwords import NextWords, next_words, write_file
from index.phrase import forward_hits
from index.terms import sorted_terms
from tests.test_forward import _brute, _forward


def _next_words(tmp_path: Path, articles: list[list[int]], lead: set[int], width: int = 2):
    folder = tmp_path / str(len(list(tmp_path.iterdir())))  # the one _forward makes
    fwd = _forward(tmp_path, articles, width)
    ranks = {w: r for r, w in enumerate(sorted(lead), 1)}
    write_file(fwd, folder, "s", {"body": ranks})
    return fwd, NextWords(folder, "s")


@pytest.mark.parametrize("width", [2, 3])
@pytest.mark.parametrize("seed", range(4))
def test_pairs_and_typed_ranges_equal_a_brute_force_scan(
    tmp_path: Path, width: int, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Articles spread over several chunks, of every length; each lead word followed by
    one word or by a range of them (a word being typed), and longer phrases: the
    candidates hold every hit, and with one word before the range they are the hits."""
    monkeypatch.setattr(nextwords, "CHUNK", 64)  # many chunks, and chunk ends
    rng = random.Random(seed)
    articles = []
    for _ in range(300):
        size = rng.choice([0, 1, 2, 3, 5, 8, 30, 70])
        articles.append([rng.randrange(9) for _ in range(size)])
    lead = {0, 2, 3, 5, 8}
    fwd, nxt = _next_words(tmp_path, articles, lead, width)
    for a in range(9):
        for lo in range(9):
            for hi in (lo + 1, lo + 3, 9):
                got = nxt.docs_after("body", a, lo, hi)
                if a not in lead:
                    assert got is None
                    continue
                assert got == _brute(articles, [a], lo, hi), (a, lo, hi)
                assert got == fwd.phrase_docs("body", [a], lo, hi)
    for _ in range(200):
        words = [rng.randrange(9) for _ in range(rng.choice([2, 3]))]
        lo = rng.randrange(9)
        hi = lo + rng.choice([1, 2])
        got = nxt.candidates("body", words, lo, hi)
        if not lead.intersection(words):  # no pair starts with a lead word
            assert got is None
            continue
        found, every = got
        assert every == all(w in lead for w in words)
        assert set(_brute(articles, words, lo, hi)) <= set(found)
        assert found == sorted(set(found))


def test_an_inner_word_twice_is_checked_once_is_sure(tmp_path: Path) -> None:
    """``"alpha beta gamma"``: an article holding "alpha beta" and "beta gamma" apart (beta
    twice) is no hit; one with beta once is; one with the phrase and beta again is."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    texts = {
        "apart": "Alpha beta one. Two beta gamma three.",
        "once": "Some alpha beta gamma here.",
        "again": "Then alpha beta gamma, and beta once more.",
        "reverse": "Gamma beta alpha, backwards.",
    }
    for i in range(30):
        texts.setdefault(f"filler{i:02d}", f"Nothing of note happened on day {i} of the year.")
    for name, text in texts.items():
        (corpus / f"{name}.txt").write_text(f"{name.title()}\n\n{text}\n", encoding="utf-8")
    d = Dossier.open(corpus)
    try:
        d.update()
        hits = {Path(h.path).stem for h in d.search('"alpha beta gamma"', limit=50).hits}
        assert hits == {"once", "again"}
        typed = {Path(h.path).stem for h in d.search('"alpha beta gam', limit=50, prefix=True).hits}
        assert typed == {"once", "again"}
    finally:
        d.close()


def _phrases(d: Dossier, n: int, seed: int) -> list[list[str]]:
    rng = random.Random(seed)
    ids = sorted(d.article_ids())
    out = []
    while len(out) < n:
        article = d.article(rng.choice(ids))
        words = [w.lower() for w in article.text.split() if w.isalpha()]
        if len(words) < 6:
            continue
        k = rng.choice([2, 2, 3, 4])
        at = rng.randrange(len(words) - k)
        out.append(words[at : at + k])
    return out


def test_phrases_of_a_generated_archive_equal_the_forward_scan(news: Dossier) -> None:
    """Every phrase (whole, or its last word typed) of 300 drawn from the archive's own
    articles: the next-word file's answer is the forward scan's, and it answers most."""
    answered = 0
    s = news._searcher._searcher
    leaves = [sub.reader() for sub, _ in s.leaf_searchers()]
    if True:
        for phrase in _phrases(news, 300, 13):
            *whole, last = phrase
            for sub in leaves:
                fwd, nxt = forward_index(sub), next_words(sub)
                assert fwd is not None and nxt is not None
                terms = sorted_terms(sub, "body")
                for lo, hi in _ranges(terms, last):
                    numbers = [_number(terms, w) for w in whole]
                    if -1 in numbers:
                        continue
                    scan = fwd.phrase_docs("body", numbers, lo, hi)
                    assert forward_hits(sub, fwd, "body", whole, lo, hi) == scan, phrase
                    answered += nxt.candidates("body", numbers, lo, hi) is not None
    assert answered > 150


def _ranges(terms: list[str], last: str) -> list[tuple[int, int]]:
    from bisect import bisect_left

    n = _number(terms, last)
    prefix = last[:2]
    lo = bisect_left(terms, prefix)
    hi = bisect_left(terms, prefix[:-1] + chr(ord(prefix[-1]) + 1), lo)
    return [(n, n + 1), (lo, hi)] if n >= 0 else [(lo, hi)]


def _number(terms: list[str], word: str) -> int:
    from bisect import bisect_left

    i = bisect_left(terms, word)
    return i if i < len(terms) and terms[i] == word else -1


PHRASES = [
    '"of the"', '"said the"', '"the company said"', '"in the year"', '"oil prices"',
    '"said it would"', '"the"', '"mln dlrs"', 'title:"the"', '"prime minister"',
]  # fmt: skip
TYPED = ['"the c', '"said i', '"of the f', '"mln d', '"prime min', '"it s', '"a']


@pytest.mark.parametrize("bulk_from", [0, 1])
def test_bulk_scores_are_the_same_floats_as_one_by_one(
    news: Dossier, monkeypatch: pytest.MonkeyPatch, bulk_from: int
) -> None:
    """Phrases scored with NumPy (index.bulkscore) rank, score (to the last bit) and count
    as scored one hit at a time; typed phrases too."""
    from index import bulkscore

    def run() -> list[tuple[int, list[tuple[str, float]]]]:
        out = []
        for text in PHRASES + TYPED:
            for limit in (1, 20, 400):
                r = news.search(text, limit=limit, prefix=True)
                out.append((r.total, [(h.id, h.score) for h in r.hits]))
        return out

    monkeypatch.setattr(bulkscore, "BULK_FROM", 10**9)
    one_by_one = run()
    monkeypatch.setattr(bulkscore, "BULK_FROM", bulk_from)
    assert run() == one_by_one
    assert sum(total > 1000 for total, _ in one_by_one) >= 6  # some lists are long


def test_a_phrase_led_by_a_rare_word_checks_only_articles_holding_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``"zeta alpha beta"``: "zeta" is no lead word, so the next-word file gives the
    articles of "alpha beta" (110); only those also holding "zeta" (15) are checked in
    the forward file, and the hits are still exactly the phrase's (not "zeta" apart)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    texts = {}
    for i in range(10):
        texts[f"hit{i}"] = f"Item {i}: the zeta alpha beta report was out."
    for i in range(5):
        texts[f"apart{i}"] = f"Item {i}: zeta came first. Then alpha beta followed."
    for i in range(5):
        texts[f"alone{i}"] = f"Item {i}: only zeta here, nothing else."
    for i in range(95):
        texts[f"pair{i}"] = f"Item {i}: an alpha beta test ran."
    for i in range(385):
        texts[f"filler{i}"] = f"Item {i}: beta and gamma, then alpha alone."
    for name, text in texts.items():
        (corpus / f"{name}.txt").write_text(f"Note {name}\n\n{text}\n", encoding="utf-8")
    d = Dossier.open(corpus)
    checked: list[list[int]] = []
    check_docs = Forward.check_docs

    def spy(self: Forward, fieldname: str, *args: object) -> list[int]:
        if fieldname == "body":
            checked.append(list(args[-1]))  # type: ignore[call-overload]
        return check_docs(self, fieldname, *args)  # type: ignore[arg-type]

    try:
        d.update()
        monkeypatch.setattr(Forward, "check_docs", spy)
        for text, prefix in (('"zeta alpha beta"', False), ('"zeta alpha be', True)):
            checked.clear()
            hits = {Path(h.path).stem for h in d.search(text, limit=50, prefix=prefix).hits}
            assert hits == {f"hit{i}" for i in range(10)}
            assert len(checked) == 1 and len(checked[0]) == 15, text
    finally:
        d.close()
