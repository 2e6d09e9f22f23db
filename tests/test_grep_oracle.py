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
        # The total does not depend on how many hits are asked for.
        assert d.search(f'"{phrase}"', limit=5).total == len(expected), phrase
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


def test_grep_oracle_on_2000_articles(archive_2000: Path) -> None:
    d = Dossier.open(archive_2000)
    assert d.update().total == 2000
    _check(d, REUTERS_PHRASES)
    _check_word_totals(d, REUTERS_WORDS)
    d.close()


REUTERS_WORDS = ["oil", "the", "said", "bank", "dlrs", "japan", "crude", "4"]


def _check_word_totals(d: Dossier, words: list[str]) -> None:
    """A one-word query's total is the number of articles with the word in title or text,
    however few hits are asked for (Whoosh's own running count fell short once its
    top-N collector had pruned the OR of title and body: 'oil' 2,232 of 7,370 at 100K)."""
    articles = [d.article(i) for i in d.article_ids()]
    for word in words:
        pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
        expected = sum(1 for a in articles if pattern.search(a.text) or pattern.search(a.title))
        assert expected > 5, word
        for limit in (1, 20, 50):
            assert d.search(word, limit=limit).total == expected, (word, limit)
