"""Phrase search agrees with a case-insensitive regular expression over the article text."""

from __future__ import annotations

import re
from pathlib import Path

from index.api import Dossier

from .conftest import SEEDS

SEED_PHRASES = [
    "Article 4",
    "North Korea",
    "Kim Jong Un",
    "Kim Jong-un",
    "Security Council",
    "the North",
    "foreign ministry",
    "Vladimir Putin",
    "Korean Peninsula",
    "in the war",
    "12,000",
    "South Korea's",
    "Jeon Ha Gyu",
    "of the",
]
REUTERS_PHRASES = [
    "oil prices",
    "New York",
    "central bank",
    "the company said",
    "per cent",
    "U.S.",
    "Bank of Japan",
    "first quarter",
    "1.5 billion",
    "West German",
    "OPEC",
    "Federal Reserve",
    "mln dlrs",
    "said it",
    "will be",
    "a share",
    "Saudi Arabia",
    "interest rates",
    "of the year",
]


def _oracle(phrase: str) -> re.Pattern[str]:
    words = re.findall(r"\w+", phrase)
    sep = r"[^\w\n]+"  # anything but a word character, never a paragraph break
    return re.compile(r"(?<!\w)" + sep.join(map(re.escape, words)) + r"(?!\w)", re.IGNORECASE)


def _check(d: Dossier, phrases: list[str]) -> None:
    articles = [d.article(i) for i in d.article_ids()]
    for phrase in phrases:
        pattern = _oracle(phrase)
        expected = {a.id for a in articles if pattern.search(a.text) or pattern.search(a.title)}
        result = d.search(f'"{phrase}"', limit=len(articles))
        assert result.total == len(expected), phrase
        assert {h.id for h in result.hits} == expected, phrase
        for hit in result.hits[:20]:
            text = d.article(hit.id).text
            for s, e in hit.spans:
                assert pattern.fullmatch(text[s:e]), (phrase, text[s:e])


def test_grep_oracle_on_the_samples() -> None:
    d = Dossier.open(SEEDS)
    d.update()
    _check(d, SEED_PHRASES)
    d.close()


def test_grep_oracle_on_2000_reuters_articles(reuters_slice: Path) -> None:
    d = Dossier.open(reuters_slice)
    assert d.update().total == 2000
    _check(d, REUTERS_PHRASES)
    d.close()
