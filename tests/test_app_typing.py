"""Pilot tests of what a keystroke costs in the app (issue 13's keystroke-to-paint), on the
generated archive: the timeline is recounted once the query stops changing, never for each
keystroke and never holding up the next keystroke's search; the list's new length reaches
its scrollbar and G without laying out the screen; the status line still takes the lines
its text needs."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from textual.geometry import Region

import index.views
import tui.widgets.timeline
from tests.test_app import ready, search, settle
from tests.test_app_archive import MANY, focus_results, news_app
from tui.widgets.results import ROW_HEIGHT, ResultList
from tui.widgets.search_input import SearchInput
from tui.widgets.timeline import TimelineBar


def recorded_timelines(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The totals of the timelines computed (``index.views.timeline`` runs under the
    searcher's lock, once per recount)."""
    counted: list[int] = []
    real = index.views.timeline

    def counting(days, unit=None):  # type: ignore[no-untyped-def]
        days = list(days)
        counted.append(len(days))
        return real(iter(days), unit)

    monkeypatch.setattr(index.views, "timeline", counting)
    return counted


async def test_typing_recounts_the_timeline_once_for_the_query_typed(
    news_archive: Path, news_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a wait longer than any keystroke of this test takes (each key waits for its list)
    monkeypatch.setattr(tui.widgets.timeline, "VIEWS_QUIET", 3.0)
    app = news_app(news_archive, news_index)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        bar = screen.query_one(TimelineBar)
        await settle(pilot, lambda: bar.full is not None, "the first timeline")
        counted = recorded_timelines(monkeypatch)
        screen = await search(pilot, MANY)  # typed a key at a time, each list shown
        total = screen.search.result.total
        await settle(pilot, lambda: bar.query_text == MANY and bar.full is not None, "it")
        assert bar.full.total == total
        assert counted == [total], f"recounted {len(counted)} times for {len(MANY)} keys"


async def test_a_timeline_recount_never_holds_up_the_next_search(
    news_archive: Path, news_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tui.widgets.timeline, "VIEWS_QUIET", 0.0)
    app = news_app(news_archive, news_index)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await search(pilot, "baker")
        started, release = threading.Event(), threading.Event()
        real = index.views.timeline

        def slow(days, unit=None):  # type: ignore[no-untyped-def]
            started.set()
            assert release.wait(30), "the test never released the recount"
            return real(days, unit)

        monkeypatch.setattr(index.views, "timeline", slow)
        try:
            pane = screen.search
            pane.input.value = MANY
            deadline = time.monotonic() + 20
            while not started.is_set() and time.monotonic() < deadline:
                await pilot.pause(0.02)  # poll (bounded): settle() would wait for the worker
            assert started.is_set(), "no timeline recount started"
            pane.input.value = "minister OR baker"
            deadline = time.monotonic() + 20
            while pane.shown_query != "minister OR baker" and time.monotonic() < deadline:
                await pilot.pause(0.02)
            assert pane.shown_query == "minister OR baker", "the search waited for the recount"
            assert screen.query_one(ResultList).painted.query == "minister OR baker"
        finally:
            release.set()
        bar = screen.query_one(TimelineBar)
        await settle(pilot, lambda: bar.query_text == "minister OR baker" and bar.full, "it")


async def test_a_new_length_reaches_the_scrollbar_and_G(
    news_archive: Path, news_index: Path
) -> None:
    app = news_app(news_archive, news_index)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        for query in ("said", MANY):  # two long lists one after the other
            screen = await search(pilot, query)
            results = screen.query_one(ResultList)
            total = screen.search.result.total
            assert total * ROW_HEIGHT > results.scrollable_content_region.height
            assert results.virtual_size.height == total * ROW_HEIGHT
            assert results.vertical_scrollbar.window_virtual_size == total * ROW_HEIGHT
            assert not results.show_horizontal_scrollbar
            await focus_results(pilot)
            await pilot.press("G")
            await settle(pilot, lambda r=results, t=total: r.hit(t - 1) is not None, "the last")
            view = results.scrollable_content_region.height
            assert results.scroll_y == total * ROW_HEIGHT - view  # the last row at the bottom
            bottom = "".join(s.text for s in results.render_line(view - ROW_HEIGHT))
            assert results.hit(total - 1).title[:20] in bottom
            await pilot.press("slash")


def status_lines(screen) -> list[str]:
    status = screen.query_one("#status")
    width, height = status.size
    return [
        "".join(s.text for s in strip).strip()
        for strip in status.render_lines(Region(0, 0, width, height))
    ]


async def test_the_status_line_takes_the_lines_its_text_needs(
    news_archive: Path, news_index: Path
) -> None:
    app = news_app(news_archive, news_index)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        inp = main_input = pilot.app.main_screen.query_one(SearchInput)
        screen = await search(pilot, "x")
        short = status_lines(screen)
        assert "result" in " ".join(short)
        main_input.value = "nosuchfieldinthisarchive:baker"  # an error naming every field
        await settle(pilot, lambda: screen.search.query_error is not None, "the error")
        error = screen.search.query_error
        lines = status_lines(screen)
        assert len(lines) > len(short), lines
        assert lines[-1].endswith(error.split()[-1]), (lines, error)  # the end shown too
        inp.value = "x"
        await settle(pilot, lambda: screen.search.shown_query == "x", "the list again")
        assert status_lines(screen) == short  # back to its own height


def test_a_lane_dropped_while_in_use_is_closed_once_returned(
    news_archive: Path, news_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index changed (the further Sessions are dropped) while a recount runs on one:
    it finishes on it, and the Session is closed when the recount is done with it."""
    from index.api import Session
    from index.paths import DossierDirs
    from tui.session import SessionRunner

    closed: list[Session] = []
    real_close = Session.close
    monkeypatch.setattr(Session, "close", lambda self: (closed.append(self), real_close(self)))
    runner = SessionRunner(None, news_archive, DossierDirs.from_env(), news_index)  # type: ignore[arg-type]
    with runner.borrow("views") as views:
        runner.drop_spare()
        assert views.timeline(MANY).total > 0 and closed == []  # still open, still counts
        with runner.borrow("views") as fresh:
            assert fresh is not views  # the next recount gets a new one
    assert closed == [views]
    runner.close()
    assert closed == [views, fresh]


def burst(app, keys: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Keys arriving together, as a terminal delivers keys typed fast or sent by tmux: all
    queued before the first is handled (Pilot's ``press`` waits for each)."""
    from textual import events

    for key in keys:
        if len(key) == 1:
            app.post_message(events.Key("space" if key == " " else key, key))
        else:
            app.post_message(events.Key(key, None))


@pytest.mark.parametrize(
    ("typed", "keys", "expected"),
    [
        ("oil pri", ["ctrl+u", *"zinc"], "zinc"),  # was "": ctrl+u ran after the letters
        ("oil", ["backspace", *"x"], "oix"),  # was "oi": backspace after the x
        ("oil", ["left", "left", *"x"], "oxil"),  # was "oilx"
        ("cocoa", ["ctrl+w", *"tin"], "tin"),
    ],
)
async def test_bound_keys_act_in_the_order_they_were_typed(
    news_archive: Path, news_index: Path, typed: str, keys: list[str], expected: str
) -> None:
    app = news_app(news_archive, news_index)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await search(pilot, typed)
        inp = screen.query_one(SearchInput)
        burst(app, keys)
        await settle(pilot, lambda: screen.search.shown_query == expected, repr(expected))
        assert inp.value == expected


async def test_a_key_pressed_in_the_list_never_acts_on_the_search_typed_after_it(
    news_archive: Path, news_index: Path
) -> None:
    app = news_app(news_archive, news_index)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await search(pilot, "oil pri")
        await focus_results(pilot)
        burst(app, ["ctrl+u", *"zinc"])  # ctrl+u means nothing in the list; z starts a search
        await settle(pilot, lambda: screen.search.shown_query == "zinc", "zinc")
        assert screen.query_one(SearchInput).value == "zinc"
