"""Pilot tests of the Textual app: search, open, highlight, n/N, actors, keys, state."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from textual.binding import Binding
from textual.command import CommandList, CommandPalette

from index.paths import DossierDirs
from tui.app import DossierApp
from tui.messages import SearchDone
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.widgets.actors import ActorList, ActorPanel
from tui.widgets.document import DocumentView
from tui.widgets.results import ResultList
from tui.widgets.search_input import SearchInput

MARKUP_ARTICLE = (
    "Markup [bold]trap[/bold] in a title [/]\n\n"
    "Body with [bold]x[/bold], a stray [/] and [link=https://example.com]click here[/link] "
    "plus [red on white]colour[/] and the word zebrafish.\n\n"
    "An escape \x1b[2J\x1b]0;pwned\x07 sequence and zebrafish again.\n"
)


# -- helpers -------------------------------------------------------------------------------
def make_app(corpus: Path, **kwargs: object) -> DossierApp:
    return DossierApp(corpus, DossierDirs.from_env(), theme="textual-dark", **kwargs)  # type: ignore[arg-type]


def write_keymap(toml: str) -> None:
    """The user's keymap file (under this test's DOSSIER_HOME)."""
    path = DossierDirs.from_env().keymap_file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(toml)


async def settle(pilot, until: Callable[[], bool], what: str, rounds: int = 200) -> None:
    """Let workers and messages run until ``until()`` holds (bounded, no sleeps)."""
    app = pilot.app
    for _ in range(rounds):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if until():
            return
    raise AssertionError(f"timed out waiting for {what}")


def main(app: DossierApp) -> MainScreen:
    screen = app.main_screen
    assert screen is not None
    return screen


async def ready(pilot) -> MainScreen:
    app = pilot.app
    await settle(
        pilot,
        lambda: app.index_ready_at is not None and main(app).search.result is not None,
        "the index",
    )
    return main(app)


async def search(pilot, text: str) -> MainScreen:
    screen = main(pilot.app)
    inp = screen.query_one(SearchInput)
    if isinstance(pilot.app.focused, DocumentView):
        await pilot.press("escape")  # `/` while reading finds in the article
    if pilot.app.focused is not inp:
        await pilot.press("slash")
    inp.value = ""
    await pilot.press(*text) if text else await pilot.pause()
    await settle(
        pilot,
        lambda: (
            screen.search.shown_query == text
            and not screen.search.in_flight
            and not screen.search.dirty
        ),
        f"results for {text!r}",
    )
    return screen


async def open_current(pilot) -> DocumentView:
    screen = main(pilot.app)
    doc = screen.query_one(DocumentView)
    want = screen.query_one(ResultList).hits[screen.query_one(ResultList).cursor].id
    await pilot.press("enter")
    await settle(pilot, lambda: doc.doc_id == want, "the article")
    return doc


def row_styles(doc: DocumentView, offset: int) -> list:
    """The (text, style) segments of the rendered screen row showing text ``offset``."""
    row = doc.row_of_offset(offset) - int(doc.scroll_y)
    assert 0 <= row < doc.scrollable_content_region.height, "the row is not in view"
    return [(seg.text, seg.style) for seg in doc.render_line(row)]


# -- search --------------------------------------------------------------------------------
async def test_article_4_lists_exactly_one_article(seed_corpus: Path) -> None:
    app = make_app(seed_corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        screen = await search(pilot, '"Article 4"')
        results = screen.query_one(ResultList)
        assert results.result is not None and results.result.total == 1
        assert len(results.hits) == 1
        assert "South Korea condemns North Korea" in results.hits[0].title
        status = str(screen.query_one("#status").render())
        assert "1 result" in status
        # the snippet line shows the matched phrase, highlighted
        snippet_line = results.render_line(2)
        marked = [s.text for s in snippet_line if s.style and s.style.underline]
        assert "".join(marked).lower() == "article 4"


async def test_results_update_as_you_type_and_stale_results_are_dropped(seed_corpus: Path) -> None:
    app = make_app(seed_corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        screen = await search(pilot, "zinoviev")
        assert screen.search.result is not None and screen.search.result.total >= 1
        newest = screen.search.shown_seq
        older = screen.search.result
        # a late answer to an older request is never painted over the newer one
        pane = screen.search
        pane.post_message(SearchDone(newest - 1, "korea", older, None))
        await pilot.pause()
        assert screen.search.result_query == "zinoviev"
        assert screen.search.shown_seq == newest


async def test_query_error_is_explained_inline(seed_corpus: Path) -> None:
    app = make_app(seed_corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        screen = await search(pilot, "title:(")
        status = screen.query_one("#status")
        assert status.has_class("-error")
        assert "unbalanced parentheses" in str(status.render())
        assert app.is_running
        screen = await search(pilot, "korea")
        assert not status.has_class("-error")


async def test_sort_toggle_and_did_you_mean(seed_corpus: Path) -> None:
    app = make_app(seed_corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        screen = await search(pilot, "korea")
        assert screen.search.result is not None and screen.search.result.sort == "relevance"
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: screen.search.result.sort == "date", "date sort")
        dated = [h.date for h in screen.search.result.hits if h.date]
        assert len(set(dated)) >= 2  # else any order would pass
        assert dated == sorted(dated, reverse=True)  # newest first
        # a space ends the word (a word being typed is a prefix, and "koraa*" has no
        # misspelt word to mend)
        screen = await search(pilot, "Koraa ")
        assert screen.search.result.total == 0 and screen.search.result.suggestion == "korea "
        assert "did you mean korea" in str(screen.query_one("#status").render())
        await pilot.press("ctrl+y")
        await settle(pilot, lambda: screen.search.result_query == "korea ", "the suggestion")
        assert screen.search.result.total == 5


# -- the document ----------------------------------------------------------------------------
async def test_open_shows_the_phrase_as_one_current_span(seed_corpus: Path) -> None:
    app = make_app(seed_corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await search(pilot, '"Article 4"')
        doc = await open_current(pilot)
        assert app.focused is doc
        assert doc.match_count == 1
        assert doc.current is not None
        s, e = doc.current
        assert doc.page.text[s:e].lower() == "article 4"  # a phrase is one span
        rows = "\n".join(doc.visible_rows())
        assert "Article 4" in rows  # scrolled to the first match
        segments = row_styles(doc, s)
        current = [t for t, st in segments if st and st.reverse]
        assert "".join(current) == "Article 4"  # reverse video survives NO_COLOR


async def test_n_and_N_move_between_matches_and_articles(seed_corpus: Path) -> None:
    app = make_app(seed_corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        screen = await search(pilot, "Zinoviev OR Yonhap")
        hits = screen.query_one(ResultList).hits
        assert len(hits) >= 2
        doc = await open_current(pilot)
        first_doc = doc.doc_id
        spans = doc.page.body_spans
        assert doc.current == spans[0]
        for expected in spans[1:]:
            await pilot.press("n")
            assert doc.current == expected
        await pilot.press("N")
        assert doc.current == (spans[-2] if len(spans) > 1 else spans[0])
        await pilot.press("n")
        # past the last match: into the next article of the results, at its first match
        await pilot.press("n")
        await settle(pilot, lambda: doc.doc_id == hits[1].id, "the next article")
        assert doc.current == doc.page.body_spans[0]
        # before its first match: back into the previous article, at its last match
        await pilot.press("N")
        await settle(pilot, lambda: doc.doc_id == first_doc, "the previous article")
        assert doc.current == doc.page.body_spans[-1]


async def test_scroll_keys(seed_corpus: Path) -> None:
    app = make_app(seed_corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await search(pilot, "")
        doc = await open_current(pilot)
        assert doc.scroll_y == 0
        await pilot.press("j")
        assert doc.scroll_y == 1
        await pilot.press("k")
        assert doc.scroll_y == 0
        await pilot.press("space")
        assert doc.scroll_y > 5
        await pilot.press("b")
        assert doc.scroll_y == 0
        await pilot.press("G")
        assert doc.scroll_y == doc.max_scroll_y > 0
        await pilot.press("g")
        assert doc.scroll_y == 0


async def test_markup_in_articles_is_shown_literally(seed_corpus: Path) -> None:
    (seed_corpus / "zz_markup.txt").write_text(MARKUP_ARTICLE, encoding="utf-8")
    app = make_app(seed_corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        screen = await search(pilot, "zebrafish")
        results = screen.query_one(ResultList)
        assert results.hits[0].title == "Markup [bold]trap[/bold] in a title [/]"
        title_line = "".join(s.text for s in results.render_line(0))
        assert "[bold]trap[/bold]" in title_line
        doc = await open_current(pilot)
        shown = "\n".join(doc.visible_rows())
        for literal in (
            "[bold]x[/bold]",
            "[/]",
            "[link=https://example.com]click here[/link]",
            "[red on white]colour[/]",
        ):
            assert literal in shown.replace("\n", " ")
        assert "\x1b" not in shown and "\x07" not in shown
        # and nothing of it reached the terminal's styles as a link or colour
        for y in range(doc.scrollable_content_region.height):
            for seg in doc.render_line(y):
                assert seg.style is None or not seg.style.link


# -- actors --------------------------------------------------------------------------------
async def test_actor_panel_filter_and_next_mention(seed_corpus: Path) -> None:
    app = make_app(seed_corpus)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        assert screen.actors_visible  # wide: the panel shows
        panel = screen.query_one(ActorPanel)
        await settle(pilot, lambda: bool(panel.entries), "the results' actors")
        assert "results" in str(panel.query_one("#actor-heading").render())
        # an article's actors, with mention counts, and a jump to the next mention
        await search(pilot, "Zinoviev")
        doc = await open_current(pilot)
        await settle(
            pilot,
            lambda: (
                "article" in str(panel.query_one("#actor-heading").render()) and bool(panel.entries)
            ),
            "the article's actors",
        )
        entry = max(panel.entries, key=lambda e: e.count)
        assert entry.count == len(entry.mentions) > 0
        actor_list = panel.query_one(ActorList)
        actor_list.highlighted = actor_list.entries.index(entry)
        actor_list.focus()
        await pilot.press("m")
        assert doc.current in entry.mentions
        # Enter filters the results to the actor
        await pilot.press("enter")
        name = entry.name.replace('"', "")
        await settle(
            pilot, lambda: screen.search.result_query == f'actor:"{name}"', "the actor filter"
        )
        assert screen.search.result is not None and screen.search.result.total >= 1
        assert doc.page is None  # back to the results
        # In an article of the filter's results, n walks the actor's mentions.
        results = screen.query_one(ResultList)
        results.focus()
        await pilot.pause()
        hit = results.hits[results.cursor]
        doc = await open_current(pilot)
        await settle(pilot, lambda: bool(doc.page.body_spans), "the mentions as matches")
        assert set(doc.page.body_spans) == set(hit.spans)


async def test_actor_highlight_toggle(seed_corpus: Path) -> None:
    app = make_app(seed_corpus)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await search(pilot, "Zinoviev")
        doc = await open_current(pilot)
        await settle(pilot, lambda: bool(doc.page.actor_spans), "actor mentions")
        assert not doc.show_actors
        await pilot.press("h")
        assert doc.show_actors
        s, _ = doc.page.actor_spans[0]
        doc.scroll_to_offset(s)
        await pilot.pause()
        assert any(st and st.italic for _, st in row_styles(doc, s))
        del screen


# -- keys, help, palette -------------------------------------------------------------------------
async def test_help_screen_lists_every_binding(seed_corpus: Path) -> None:
    app = make_app(seed_corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("tab")  # out of the input, where ? is text
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        from rich.console import Console

        console = Console(width=200, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
        console.print(app.screen.table)
        text = console.export_text()
        # every binding of every screen and widget of the app, by id, and its keys
        bound = app_bindings()
        assert len(bound) > 40
        for binding in bound:
            assert binding.id and binding.id in text, binding
            row = next(line for line in text.splitlines() if f" {binding.id}" in line)
            first_key = app.get_key_display(Binding(binding.key.split(",")[0], binding.action))
            assert first_key in row, (binding.id, row)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


def app_bindings() -> list[Binding]:
    """Every Binding declared by a class of the app (found by walking tui/, not listed)."""
    import importlib
    import inspect
    import pkgutil

    import tui

    found: dict[str, Binding] = {}
    for info in pkgutil.walk_packages(tui.__path__, "tui."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__:
                continue
            for b in cls.__dict__.get("BINDINGS", []):
                if isinstance(b, Binding):
                    found[f"{cls.__qualname__}:{b.id}:{b.key}"] = b
    return list(found.values())


def test_every_binding_comes_from_the_key_registry() -> None:
    """A binding added to a widget without the registry would escape help, keymap.toml
    validation and the palette: each one must be the registry's."""
    from tui.keys import key_by_id

    for b in app_bindings():
        assert b.id, f"a binding without an id: {b}"
        k = key_by_id(b.id)
        assert (k.keys, k.action) == (b.key, b.action), b.id


async def test_tab_cycles_panes_and_escape_goes_back(seed_corpus: Path) -> None:
    app = make_app(seed_corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        assert isinstance(app.focused, SearchInput)
        await pilot.press("tab")
        assert isinstance(app.focused, ResultList)
        await pilot.press("tab")
        assert isinstance(app.focused, DocumentView)
        await pilot.press("tab")
        assert isinstance(app.focused, SearchInput)
        await pilot.press("shift+tab")
        assert isinstance(app.focused, DocumentView)
        await pilot.press("escape")
        assert isinstance(app.focused, ResultList)
        await pilot.press("escape")
        assert isinstance(app.focused, SearchInput)
        await pilot.press("tab", "slash")
        assert isinstance(app.focused, SearchInput)
        del screen


async def test_keymap_file_remaps_a_binding(seed_corpus: Path) -> None:
    write_keymap('[keys]\nnext_match = "ctrl+n"\nno_such_id = "x"\n')
    app = make_app(seed_corpus)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(pilot)
        await search(pilot, "korea")
        doc = await open_current(pilot)
        first = doc.current
        await pilot.press("ctrl+n")
        assert doc.current != first and doc.current == doc.page.body_spans[1]
        assert app.keymap == {"next_match": "ctrl+n"}
        assert any("no_such_id" in str(n.message) for n in app._notifications)


async def test_command_palette_has_the_app_commands(seed_corpus: Path) -> None:
    app = make_app(seed_corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"toggle sort")
        await settle(
            pilot,
            lambda: (
                isinstance(app.screen, CommandPalette)
                and app.screen.query_one(CommandList).option_count > 0
            ),
            "the palette",
            rounds=50,
        )
        await pilot.press("enter")
        await settle(
            pilot,
            lambda: screen.search.sort == "date" and screen.search.result.sort == "date",
            "sort",
        )
        await pilot.press("ctrl+p", *"theme: light", "enter")
        await settle(pilot, lambda: app.theme == "textual-light", "the light theme", rounds=50)


async def test_quit_keys(seed_corpus: Path) -> None:
    app = make_app(seed_corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("q")  # typed into the search input: not a quit
        assert app.is_running and main(app).query_one(SearchInput).value == "q"
        await pilot.press("tab", "q")  # in the results: a new search, not a quit
        assert app.is_running and main(app).query_one(SearchInput).value == "q"
        assert isinstance(app.focused, SearchInput)
        await search(pilot, "")
        await open_current(pilot)
        await pilot.press("q")  # reading an article: q quits (as in less)
    assert app.return_code == 0
    app2 = make_app(seed_corpus)
    async with app2.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+q")
    assert app2.return_code == 0


async def test_the_footer_of_a_list_shows_only_keys_that_work_there(seed_corpus: Path) -> None:
    """In the results, a letter starts a search: the footer must not offer `a Actors` or
    `B Bookmarks` there (pressing them searched for "a" / "B"), but their ctrl keys."""
    app = make_app(seed_corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("tab")
        assert isinstance(app.focused, ResultList)
        shown = {key: b.binding.action for key, b in app.screen.active_bindings.items()}
        assert "a" not in shown and "B" not in shown and "f" not in shown
        assert shown.get("ctrl+t") == "toggle_actors" and shown.get("ctrl+o") == "bookmarks"
        assert shown.get("enter") == "open" and shown.get("G") == "last"  # the list's own
        await pilot.press("B")  # what the footer no longer offers: still a new search
        assert main(app).query_one(SearchInput).value == "B"
        await open_current(pilot)
        shown = {key: b.binding.action for key, b in app.screen.active_bindings.items()}
        assert shown.get("a") == "toggle_actors"  # reading: the letters are commands


# -- what is remembered -----------------------------------------------------------------------------
async def test_search_history_up_down_persists_across_runs(seed_corpus: Path) -> None:
    app = make_app(seed_corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        for q in ("korea", "zinoviev"):
            await search(pilot, q)
            await pilot.press("enter")  # remembered when a result is opened
            await pilot.press("escape", "slash")  # `/` while reading finds in the article
    history = json.loads(DossierDirs.from_env().history_file.read_text())
    assert history["queries"] == ["korea", "zinoviev"]

    app = make_app(seed_corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        inp = screen.query_one(SearchInput)
        await pilot.press(*"draft")
        await pilot.press("up")
        assert inp.value == "zinoviev"
        await pilot.press("up")
        assert inp.value == "korea"
        await pilot.press("up")  # the oldest: stays
        assert inp.value == "korea"
        await pilot.press("down")
        assert inp.value == "zinoviev"
        await pilot.press("down")
        assert inp.value == "draft"
        await settle(pilot, lambda: screen.search.result_query == "draft", "the draft's results")


async def test_reading_position_is_remembered(seed_corpus: Path) -> None:
    app = make_app(seed_corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await search(pilot, "")
        doc = await open_current(pilot)
        doc_id = doc.doc_id
        await pilot.press("space", "space")
        offset = doc.top_offset()
        assert offset > 0
        await pilot.press("q")
    saved = json.loads((DossierDirs.from_env().state / "positions.json").read_text())
    assert saved["positions"][doc_id] == offset

    app = make_app(seed_corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await search(pilot, "")
        doc = await open_current(pilot)
        assert doc.doc_id == doc_id
        assert doc.top_offset() == offset


# -- layout -------------------------------------------------------------------------------------------
async def test_narrow_80x24_layout(seed_corpus: Path) -> None:
    app = make_app(seed_corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        search_pane = screen.query_one("#search-pane")
        doc = screen.query_one(DocumentView)
        assert screen.has_class("-narrow")
        assert search_pane.display and search_pane.region.width == 80
        assert not doc.display
        assert not screen.actors_visible
        await search(pilot, "korea")
        await open_current(pilot)
        assert doc.display and doc.region.width == 80 and not search_pane.display
        await pilot.press("a")  # the actor panel hides behind a key
        assert screen.actors_visible
        await pilot.pause()
        assert screen.query_one(ActorPanel).region.width > 0
        assert doc.region.width + screen.query_one(ActorPanel).region.width == 80
        await pilot.press("a", "escape")
        await pilot.pause()
        assert search_pane.display and not doc.display


async def test_wide_layout_shows_all_panes(seed_corpus: Path) -> None:
    app = make_app(seed_corpus)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        for selector in ("#search-pane", "#document", "#actors"):
            assert screen.query_one(selector).region.width > 20, selector


async def test_no_update_opens_the_index_as_it_is(seed_corpus: Path) -> None:
    # Never built: built anyway.
    app = make_app(seed_corpus, update=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        assert screen.search.result is not None and screen.search.result.total == 5
    (seed_corpus / "okapi.txt").write_text("Okapi\n\nAn okapi was seen.\n")
    app = make_app(seed_corpus, update=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert (await search(pilot, "okapi")).search.result.total == 0  # the new file is not read
