"""Sentences for the passage cursor (index/sentences.py): no split at abbreviations."""

from __future__ import annotations

import pytest

from index.api import sentence_spans


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text, [(0, len(text))])]


@pytest.mark.parametrize(
    "text",
    [
        "The U.S. Treasury said it would act. Markets rose.",
        "Texaco Corp. Chairman James Kinnear said prices would hold. Markets rose.",
        "Mr. Kim met Dr. Lee and Gen. Park in Seoul. Markets rose.",
        "T. Boone Pickens of Mesa Ltd. bid for the company. Markets rose.",
        "The U.N. Security Council met on Jan. 5 in New York. Markets rose.",
        "Shares of Acme Inc. Group fell 5.5 pct to 12.5 dlrs. Markets rose.",
    ],
)
def test_abbreviations_do_not_end_a_sentence(text: str) -> None:
    first, second = sentences(text)
    assert second == "Markets rose."
    assert text.startswith(first) and first.endswith(".")


def test_sentences_still_end_where_they_end() -> None:
    text = 'Iran said no! "Why?" He asked. It fell 3.5 pct. Oil rose... Then it fell.'
    assert sentences(text) == [
        "Iran said no!",
        '"Why?"',
        "He asked.",
        "It fell 3.5 pct.",
        "Oil rose...",
        "Then it fell.",
    ]


def test_sentences_never_cross_a_paragraph() -> None:
    text = "First para ends without a stop\n\nSecond para. Two sentences."
    paragraphs = [(0, 30), (32, len(text))]
    assert [text[s:e] for s, e in sentence_spans(text, paragraphs)] == [
        "First para ends without a stop",
        "Second para.",
        "Two sentences.",
    ]


def test_number_abbreviations_only_before_numbers() -> None:
    assert sentences("It ranked No. 2 in the U.S. market. He said no. Then he left.") == [
        "It ranked No. 2 in the U.S. market.",
        "He said no.",
        "Then he left.",
    ]
