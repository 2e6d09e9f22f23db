"""The result list's snippet line: when its first match lies past the width of the pane,
the line is re-centred on it, cropped at the start of a word (drawn "…word"), never inside
one, and the match stays on screen."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from tests.test_app import ready, search
from tests.test_app_archive import news_app
from tui.widgets.results import ROW_HEIGHT, SNIPPET_LEAD, ResultList, snippet_start, word_start

TEXT = (
    "Officials in the capital said on Tuesday that the count of new motor-vehicle-registrations"
    " rose sharply over the year, led by imports"
)


def shown(text: str, match: str, width: int) -> str:
    """The snippet line as the list draws it (before the end is cut to the width)."""
    i = text.index(match)
    start = snippet_start(text, [(i, i + len(match))], width)
    return ("…" if start else "") + text[start:]


def whole_word_start(text: str, line: str) -> bool:
    """``line`` (a crop of ``text`` drawn "…rest", its end maybe cut "…") starts at the
    start of a word of ``text``."""
    rest = line.removeprefix("…").removesuffix("…")
    at = text.find(rest)
    assert at >= 0, f"{rest!r} is not a part of the snippet"
    return word_start(text, at)


@pytest.mark.parametrize("width", [60, 40, 30, 24, 16, 10])
def test_a_recentred_snippet_starts_at_a_word_and_shows_its_match(width: int) -> None:
    line = shown(TEXT, "rose", width)
    assert line.startswith("…")  # the match lies beyond the first `width` cells
    assert whole_word_start(TEXT, line), f"cropped inside a word: {line[:20]!r}"
    assert "rose" in line[:width], f"the match is off screen at width {width}: {line[:width]!r}"


def test_the_crop_keeps_some_context_before_the_match_when_it_fits() -> None:
    line = shown(TEXT, "imports", 40)
    before = line[1 : line.index("imports")]
    assert cell_len(before) >= SNIPPET_LEAD and "imports" in line[:40]
    assert whole_word_start(TEXT, line)


def test_a_match_inside_a_long_token_is_shown_from_the_match() -> None:
    text = "x " * 30 + "abcdefghijklmnopqrstuvwxyz" * 3 + "oil and more words after it"
    line = shown(text, "oil", 20)
    assert line.startswith("…oil")  # no word start before it leaves the match on screen


def test_word_starts() -> None:
    text = "a motor-vehicle (98) don't …Exchange"
    assert [i for i in range(len(text)) if word_start(text, i)] == [
        text.index(w)
        for w in ("a", "motor", "vehicle", "(98)", "98", "don't", "…Exchange", "Exchange")
    ]


def test_no_crop_when_the_match_is_already_on_screen() -> None:
    assert shown(TEXT, "count", 80) == TEXT


async def test_snippets_in_a_narrow_pane_are_cropped_at_words(news_archive, news_index) -> None:
    """On the generated archive at 80x24 (the search pane at its narrowest): every snippet
    line drawn with a crop starts at a word of its snippet and shows its first match."""
    app = news_app(news_archive, news_index)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = await search(pilot, "minister")
        results = screen.query_one(ResultList)
        width = results.scrollable_content_region.width
        rows = results.scrollable_content_region.height // ROW_HEIGHT
        cropped = 0
        for index in range(rows):
            hit = results.hit(index)
            line = "".join(s.text for s in results.render_line(index * ROW_HEIGHT + 2))
            line = line[2:].rstrip()  # the gutter
            if not line.startswith("…") or not hit.snippet_spans:
                continue
            cropped += 1
            s, e = hit.snippet_spans[0]
            assert whole_word_start(hit.snippet_text, line), line
            assert hit.snippet_text[s:e] in line, (line, hit.snippet_text[s:e])
        assert cropped, f"no snippet was re-centred at width {width}: the test shows nothing"
