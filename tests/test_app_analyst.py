"""Pilot tests of the analyst views on a generated archive of 2,500 articles: the
timeline narrows and widens through a date:[...] term in the query box, facets add and
remove filters, who-appears-with-whom searches both actors, saved searches are saved,
listed with new counts and opened, and the reading aids copy, find and export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.api import Dossier
from tests.test_app import main, make_app, ready, search, settle
from tui.app import DossierApp
from tui.screens.cooccurrence import CooccurrenceScreen
from tui.screens.saved import SavedSearchesScreen, SaveSearchScreen
from tui.widgets.actors import ActorList
from tui.widgets.facets import FacetList, FacetPanel
from tui.widgets.search_input import SearchInput
from tui.widgets.timeline import TimelineBar

SIZE = (160, 45)


@pytest.fixture(scope="module")
def news_index(news_archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated archive's index, built once (the app opens it with update=False)."""
    path = tmp_path_factory.mktemp("app-analyst-index")
    d = Dossier.open(news_archive, index_dir=path)
    d.update()
    d.actors()
    d.close()
    return path


def app_for(news_archive: Path, news_index: Path) -> DossierApp:
    return make_app(news_archive, index_dir=news_index, update=False)


async def timeline_loaded(pilot, query: str) -> TimelineBar:
    bar = main(pilot.app).query_one(TimelineBar)
    await settle(pilot, lambda: bar.query_text == query and bar.full is not None, "the timeline")
    return bar


async def test_timeline_draws_the_hits_and_narrows_then_widens(
    news_archive: Path, news_index: Path
) -> None:
    app = app_for(news_archive, news_index)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = await search(pilot, "oil")
        bar = await timeline_loaded(pilot, "oil")
        total = screen.search.result.total
        assert bar.full.total == total and bar.full.unit == "month"
        line = str(bar.render())
        assert "█" in line and len(set(line) & set("▁▂▃▄▅▆▇")) >= 2
        busiest = bar.view.bins[bar.view.busiest]
        assert line.endswith(f" ▲{busiest.start_label} {busiest.count:,}")
        await pilot.press("ctrl+l")
        assert app.focused is bar
        assert bar.cursor == bar.view.busiest  # the cursor starts on the busiest period
        await pilot.press("left")
        chosen = bar.view.bins[bar.cursor]
        assert bar.cursor == bar.view.busiest - 1
        await pilot.press("enter")
        inp = screen.query_one(SearchInput)
        await settle(pilot, lambda: "date:[" in inp.value, "the narrowed query")
        # "oil" was typed, so listed and counted as a prefix: it stays one when narrowed
        assert inp.value == f"oil* date:[{chosen.start} to {chosen.end}]"
        await settle(pilot, lambda: screen.search.shown_query == inp.value and not screen.search.in_flight,
                     "the narrowed results")  # fmt: skip
        narrowed = screen.search.result.total
        assert 0 < narrowed < total
        assert inp.value in app.state.history.entries  # kept in history
        await timeline_loaded(pilot, inp.value)
        assert bar.full.total == narrowed == chosen.count
        bar.focus()
        await pilot.press("backspace")
        await settle(pilot, lambda: inp.value == "oil", "the widened query")
        await settle(pilot, lambda: screen.search.shown_query == "oil" and not screen.search.in_flight,
                     "the widened results")  # fmt: skip
        assert screen.search.result.total == total


async def test_facets_panel_adds_and_removes_filters(news_archive: Path, news_index: Path) -> None:
    app = app_for(news_archive, news_index)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = await search(pilot, "oil")
        total = screen.search.result.total
        panel = screen.query_one(FacetPanel)
        assert not panel.display
        screen.query_one("#results").focus()
        await pilot.press("ctrl+f")  # (a letter typed in the results would start a search)
        assert panel.display
        await settle(pilot, lambda: panel.facets is not None and panel.facets.total == total,
                     "the facets of every hit")  # fmt: skip
        flist = screen.query_one(FacetList)
        assert app.focused is flist
        first = panel.entries[0]
        assert first.field == "source"
        assert first.count == panel.facets.source[first.name]
        await pilot.press("enter")
        inp = screen.query_one(SearchInput)
        await settle(pilot, lambda: inp.value == f'oil* source:"{first.name}"', "the source filter")
        await settle(pilot, lambda: screen.search.shown_query == inp.value and not screen.search.in_flight,
                     "the filtered results")  # fmt: skip
        assert screen.search.result.total == first.count
        await settle(pilot, lambda: panel.query_text == inp.value and panel.facets.total == first.count,
                     "the facets of the filtered hits")  # fmt: skip
        actor = next(e for e in panel.entries if e.field == "actor")
        flist.focus()
        flist.highlighted = panel.query_one(FacetList).entries.index(actor)
        await pilot.press("enter")
        await settle(pilot, lambda: f'actor:"{actor.name}"' in inp.value, "the actor filter")
        # a second Enter on the checked source removes it, the actor filter stays
        await settle(pilot, lambda: panel.query_text == inp.value and panel.facets is not None,
                     "the facets again")  # fmt: skip
        flist.focus()
        flist.highlighted = flist.entries.index(
            next(e for e in flist.entries if e and e.field == "source" and e.name == first.name)
        )
        await pilot.press("enter")
        await settle(pilot, lambda: inp.value == f'oil* actor:"{actor.name}"', "the source removed")


async def test_who_appears_with_whom_from_the_actor_panel(
    news_archive: Path, news_index: Path
) -> None:
    app = app_for(news_archive, news_index)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = await search(pilot, "oil")
        actors = screen.query_one(ActorList)
        await settle(pilot, lambda: any(e for e in actors.entries), "the actor panel")
        actors.focus()
        entry = actors.entry_at(actors.highlighted)
        await pilot.press("w")
        await settle(pilot, lambda: isinstance(app.screen, CooccurrenceScreen)
                     and app.screen.result is not None, "who appears with")  # fmt: skip
        co = app.screen.result
        assert co.actor.name == entry.name and co.query == "oil"
        other = co.with_[0]
        await pilot.press("enter")
        inp = screen.query_one(SearchInput)
        expected = f'oil actor:"{entry.name}" actor:"{other.name}"'
        await settle(pilot, lambda: inp.value == expected, "the pair query")
        await settle(pilot, lambda: screen.search.shown_query == expected and not screen.search.in_flight,
                     "the pair results")  # fmt: skip
        assert screen.search.result.total == other.articles


async def test_saved_searches_save_list_new_and_open(news_archive_copy: Path) -> None:
    app = make_app(news_archive_copy)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = await search(pilot, "oil")
        total = screen.search.result.total
        screen.query_one("#results").focus()
        await pilot.press("ctrl+g")
        await settle(pilot, lambda: isinstance(app.screen, SaveSearchScreen), "the save dialog")
        await pilot.press(*"oil watch", "enter")
        await settle(pilot, lambda: app.screen is screen, "the dialog closed")
        (news_archive_copy / "zz-new.txt").write_text(
            "Oil find\n\nPublished: 2 Jan. 1990\n\nOil was found.\n"
        )
        await search(pilot, "")
        await pilot.press("ctrl+r")
        await settle(pilot, lambda: screen.search.result is not None and screen.search.result.total == 2501,
                     "the new article indexed")  # fmt: skip
        screen.query_one("#results").focus()
        await pilot.press("ctrl+n")
        await settle(pilot, lambda: isinstance(app.screen, SavedSearchesScreen)
                     and app.screen.rows, "the saved searches")  # fmt: skip
        (row,) = app.screen.rows
        assert (row.name, row.query, row.total, row.new) == ("oil watch", "oil", total + 1, 1)
        await pilot.press("enter")
        inp = screen.query_one(SearchInput)
        await settle(pilot, lambda: app.screen is screen and inp.value == "oil", "opened")
        assert [s.new for s in app.session.saved_searches()] == [0]  # marked seen


async def test_copy_passage_with_citation_and_export(
    news_archive: Path, news_index: Path, tmp_path: Path
) -> None:
    app = app_for(news_archive, news_index)
    copied: list[str] = []
    app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = await search(pilot, "oil")
        await pilot.press("enter")
        await settle(pilot, lambda: screen.article is not None, "the article")
        article = screen.article
        await pilot.press("y")
        assert len(copied) == 1
        assert copied[0].startswith("“") and article.title in copied[0]
        assert f"[{article.id}]" in copied[0] and (article.date or "undated") in copied[0]
        assert "oil" in copied[0].split("\n")[0].lower()  # the passage being read: its match
        screen.export_dir = tmp_path
        await pilot.press("E")
        await settle(pilot, lambda: list(tmp_path.glob("dossier-results-*.json")), "the export")
        (path,) = tmp_path.glob("dossier-results-*.json")
        data = json.loads(path.read_text())
        assert (
            data["query"] == "oil"
            and len(data["hits"]) == data["total"] == screen.search.result.total
        )
        app.session.add_bookmark(article, 0, len(article.text.split("\n")[0]), note="to export")
        await app.run_action("export_bookmarks", screen)
        await settle(pilot, lambda: list(tmp_path.glob("dossier-bookmarks-*.md")), "the export")
        (md,) = tmp_path.glob("dossier-bookmarks-*.md")
        text = md.read_text()
        assert "to export" in text and article.text.split("\n")[0][:40] in text


async def test_find_in_this_article_only(news_archive: Path, news_index: Path) -> None:
    from tui.widgets.document import DocumentView
    from tui.widgets.find import FindBar, FindInput, find_spans

    app = app_for(news_archive, news_index)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = await search(pilot, "oil")
        await pilot.press("enter")
        doc = screen.query_one(DocumentView)
        await settle(pilot, lambda: screen.article is not None and doc.match_count > 0, "article")
        query_matches = list(doc.page.body_spans)
        doc.focus()
        await pilot.press("slash")
        bar = screen.query_one(FindBar)
        assert bar.display and isinstance(app.focused, FindInput)  # not the query box
        await pilot.press(*"said")
        expected = find_spans(screen.article.text, "said")
        assert len(expected) >= 2
        assert doc.page.body_spans == expected and doc.current == expected[0]
        assert "found" in str(bar.query_one("#find-count").render())
        await pilot.press("enter")
        assert app.focused is doc and not bar.display
        opened = doc.doc_id
        for _ in expected:
            await pilot.press("n")
        await pilot.pause()
        assert doc.doc_id == opened  # past the last one: still this article
        assert doc.current == expected[-1]
        doc.focus()
        await pilot.press("slash", *"said", "escape")
        await settle(pilot, lambda: doc.page.body_spans == query_matches, "the query's matches")
        assert screen.query_one(SearchInput).value == "oil"


async def test_sort_cycles_to_oldest_first(news_archive: Path, news_index: Path) -> None:
    app = app_for(news_archive, news_index)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = await search(pilot, "oil")
        for sort in ("date", "oldest"):
            await pilot.press("ctrl+s")
            await settle(pilot, lambda s=sort: screen.search.result.sort == s and not screen.search.in_flight,
                         f"sorted by {sort}")  # fmt: skip
        dates = [h.date for h in screen.search.result.hits if h.date]
        assert dates == sorted(dates) and len(dates) == len(screen.search.result.hits)
        assert dates[0] <= "1985-01-31"  # the archive starts in January 1985
        assert "oldest first" in str(screen.query_one("#status").render())
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: screen.search.result.sort == "relevance", "back to relevance")
