"""Pilot tests of the app on a generated archive of 2,500 articles (tests/newsgen.py):
every hit reachable, keys typed in lists, the selected row's contrast, n/N from the view,
a slow search shown as running, the open archive named."""

from __future__ import annotations

import re
import shutil
import threading
import time
from pathlib import Path

import pytest
from rich.segment import Segment
from textual import events
from textual.color import Color
from textual.filter import Monochrome

from index.api import Dossier
from index.paths import DossierDirs
from tests.test_app import open_current, ready, search, settle
from tui.app import DossierApp
from tui.contrast import AA_TEXT, contrast, triplet
from tui.widgets.actors import ActorList
from tui.widgets.document import DocumentView
from tui.widgets.results import PAGE, ResultList
from tui.widgets.search_input import SearchInput

MANY = "minister"  # 359 of the 2,500 generated articles: 8 pages


def news_app(news_archive: Path, news_index: Path, theme: str = "textual-dark") -> DossierApp:
    return DossierApp(news_archive, DossierDirs.from_env(), news_index, theme=theme)


def expected(news_archive: Path, news_index: Path, query: str, sort: str) -> list[str]:
    d = Dossier.open(news_archive, dirs=DossierDirs.from_env(), index_dir=news_index)
    try:
        total = d.search(query, limit=0).total
        return [h.id for h in d.search(query, limit=total, sort=sort).hits]
    finally:
        d.close()


async def focus_results(pilot) -> ResultList:
    results = pilot.app.main_screen.query_one(ResultList)
    while pilot.app.focused is not results:
        await pilot.press("tab")
    return results


# -- #12.2: every hit reachable --------------------------------------------------------------
async def test_every_hit_is_reachable_and_G_reaches_the_last(
    news_archive: Path, news_index: Path
) -> None:
    ids = expected(news_archive, news_index, MANY, "date")
    assert len(ids) > 4 * PAGE
    app = news_app(news_archive, news_index)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        screen = await search(pilot, MANY)
        await pilot.press("ctrl+s")  # by date, newest first
        pane = screen.search
        await settle(pilot, lambda: pane.result.sort == "date", "the date sort")
        status = str(screen.query_one("#status").render())
        assert f"{len(ids):,} results" in status and "first" not in status
        results = await focus_results(pilot)
        assert results.total == len(ids)
        await pilot.press("G")
        assert results.cursor == len(ids) - 1
        await settle(pilot, lambda: results.hit(len(ids) - 1) is not None, "the last page")
        assert results.hit(len(ids) - 1).id == ids[-1]  # the oldest
        rows = [
            "".join(s.text for s in results.render_line(y))
            for y in range(results.scrollable_content_region.height)
        ]
        assert any(results.hit(len(ids) - 1).title[:30] in row for row in rows)
        # walking down with j loads each page before the cursor gets there
        await pilot.press("g")
        for _ in range(PAGE + 5):
            await pilot.press("j")
        await settle(pilot, lambda: results.hit(PAGE + 5) is not None, "the second page")
        assert [results.hit(i).id for i in range(PAGE + 6)] == ids[: PAGE + 6]


async def test_n_walks_across_articles_past_the_first_page(
    news_archive: Path, news_index: Path
) -> None:
    ids = expected(news_archive, news_index, MANY, "relevance")
    app = news_app(news_archive, news_index)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        screen = await search(pilot, MANY)
        results = screen.query_one(ResultList)
        doc = screen.query_one(DocumentView)
        results.open_at(PAGE - 2, "last")
        await settle(pilot, lambda: doc.doc_id == ids[PAGE - 2], "the article")
        doc.focus()
        for i in range(PAGE - 1, PAGE + 3):  # across the end of the first page
            while doc.doc_id != ids[i]:
                before = (doc.doc_id, doc.current)
                await pilot.press("n")
                await settle(pilot, lambda b=before: (doc.doc_id, doc.current) != b, "n")
            assert doc.current == doc.page.body_spans[0]
        await pilot.press("N")
        await settle(pilot, lambda: doc.doc_id == ids[PAGE + 1], "N back")
        assert doc.current == doc.page.body_spans[-1]


# -- #12.4: keys typed in lists ----------------------------------------------------------------
async def test_typing_in_the_results_searches_and_never_quits(
    news_archive: Path, news_index: Path
) -> None:
    app = news_app(news_archive, news_index)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await search(pilot, MANY)
        await focus_results(pilot)
        actors_before = screen.actors_visible
        await pilot.press(*"iraq")
        assert app.is_running
        assert screen.actors_visible == actors_before  # 'a' was a letter, not a toggle
        inp = screen.query_one(SearchInput)
        assert app.focused is inp and inp.value == "iraq"
        await settle(pilot, lambda: screen.search.shown_query == "iraq", "the search")
        # Keys that arrive together (a fast typist, a paste in a real terminal) are all
        # queued before the first one moves the focus: they must all reach the query.
        await search(pilot, MANY)
        await focus_results(pilot)
        for ch in "iran":
            app.post_message(events.Key(ch, ch))
        await pilot.pause()
        assert app.focused is inp and inp.value == "iran"
        # the same in the actor panel
        await search(pilot, MANY)
        actor_list = screen.query_one(ActorList)
        await settle(pilot, lambda: actor_list.option_count > 1, "the actors")
        actor_list.focus()
        await pilot.press(*"quota")
        assert app.is_running and app.focused is inp and inp.value == "quota"


# -- #12.5: the selected row reads in every theme -----------------------------------------------
def _text_segments(strip) -> list[Segment]:
    return [s for s in strip if s.text.strip() and s.style is not None]


def _worst_contrast(segments: list[Segment]) -> float:
    worst = 99.0
    for seg in segments:
        st = seg.style
        assert st.color is not None and st.bgcolor is not None, seg
        fg, bg = triplet(st.color), triplet(st.bgcolor)
        if st.reverse:
            fg, bg = bg, fg
        worst = min(worst, contrast(fg, bg))
    return worst


@pytest.mark.parametrize("no_color", [False, True], ids=["colour", "NO_COLOR"])
async def test_selected_result_is_readable_in_every_theme(
    news_archive: Path, news_index: Path, monkeypatch: pytest.MonkeyPatch, no_color: bool
) -> None:
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    app = news_app(news_archive, news_index)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await search(pilot, MANY)
        results = await focus_results(pilot)
        await pilot.press("j")
        themes = sorted(app.available_themes)
        assert len(themes) >= 10
        failures = []
        for theme in themes:
            app.theme = theme
            await pilot.pause()
            for focused in (True, False):
                (results if focused else screen.query_one(SearchInput)).focus()
                await pilot.pause()
                row = (results.cursor * 3) - int(results.scroll_y)
                for sub in range(3):  # title, date, snippet
                    segments = _text_segments(results.render_line(row + sub))
                    if app.no_color:
                        segments = Monochrome().apply(segments, Color(0, 0, 0))
                    worst = _worst_contrast(segments)
                    if worst < AA_TEXT:
                        failures.append(f"{theme} focused={focused} line {sub}: {worst:.2f}")
        assert not failures, failures
        del screen


async def test_matches_and_actor_mentions_look_different_in_every_theme(
    news_archive: Path, news_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    app = news_app(news_archive, news_index)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        doc = screen.query_one(DocumentView)
        for theme in sorted(app.available_themes):
            app.theme = theme
            await pilot.pause()
            match = doc.get_component_rich_style("document--match")
            actor = doc.get_component_rich_style("document--actor")
            # distinct without colour (NO_COLOR, 16 colours) and in colour
            assert (match.bold, match.underline, match.italic) != (
                actor.bold,
                actor.underline,
                actor.italic,
            ), theme
            assert (match.color, match.bgcolor) != (actor.color, actor.bgcolor), theme


# -- #12.6: n/N from where you read --------------------------------------------------------------
async def test_n_goes_to_the_next_match_from_the_top_of_the_view(
    news_archive: Path, news_index: Path
) -> None:
    app = news_app(news_archive, news_index)
    async with app.run_test(size=(44, 14)) as pilot:
        screen = await ready(pilot)
        await search(pilot, "the")
        doc = await open_current(pilot)
        spans = doc.page.body_spans
        assert len(spans) >= 4 and doc.max_scroll_y > 2 * doc.scrollable_content_region.height
        assert doc.current == spans[0]
        assert doc.border_subtitle == f"match 1 of {len(spans)}"
        await pilot.press("n", "n")
        assert doc.border_subtitle == f"match 3 of {len(spans)}"
        # scrolled away: n goes to the first match from the top of the view on
        await pilot.press("G")
        assert not doc._in_view(doc.current[0])  # match 3 is far above
        top = doc.top_offset()
        after = [s for s in spans if s[0] >= top]
        await pilot.press("n")
        if after:  # the first match in view, not match 4
            assert doc.current == after[0]
            assert doc.border_subtitle == f"match {spans.index(after[0]) + 1} of {len(spans)}"
        await pilot.press("g", "n")
        assert doc.current == spans[0]  # not "no more matches", not match 4
        await pilot.press("G", "N")
        assert doc.current == spans[-1] or doc.current[0] < top
        del screen


async def test_one_match_off_screen_is_found_after_g(news_archive: Path, news_index: Path) -> None:
    app = news_app(news_archive, news_index)
    async with app.run_test(size=(44, 14)) as pilot:
        await ready(pilot)
        screen = await search(pilot, "the")
        doc = await open_current(pilot)
        # a word the article has once, below the first screen
        text = doc.page.text
        lower = text.lower()
        words = {w.lower() for w in re.findall(r"[A-Za-z]{6,}", text)}
        once = sorted(
            (
                w
                for w in words
                if len(re.findall(rf"\b{w}\b", lower)) == 1 and lower.index(w) > len(text) // 2
            ),
            key=lower.index,
        )
        assert once, "no word found once in the second half"
        word = once[-1]
        index = expected(news_archive, news_index, word, "relevance").index(doc.doc_id)
        await search(pilot, word)
        results = screen.query_one(ResultList)
        results.open_at(index, "first")
        await settle(pilot, lambda: screen.open_request.index == index and doc.current, "it")
        assert doc.match_count == 1
        doc.focus()
        await pilot.press("g")
        assert doc.scroll_y == 0 and not doc._in_view(doc.current[0])
        await pilot.press("n")
        assert doc.doc_id == results.hit(index).id
        assert doc._in_view(doc.current[0])
        assert doc.border_subtitle == "match 1 of 1"


# -- #12.7: a slow search is shown as running; its list never passes for the new query's ---------
async def test_slow_search_is_shown_and_its_list_dimmed(
    news_archive: Path, news_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    real = Dossier.search

    def slow(self, query, *args, **kwargs):  # type: ignore[no-untyped-def]
        if query == "slowquery":
            assert release.wait(30), "the test never released the slow search"
        return real(self, query, *args, **kwargs)

    monkeypatch.setattr(Dossier, "search", slow)
    app = news_app(news_archive, news_index)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        pane = screen.search
        await search(pilot, MANY)
        results = screen.query_one(ResultList)
        pane.input.value = "slowquery"
        # poll (bounded): settle() would wait for the blocked worker itself
        deadline = time.monotonic() + 10
        while not pane.searching and time.monotonic() < deadline:
            await pilot.pause(0.02)
        assert pane.searching, "the running search is not shown"
        status = str(screen.query_one("#status").render())
        assert "Searching “slowquery”" in status
        assert f"shown: “{MANY}”" in status
        assert results.stale  # dimmed, no selection: not this query's list
        segments = [s for y in range(6) for s in results.render_line(y) if s.text.strip()]
        assert segments and all(s.style and s.style.dim for s in segments)
        # a newer query does not wait behind the slow one (still blocked here)
        pane.input.value = "baker"
        deadline = time.monotonic() + 20
        while pane.shown_query != "baker" and time.monotonic() < deadline:
            await pilot.pause(0.02)
        assert pane.shown_query == "baker", "the new query waited behind the slow one"
        assert pane.result_query == "baker" and not results.stale
        assert "Searching" not in str(screen.query_one("#status").render())
        # the slow answer, when it comes, is dropped
        release.set()
        await settle(pilot, lambda: not pane.in_flight, "the slow search to end")
        assert pane.result_query == "baker" and pane.result.query == "baker"


# -- #12.11: which archive is open -------------------------------------------------------------
async def test_the_open_archive_is_named(news_archive: Path, news_index: Path) -> None:
    app = news_app(news_archive, news_index)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert str(news_archive) in app.sub_title
        status = str(app.main_screen.query_one("#status").render())
        assert f"2,500 articles in {news_archive.name}" in status  # on screen, not only a title


# -- #15: ctrl+r refreshes the open article and keeps the reading position ----------------------
async def test_ctrl_r_refreshes_the_open_article_and_keeps_the_position(
    news_archive_copy: Path, news_index: Path, tmp_path: Path
) -> None:
    index = Path(shutil.copytree(news_index, tmp_path / "index"))  # only the change re-indexed
    app = DossierApp(news_archive_copy, DossierDirs.from_env(), index, theme="textual-dark")
    async with app.run_test(size=(60, 16)) as pilot:
        screen = await ready(pilot)
        await search(pilot, "the")
        doc = await open_current(pilot)
        await pilot.press("n", "n", "n")
        current = doc.current
        word = doc.page.text[current[0] : current[1]]
        path = next(news_archive_copy.rglob(f"{doc.doc_id}.txt"))
        original = path.read_text(encoding="utf-8")
        title, rest = original.split("\n", 1)
        inserted = "An inserted paragraph about nothing at all.\n\n"
        path.write_text(f"{title}\n\n{inserted}{rest.lstrip()}", encoding="utf-8")
        top_text = doc.page.text[doc.top_offset() : doc.top_offset() + 20]
        await pilot.press("ctrl+r")
        await settle(pilot, lambda: inserted.strip() in doc.page.text, "the refreshed article")
        assert doc.page.text[doc.top_offset() :].startswith(top_text) or top_text in "\n".join(
            doc.visible_rows()
        )  # still reading the same passage
        for s, e in doc.page.body_spans:  # the highlights are on the new text
            assert doc.page.text[s:e].lower() == word.lower()
        del screen


async def test_palette_lists_quit_once(news_archive: Path, news_index: Path) -> None:
    app = news_app(news_archive, news_index)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert sum("quit" in t.lower() for t in commands) == 1, commands
        for name in ("Toggle sort", "Bookmarks", "Next match", "Re-index", "Theme: light"):
            assert name in commands


# -- #12.11: j/k in the actor panel and the bookmarks list; undo outlives the screen ----------
async def test_j_k_in_the_actor_panel_and_bookmarks_and_undo_survives_leaving(
    news_archive: Path, news_index: Path
) -> None:
    from tui.screens.bookmarks import BookmarksScreen
    from tui.screens.main import MainScreen

    app = news_app(news_archive, news_index)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await settle(pilot, lambda: app.runner.reanchored is not None, "the update")
        await search(pilot, MANY)
        doc = await open_current(pilot)
        actor_list = screen.query_one(ActorList)
        await settle(pilot, lambda: len(actor_list.entries) > 3, "the article's actors")
        actor_list.focus()
        first = actor_list.highlighted
        await pilot.press("j")
        assert actor_list.highlighted not in (None, first)
        await pilot.press("k")
        assert actor_list.highlighted == first
        # two bookmarks
        doc.focus()
        for _ in range(2):
            await pilot.press("right_square_bracket", "m", "enter")
            await settle(pilot, lambda: isinstance(app.screen, MainScreen), "saved")
        await pilot.press("ctrl+o")
        await settle(
            pilot,
            lambda: isinstance(app.screen, BookmarksScreen) and len(app.screen.bookmarks) == 2,
            "the bookmarks",
        )
        options = app.screen.query_one("#bookmarks-list")
        assert options.highlighted == 0
        await pilot.press("j")
        assert options.highlighted == 1
        await pilot.press("k")
        assert options.highlighted == 0
        await pilot.press("d", "y")
        await settle(pilot, lambda: len(app.screen.bookmarks) == 1, "the delete")
        await pilot.press("escape")  # leave the screen...
        assert isinstance(app.screen, MainScreen)
        await pilot.press("ctrl+o")  # ...come back: u still undoes the delete
        await settle(
            pilot,
            lambda: isinstance(app.screen, BookmarksScreen) and app.screen.loaded > 0,
            "the bookmarks again",
        )
        await pilot.press("u")
        await settle(pilot, lambda: len(app.screen.bookmarks) == 2, "the undo")


# -- #16.5: match marks beside the scrollbar ------------------------------------------------
async def test_matches_are_marked_beside_the_scrollbar(
    news_archive: Path, news_index: Path
) -> None:
    from tui.widgets.document import MATCH_MARK

    app = news_app(news_archive, news_index)
    async with app.run_test(size=(70, 14)) as pilot:
        await ready(pilot)
        await search(pilot, "said")
        doc = await open_current(pilot)
        await settle(pilot, lambda: bool(doc.page.body_spans), "the matches")
        height = doc.scrollable_content_region.height
        width = doc.scrollable_content_region.width
        total = len(doc._rows)
        assert total > height  # the article scrolls: the marks map all of it
        want = {
            min(height - 1, doc.row_of_offset(s) * height // total) for s, _ in doc.page.body_spans
        }
        last_column = [doc.render_line(y).crop(width - 1, width).text for y in range(height)]
        marked = {y for y, cell in enumerate(last_column) if cell == MATCH_MARK}
        assert marked == want
        # the marks stay put while the text scrolls
        await pilot.press("G")
        assert {
            y for y in range(height) if doc.render_line(y).crop(width - 1, width).text == MATCH_MARK
        } == want
