"""Pilot tests of search-as-you-type on the generated archive (#13.1): the word being typed
is a prefix (the input's cursor right after it), inside an open phrase too; a space after
it, or the cursor elsewhere, makes the query exact. The pages further down and the
highlights in the open article use the flag of the list they came from."""

from __future__ import annotations

from pathlib import Path

from index.api import Dossier
from index.paths import DossierDirs
from tests.test_app import ready, search, settle
from tests.test_app_archive import focus_results, news_app
from tui.widgets.document import DocumentView
from tui.widgets.facets import FacetPanel
from tui.widgets.results import PAGE, ResultList
from tui.widgets.search_input import SearchInput
from tui.widgets.timeline import TimelineBar


def api(news_archive: Path, news_index: Path) -> Dossier:
    return Dossier.open(news_archive, dirs=DossierDirs.from_env(), index_dir=news_index)


def ids_of(d: Dossier, query: str, sort: str = "relevance", prefix: bool = False) -> list[str]:
    total = d.search(query, limit=0, prefix=prefix).total
    return [h.id for h in d.search(query, limit=total, sort=sort, prefix=prefix).hits]


def status(screen) -> str:
    return str(screen.query_one("#status").render())


async def open_first(pilot, screen) -> DocumentView:
    doc = screen.query_one(DocumentView)
    results = await focus_results(pilot)
    want = results.hit(0).id
    await pilot.press("enter")
    await settle(pilot, lambda: doc.doc_id == want and bool(doc.page.body_spans), "the article")
    return doc


def marked(doc: DocumentView) -> list[str]:
    page = doc.page
    return [page.text[s:e].lower() for s, e in page.body_spans]


async def test_typing_zinov_lists_zinoviev_before_the_word_is_complete(
    news_archive: Path, news_index: Path
) -> None:
    d = api(news_archive, news_index)
    try:
        want = d.search("zinov*").total
        assert d.search("zinov").total == 0 and d.search("zinoviev").total == want > 0
    finally:
        d.close()
    app = news_app(news_archive, news_index)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        screen = await search(pilot, "Zinov")
        assert screen.search.result.total == want
        assert f"{want:,} result" in status(screen)
        assert screen.query_one(ResultList).total == want
        # the timeline and the facets count the hits listed, not those of the word "zinov"
        timeline = screen.query_one(TimelineBar)
        await settle(pilot, lambda: timeline.full is not None, "the timeline")
        assert timeline.full.total == want
        await pilot.press("ctrl+f")
        panel = screen.query_one(FacetPanel)
        await settle(pilot, lambda: panel.facets is not None, "the facets")
        assert panel.facets.total == sum(panel.facets.month.values()) == want
        await pilot.press("ctrl+f")
        doc = await open_first(pilot, screen)
        # the whole matched word is marked, not the five letters typed
        assert marked(doc) and set(marked(doc)) == {"zinoviev"}


async def test_typing_an_open_phrase_finds_its_last_word_as_a_prefix(
    news_archive: Path, news_index: Path
) -> None:
    d = api(news_archive, news_index)
    try:
        whole = set(ids_of(d, '"oil prices"'))
        typed = ids_of(d, '"oil pri', prefix=True)
        assert whole and whole <= set(typed)
        assert d.search('"oil pri').total < len(whole)  # exact: no word "pri"
    finally:
        d.close()
    app = news_app(news_archive, news_index)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        screen = await search(pilot, '"oil pri')
        assert screen.search.result.total == len(typed)
        assert f"{len(typed):,} result" in status(screen)
        doc = await open_first(pilot, screen)
        spans = marked(doc)
        assert spans and all(s.startswith("oil pri") and " " in s for s in spans), spans


async def test_a_space_after_the_word_or_the_cursor_elsewhere_makes_it_exact(
    news_archive: Path, news_index: Path
) -> None:
    app = news_app(news_archive, news_index)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        screen = await search(pilot, "Zinov")
        pane = screen.search
        prefix_total = pane.result.total
        assert prefix_total > 0
        await pilot.press("space")
        await settle(pilot, lambda: pane.shown_query == "Zinov " and not pane.in_flight, "exact")
        assert pane.result.total == 0 and "0 results" in status(screen)
        await pilot.press("backspace")  # the word is being typed again
        await settle(pilot, lambda: pane.result.total == prefix_total, "prefix again")
        # the cursor moved off the end: the same text, exact; back at the end: prefix
        inp = screen.query_one(SearchInput)
        await pilot.press("left")
        assert inp.cursor_position == len("Zinov") - 1
        await settle(pilot, lambda: pane.result.total == 0 and not pane.in_flight, "exact")
        await pilot.press("end")
        await settle(pilot, lambda: pane.result.total == prefix_total, "prefix at the end")


async def test_pages_further_down_use_the_prefix_of_their_list(
    news_archive: Path, news_index: Path
) -> None:
    d = api(news_archive, news_index)
    try:
        ids = ids_of(d, "minis", sort="date", prefix=True)
        assert len(ids) > 2 * PAGE and d.search("minis").total == 0
    finally:
        d.close()
    app = news_app(news_archive, news_index)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        screen = await search(pilot, "minis")
        await pilot.press("ctrl+s")  # by date, newest first
        pane = screen.search
        await settle(pilot, lambda: pane.result.sort == "date", "the date sort")
        results = await focus_results(pilot)
        assert results.total == len(ids)
        await pilot.press("G")
        await settle(pilot, lambda: results.hit(len(ids) - 1) is not None, "the last page")
        loaded = [i for i in range(len(ids)) if results.hit(i) is not None]
        assert len(loaded) >= 2 * PAGE and loaded[-1] == len(ids) - 1  # first and last pages
        assert [results.hit(i).id for i in loaded] == [ids[i] for i in loaded]


async def test_narrowing_a_typed_word_keeps_it_a_prefix(
    news_archive: Path, news_index: Path
) -> None:
    """The timeline adds a date term after the word being typed: the word must stay the
    prefix the list was counted with (``zinov`` alone is no word: 0 hits)."""
    app = news_app(news_archive, news_index)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        screen = await search(pilot, "Zinov")
        timeline = screen.query_one(TimelineBar)
        await settle(pilot, lambda: timeline.view is not None and bool(timeline.view.bins), "bins")
        await pilot.press("ctrl+l")
        await settle(pilot, lambda: timeline.cursor is not None, "the timeline cursor")
        count = timeline.view.bins[timeline.cursor].count
        assert count > 0
        await pilot.press("enter")
        inp = screen.query_one(SearchInput)
        await settle(pilot, lambda: "date:[" in inp.value, "the narrowed query")
        assert inp.value.startswith("Zinov* date:[")
        await settle(pilot, lambda: screen.search.result_query == inp.value, "the narrowed search")
        assert screen.search.result.total == count
