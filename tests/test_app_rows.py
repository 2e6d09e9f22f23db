"""The result list repaints only the rows a new result changes: what the screen shows
after each result is still exactly that result (highlights, rows, scrollbar, the paint
the benchmark times)."""

from __future__ import annotations

from pathlib import Path

from rich.segment import Segment
from textual.app import App, ComposeResult

import tui
from index.api import Hit, SearchResult
from tui.widgets.results import ResultList

CSS = Path(tui.__file__).parent / "dossier.tcss"


class ListApp(App):
    CSS_PATH = CSS

    def compose(self) -> ComposeResult:
        yield ResultList(id="results")


def hit(n: int, title: str, title_spans: list[tuple[int, int]]) -> Hit:
    return Hit(
        id=f"{n:05}",
        path=f"{n:05}.txt",
        title=title,
        date="1987-03-02",
        source="Reuter",
        score=1.0,
        snippet="",
        snippet_text=f"Snippet of article {n}",
        snippet_spans=[],
        spans=[],
        title_spans=title_spans,
    )


def screen_lines(app: App) -> list[list[Segment]]:
    """What the screen shows now, line by line (the compositor's output)."""
    return [list(strip) for strip in app.screen._compositor.render_strips()]


def underlined(line: list[Segment]) -> str:
    return "".join(s.text for s in line if s.style is not None and s.style.underline)


async def show(pilot, results: ResultList, result: SearchResult, seq: int) -> None:
    results.set_result(result, seq)
    await pilot.pause()
    assert results.painted.seq == seq


async def test_a_row_whose_highlight_moved_is_repainted() -> None:
    app = ListApp()
    async with app.run_test(size=(60, 20)) as pilot:
        results = app.query_one(ResultList)
        rows = [hit(i, f"Alpha Beta {i}", []) for i in range(3)]
        first = [hit(0, "Alpha Beta 0", [(0, 5)]), *rows[1:]]
        await show(pilot, results, SearchResult("alpha", 3, first), 1)
        assert underlined(screen_lines(app)[0]) == "Alpha"
        moved = [hit(0, "Alpha Beta 0", [(6, 10)]), *rows[1:]]
        await show(pilot, results, SearchResult("beta", 3, moved), 2)
        assert underlined(screen_lines(app)[0]) == "Beta"


async def test_a_result_drawn_alike_is_still_painted_as_that_result() -> None:
    app = ListApp()
    async with app.run_test(size=(60, 20)) as pilot:
        results = app.query_one(ResultList)
        rows = [hit(i, f"Title {i}", []) for i in range(3)]
        await show(pilot, results, SearchResult("tit", 3, rows), 1)
        before = results.painted.at
        await show(pilot, results, SearchResult("titl", 3, list(rows)), 2)
        assert results.painted.query == "titl" and results.painted.at > before


async def test_fewer_rows_blank_the_rows_left_over() -> None:
    app = ListApp()
    async with app.run_test(size=(60, 20)) as pilot:
        results = app.query_one(ResultList)
        await show(pilot, results, SearchResult("a", 4, [hit(i, f"T{i}", []) for i in range(4)]), 1)
        assert "T3" in "".join(s.text for s in screen_lines(app)[9])
        await show(
            pilot, results, SearchResult("ab", 2, [hit(i, f"T{i}", []) for i in range(2)]), 2
        )
        assert "".join(s.text for s in screen_lines(app)[9]).strip() == ""


async def test_the_scrollbar_follows_the_total() -> None:
    """The scrollbar is redrawn when its thumb changes (and not otherwise): after a
    result of 1,000 hits then one of 10, it is drawn as for 10 from the start."""

    def bar(app: App) -> list[tuple[str, object]]:
        return [(line[-1].text, line[-1].style) for line in screen_lines(app)]

    many = [hit(i, f"T{i}", []) for i in range(50)]
    fresh = ListApp()
    async with fresh.run_test(size=(60, 20)) as pilot:
        await show(pilot, fresh.query_one(ResultList), SearchResult("b", 10, many[:10]), 1)
        want = bar(fresh)
    app = ListApp()
    async with app.run_test(size=(60, 20)) as pilot:
        results = app.query_one(ResultList)
        await show(pilot, results, SearchResult("a", 1000, many), 1)
        assert bar(app) != want
        await show(pilot, results, SearchResult("b", 10, many[:10]), 2)
        assert bar(app) == want
