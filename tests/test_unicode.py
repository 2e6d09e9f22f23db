"""Unicode folding (issue 13.4): accents, case and compatibility forms are folded for
matching while the text shows as written; Hangul words are found by their stem."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

import pytest

from index.api import Dossier

ARTICLES = {
    "zurich.txt": "Bank talks in Zürich\n\nBankers met in ZÜRICH on Monday.\n",
    "izmir.txt": "Port of İZMİR\n\nShips left İZMİR at dawn.\n",
    "cafe.txt": "Prices\n\nThe " + unicodedata.normalize("NFD", "café") + " raised its prices.\n",
    "greek.txt": "Road works\n\nThe ΟΔΟΣ ΠΑΝΕΠΙΣΤΗΜΙΟΥ was closed.\n",
    "korea.txt": "North Korea\n\n북한이 미사일을 발사했다.\n",
    "ligature.txt": "Markets\n\nThe ﬁnance ministry said Straße prices rose.\n",
    "plain.txt": "Nothing\n\nPlain words only, zurich spelled flat.\n",
}


@pytest.fixture(scope="module")
def uni(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dossier]:
    corpus = tmp_path_factory.mktemp("uni")
    for name, text in ARTICLES.items():
        (corpus / name).write_text(text, encoding="utf-8")
    d = Dossier.open(corpus, index_dir=tmp_path_factory.mktemp("ix"))
    d.update()
    yield d
    d.close()


@pytest.mark.parametrize(
    "query, doc, shown",
    [
        ("zurich", "zurich", ["Zürich", "ZÜRICH"]),
        ("ZÜRICH", "zurich", ["Zürich", "ZÜRICH"]),
        ("izmir", "izmir", ["İZMİR", "İZMİR"]),
        ("café", "cafe", [unicodedata.normalize("NFD", "café")]),
        ("cafe", "cafe", [unicodedata.normalize("NFD", "café")]),
        ("οδος", "greek", ["ΟΔΟΣ"]),
        ("미사일", "korea", ["미사일"]),
        ("finance", "ligature", ["ﬁnance"]),
        ("strasse", "ligature", ["Straße"]),
        ('"οδος πανεπιστημιου"', "greek", ["ΟΔΟΣ ΠΑΝΕΠΙΣΤΗΜΙΟΥ"]),
        ("zur*", "zurich", ["Zürich", "ZÜRICH"]),
        ("zürih~", "zurich", ["Zürich", "ZÜRICH"]),
    ],
)
def test_folded_words_match_and_highlight_the_text_as_written(
    uni: Dossier, query: str, doc: str, shown: list[str]
) -> None:
    result = uni.search(query, limit=10)
    ids = [h.id for h in result.hits]
    assert doc in ids, (query, ids)
    hit = result.hits[ids.index(doc)]
    article = uni.article(doc)
    title = [article.title[s:e] for s, e in hit.title_spans]
    body = [article.text[s:e] for s, e in hit.spans]
    assert sorted(title + body) == sorted(shown) or body == shown, (title, body)


def test_flat_spelling_finds_both(uni: Dossier) -> None:
    assert {h.id for h in uni.search("zurich").hits} == {"zurich", "plain"}


def test_a_korean_word_with_its_particle_is_found_by_its_stem(uni: Dossier) -> None:
    result = uni.search("미사일")
    assert [h.id for h in result.hits] == ["korea"]
    assert uni.search("북한").total == 1  # 북한이: the stem of a word with a particle
    assert uni.search("zürich", prefix=True).total == 2
