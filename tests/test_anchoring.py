"""Re-anchoring quotes in changed texts: statuses, never the wrong place, speed."""

from __future__ import annotations

import random
import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from index.anchoring import (
    MIN_SCORE,
    anchor,
    edit_ratio,
    find_quote,
    levenshtein,
    selector_at,
)

ARTICLE = (
    "Seoul urges restraint\n\n"
    "South Korea on Thursday urged North Korea and Russia to stop their illegal military "
    "cooperation, as the two marked the first anniversary of their defence treaty.\n\n"
    "The treaty calls for either side to provide the other assistance in case of an armed "
    "attack. Officials in Seoul said the deployment violated several resolutions.\n\n"
    "Analysts expect more exchanges of weapons technology in the months ahead."
)
SEEDS = Path(__file__).resolve().parents[1] / "seeds"
QUOTE = "The treaty calls for either side to provide the other assistance"


def bookmark(text: str, quote: str, occurrence: int = 1) -> tuple[str, str, str, int, int]:
    start, end = find_quote(text, quote)[occurrence - 1]
    q, prefix, suffix = selector_at(text, start, end)
    return q, prefix, suffix, start, end


def slow_levenshtein(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


# -- edit distance -------------------------------------------------------------------


@given(st.text(alphabet="abcé ", max_size=40), st.text(alphabet="abcé ", max_size=40))
def test_levenshtein_matches_the_textbook_definition(a: str, b: str) -> None:
    assert levenshtein(a, b) == slow_levenshtein(a, b)


def test_long_patterns_use_many_bits() -> None:
    rng = random.Random(7)
    a = "".join(rng.choice("abcdefgh") for _ in range(300))
    b = a[:100] + "XYZ" + a[110:250] + a[260:]
    assert levenshtein(a, b) == slow_levenshtein(a, b)


def test_edit_ratio() -> None:
    assert edit_ratio("", "") == 1.0
    assert edit_ratio("abcd", "abcd") == 1.0
    assert edit_ratio("abcd", "abce") == pytest.approx(0.75)
    assert edit_ratio("abc", "") == 0.0


# -- the statuses --------------------------------------------------------------------


def test_unchanged_text_is_exact() -> None:
    found = anchor(ARTICLE, *bookmark(ARTICLE, QUOTE))
    assert (found.status, found.matched, found.score) == ("exact", QUOTE, 1.0)


def test_paragraph_inserted_above_is_moved() -> None:
    sel = bookmark(ARTICLE, QUOTE)
    new = ARTICLE.replace("The treaty calls", "A new paragraph was added here.\n\nThe treaty calls")
    found = anchor(new, *sel)
    assert found.status == "moved"
    assert new[found.start : found.end] == QUOTE
    assert found.start == sel[3] + len("A new paragraph was added here.\n\n")


def test_text_removed_above_is_moved() -> None:
    sel = bookmark(ARTICLE, QUOTE)
    new = ARTICLE.replace("Seoul urges restraint\n\n", "")
    found = anchor(new, *sel)
    assert found.status == "moved" and found.start == sel[3] - len("Seoul urges restraint\n\n")


def test_word_changed_inside_the_quote_is_fuzzy() -> None:
    sel = bookmark(ARTICLE, QUOTE)
    new = ARTICLE.replace("either side", "each side")
    found = anchor(new, *sel)
    assert found.status == "fuzzy"
    assert found.matched == "The treaty calls for each side to provide the other assistance"
    assert MIN_SCORE <= found.score < 1.0
    assert found.score == pytest.approx(edit_ratio(QUOTE, found.matched), abs=1e-4)


def test_fuzzy_after_a_move_too() -> None:
    sel = bookmark(ARTICLE, QUOTE)
    new = "Breaking: an update.\n\n" + ARTICLE.replace("provide the other", "give the other")
    found = anchor(new, *sel)
    assert found.status == "fuzzy"
    assert found.matched == "The treaty calls for either side to give the other assistance"


def test_heavily_changed_quote_is_orphaned() -> None:
    sel = bookmark(ARTICLE, QUOTE)
    new = ARTICLE.replace(QUOTE, "Under the pact each country must help the other one")
    found = anchor(new, *sel)
    assert found.status == "orphaned"
    assert (found.start, found.end, found.matched, found.score) == (None, None, None, None)


def test_quote_deleted_is_orphaned() -> None:
    sel = bookmark(ARTICLE, QUOTE)
    new = ARTICLE.replace(QUOTE + " in case of an armed attack. ", "")
    assert anchor(new, *sel).status == "orphaned"


def test_empty_text_is_orphaned() -> None:
    assert anchor("", *bookmark(ARTICLE, QUOTE)).status == "orphaned"


REPEATED = (
    "Monday. The minister said no. Markets fell sharply.\n\n"
    "Tuesday. Reporters waited outside for hours.\n\n"
    "Wednesday. The minister said no. Unions called a strike."
)


def test_repeated_quote_disambiguated_by_context() -> None:
    sel = bookmark(REPEATED, "The minister said no.", occurrence=2)
    new = "Preface.\n\n" + REPEATED.replace("Tuesday. Reporters", "Tuesday. Many reporters")
    found = anchor(new, *sel)
    assert found.status == "moved"
    assert found.start == new.rindex("The minister said no.")


def test_repeated_quote_first_occurrence_is_kept_too() -> None:
    sel = bookmark(REPEATED, "The minister said no.", occurrence=1)
    new = REPEATED.replace("Tuesday.", "Tuesday, late.")
    found = anchor(new, *sel)
    assert found.status == "exact" and found.start == new.index("The minister")


def test_deleted_occurrence_never_jumps_to_its_twin() -> None:
    """The bookmarked copy is gone; the other copy, with other context, is not it."""
    sel = bookmark(REPEATED, "The minister said no.", occurrence=2)
    new = REPEATED.replace("\n\nWednesday. The minister said no. Unions called a strike.", "")
    assert "The minister said no." in new
    assert anchor(new, *sel).status == "orphaned"


def test_short_quote_without_its_context_is_orphaned() -> None:
    text = "Alpha beta gamma. Putin spoke. Delta epsilon zeta."
    sel = bookmark(text, "Putin")
    rewritten = "Completely different words here. Putin arrived. Nothing else matches at all."
    assert anchor(rewritten, *sel).status == "orphaned"


def test_long_unique_quote_is_found_without_its_context() -> None:
    sel = bookmark(ARTICLE, QUOTE)
    new = "Other words entirely. " + QUOTE + " and some new ending."
    found = anchor(new, *sel)
    assert found.status == "moved" and found.matched == QUOTE


def test_edited_twin_is_chosen_by_context_over_an_exact_copy_elsewhere() -> None:
    quote = "the committee approved the budget for next year without debate"
    text = (
        f"In March, {quote}. Then came April.\n\n"
        f"Unrelated filler text goes here.\n\n"
        f"Later that summer {quote}, again."
    )
    sel = bookmark(text, quote, occurrence=2)
    new = text.replace(
        f"summer {quote}", "summer the committee approved the budget for next year after debate"
    )
    found = anchor(new, *sel)
    assert found.status == "fuzzy"
    assert found.start > new.index("filler")


def test_stored_offsets_beyond_the_text() -> None:
    sel = bookmark(ARTICLE, "Analysts expect more exchanges of weapons")
    found = anchor("Analysts expect more exchanges of weapons.", *sel)
    assert found.status == "moved" and found.start == 0


# -- finding a typed quote -------------------------------------------------------------


def test_find_quote_tolerates_whitespace_and_typographic_quotes() -> None:
    text = "Pyongyang’s troop\ndeployment — to Moscow"
    assert find_quote(text, "Pyongyang's troop deployment - to Moscow") == [(0, len(text))]
    assert find_quote(text, "nothing") == []
    assert find_quote(text, "   ") == []
    assert find_quote("a a a", "a") == [(0, 1), (2, 3), (4, 5)]


# -- never the wrong place (properties) --------------------------------------------
# Realistic word frequencies (the sample articles' words). Very short quotes whose
# context was destroyed on both sides are inherently ambiguous, so quotes here have
# at least three words.

WORDS = re.findall(r"\w+", " ".join(p.read_text() for p in SEEDS.glob("*.txt")))


def _random_bookmark(data: st.DataObject, min_words: int) -> tuple[random.Random, str, int, int]:
    rng = random.Random(data.draw(st.integers(0, 10**6)))
    words = [rng.choice(WORDS) for _ in range(300)]
    first = data.draw(st.integers(0, 250))
    count = data.draw(st.integers(min_words, min_words + 30))
    start = len(" ".join(words[:first])) + (1 if first else 0)
    end = start + len(" ".join(words[first : first + count]))
    return rng, " ".join(words), start, end


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_insertions_outside_the_quote_never_move_it_elsewhere(data: st.DataObject) -> None:
    rng, text, start, end = _random_bookmark(data, min_words=3)
    quote, prefix, suffix = selector_at(text, start, end)
    assume(len(quote) >= 15)
    new, shift = text, 0
    for _ in range(data.draw(st.integers(1, 5))):
        insert = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 20))) + " "
        where = new.find(" ", data.draw(st.integers(0, len(new)))) + 1  # a word boundary
        if where == 0 or start + shift < where < end + shift:
            continue  # only outside the quote
        new = new[:where] + insert + new[where:]
        if where <= start + shift:
            shift += len(insert)
    found = anchor(new, quote, prefix, suffix, start, end)
    if found.status != "orphaned":  # (orphaned only if both sides of its context changed)
        assert (found.start, found.end) == (start + shift, end + shift), found


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_small_edit_inside_the_quote_is_found_there_or_nowhere(data: st.DataObject) -> None:
    _, text, start, end = _random_bookmark(data, min_words=5)
    quote, prefix, suffix = selector_at(text, start, end)
    where = data.draw(st.integers(start + 1, end - 2))
    new = text[:where] + "#" + text[where + 1 :]
    found = anchor(new, quote, prefix, suffix, start, end)
    if found.status != "orphaned":
        assert found.start < end and start < found.end, (found, start, end)
    if len(quote) >= 10:
        assert found.status == "fuzzy"


# -- efficiency ------------------------------------------------------------------------


def test_fuzzy_search_in_a_10_mb_text_is_fast() -> None:
    rng = random.Random(3)
    vocabulary = [
        "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9)))
        for _ in range(3000)
    ]
    text = " ".join(rng.choices(vocabulary, k=1_700_000))
    assert len(text) > 10_000_000
    start = text.index(" ", 6_000_000) + 1
    end = text.index(" ", start + 300)
    sel = selector_at(text, start, end)
    quote = sel[0]
    edited = quote[:100] + "EDITED" + quote[106:200] + quote[204:]
    new = "A new first paragraph.\n\n" + text[:start] + edited + text[end:]
    began = time.perf_counter()
    found = anchor(new, *sel, start, end)
    elapsed = time.perf_counter() - began
    assert found.status == "fuzzy" and found.matched == edited
    assert elapsed < 2.0, f"fuzzy anchoring took {elapsed:.2f}s"
    began = time.perf_counter()
    assert anchor(new[: start - 5000] + new[end + 5000 :], *sel, start, end).status == "orphaned"
    assert time.perf_counter() - began < 2.0
