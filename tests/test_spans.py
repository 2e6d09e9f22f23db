"""Snippets: the excerpt shows the densest run of matches, even in a huge article."""

from __future__ import annotations

from index.spans import snippet


def _spans(text: str, word: str) -> list[tuple[int, int]]:
    out, at = [], text.find(word)
    while at >= 0:
        out.append((at, at + len(word)))
        at = text.find(word, at + 1)
    return out


def test_snippet_shows_the_densest_run_of_matches() -> None:
    text = "oil " + "filler " * 100 + "oil gas oil gas oil " + "filler " * 100 + "oil"
    snip, inside = snippet(text, _spans(text, "oil"))
    assert snip.count("oil") == 3
    assert [snip[s:e] for s, e in inside] == ["oil", "oil", "oil"]


def test_snippet_of_a_huge_article_with_every_word_matching() -> None:
    # 24 MB of repeated words gave 685,000 matches of `the`: the excerpt compared every
    # pair of matches and the search never returned.
    text = "the cat " * 150_000 + "the the the the the the the the the the the the the"
    spans = _spans(text, "the")
    assert len(spans) > 150_000
    snip, inside = snippet(text, spans)
    assert snip.startswith("…") and "the the the the the the" in snip
    assert len(inside) > 20
