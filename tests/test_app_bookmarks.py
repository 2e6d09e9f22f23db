"""Pilot tests of passage bookmarks in the app: the passage cursor and selection, the
bookmark dialog, the bookmarks screen (open, edit, delete + undo, filter), the marks in
the text, re-anchoring, store errors, and untrusted text shown literally."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.geometry import Offset
from textual.selection import Selection
from textual.widgets import Input, OptionList, Static

from index.bookmarks import BookmarkStoreError
from tests.test_app import (
    MARKUP_ARTICLE,
    make_app,
    open_current,
    ready,
    row_styles,
    search,
    settle,
    write_keymap,
)
from tui.screens.bookmark_edit import BookmarkEditScreen, parse_tags
from tui.screens.bookmarks import BookmarksScreen, ConfirmScreen, parse_filter
from tui.screens.main import MainScreen
from tui.widgets.document import BOOKMARK_MARK, DocumentView
from tui.widgets.passage import PassageCursor, paragraph_spans, sentence_spans
from tui.widgets.results import ResultList


# -- helpers -------------------------------------------------------------------------------
async def store_ready(pilot) -> MainScreen:
    screen = await ready(pilot)
    app = pilot.app
    await settle(pilot, lambda: bool(app.runner.reanchored is not None), "the bookmarks store")
    return screen


async def open_article(pilot, query: str = "") -> DocumentView:
    await search(pilot, query)
    return await open_current(pilot)


async def bookmark(pilot, note: str = "", tags: str = "") -> None:
    """``m`` on what is selected, then the dialog: note, Tab, tags, Enter."""
    app = pilot.app
    before = app.session.store.count()
    await pilot.press("m")
    await settle(pilot, lambda: isinstance(app.screen, BookmarkEditScreen), "the dialog")
    if note:
        await pilot.press(*note)
    await pilot.press("tab")
    if tags:
        await pilot.press(*tags)
    await pilot.press("enter")
    await settle(
        pilot,
        lambda: isinstance(app.screen, MainScreen) and app.session.store.count() == before + 1,
        "the bookmark to be saved",
    )


async def open_bookmarks(pilot) -> BookmarksScreen:
    app = pilot.app
    await pilot.press("ctrl+o")  # B is text in the search input and the lists
    await settle(
        pilot,
        lambda: isinstance(app.screen, BookmarksScreen) and app.screen.loaded > 0,
        "the bookmarks screen",
    )
    return app.screen


def rows_text(bookmarks: BookmarksScreen) -> list[str]:
    options = bookmarks.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def messages(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


# -- units ----------------------------------------------------------------------------------
def test_sentences_and_paragraphs() -> None:
    text = "One. Two! Still e.g. two? Three\n\nFour “quoted.” Five"
    paragraphs = [(0, 31), (33, len(text))]
    sentences = [text[s:e] for s, e in sentence_spans(text, paragraphs)]
    assert sentences == ["One.", "Two!", "Still e.g. two?", "Three", "Four “quoted.”", "Five"]
    assert [text[s:e] for s, e in paragraph_spans(text, paragraphs)] == [
        "One. Two! Still e.g. two? Three",
        "Four “quoted.” Five",
    ]
    cursor = PassageCursor(sentence_spans(text, paragraphs), index=1, anchor=3)
    assert cursor.span() == (5, 31)
    cursor.regranulate(paragraph_spans(text, paragraphs))
    assert (cursor.index, cursor.anchor) == (0, 0)


def test_tag_and_filter_parsing() -> None:
    assert parse_tags("north korea, sanctions ,, ") == ["north korea", "sanctions"]
    assert parse_tags("#a #b, c") == ["#a", "#b", "c"]
    f = parse_filter("treaty #Korea words")
    assert (f.text, f.tag) == ("treaty words", "Korea")
    assert parse_filter("tag:x").tag == "x" and parse_filter("tag:x").text is None


# -- select, bookmark, list, jump --------------------------------------------------------------
async def test_select_bookmark_list_and_jump(seed_corpus: Path) -> None:
    app = make_app(seed_corpus)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await store_ready(pilot)
        doc = await open_article(pilot)
        first_doc = doc.doc_id
        assert doc.cursor.index is None  # no cursor until a passage key is used
        await pilot.press("right_square_bracket")  # shows the cursor on the first sentence
        assert doc.cursor.index == 0
        await pilot.press("right_square_bracket")  # the second sentence
        second = doc.cursor.units[1]
        await pilot.press("v", "right_square_bracket")  # select it and the third
        third = doc.cursor.units[2]
        assert doc.passage_span() == (second[0], third[1])
        selected = doc.page.text[second[0] : third[1]]
        # the selection is shown (reverse video survives NO_COLOR)
        shown = "".join(t for t, st in row_styles(doc, second[0]) if st and st.reverse)
        assert shown and shown in selected

        await bookmark(pilot, note="key quote", tags="korea, treaty")
        assert "Bookmarked" in messages(app)
        [saved] = app.session.store.list()
        assert saved.quote == selected
        assert (saved.doc, saved.note, saved.tags) == (first_doc, "key quote", ["korea", "treaty"])
        assert doc.passage_span() == third  # the selection ended, the cursor stays

        # read another article, then jump back through the bookmarks screen
        await pilot.press("escape")  # to the results
        await pilot.press("down", "enter")
        await settle(pilot, lambda: doc.doc_id not in (None, first_doc), "another article")
        bookmarks = await open_bookmarks(pilot)
        [row] = rows_text(bookmarks)
        assert "[exact]" in row and selected[:40] in row
        assert "key quote" in row and "#korea #treaty" in row
        assert saved.title and saved.title in row and saved.created[:10] in row
        await pilot.press("enter")
        await settle(
            pilot,
            lambda: isinstance(app.screen, MainScreen) and doc.doc_id == first_doc,
            "the bookmarked article",
        )
        assert app.focused is doc
        assert doc.passage_span() == (saved.cur_start, saved.cur_end)
        assert selected[:30] in " ".join(doc.visible_rows())
        shown = "".join(t for t, st in row_styles(doc, second[0]) if st and st.reverse)
        assert shown and shown in selected


async def test_escape_cancels_and_saves_nothing(seed_corpus: Path) -> None:
    app = make_app(seed_corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await store_ready(pilot)
        doc = await open_article(pilot)
        await pilot.press("m")  # no cursor yet: the passage at the top of the view
        await settle(pilot, lambda: isinstance(app.screen, BookmarkEditScreen), "the dialog")
        quote = str(app.screen.query_one("#bm-quote", Static).render())
        assert doc.page.text[doc.cursor.units[0][0] : doc.cursor.units[0][1]][:20] in quote
        await pilot.press(*"never mind", "escape")
        # what was typed is not lost to one key: Esc asks first
        await settle(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.press("n")
        assert isinstance(app.screen, BookmarkEditScreen)
        assert app.screen.query_one("#bm-note", Input).value == "never mind"
        await pilot.press("ctrl+q")  # nor to quitting
        await settle(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.press("escape")
        assert isinstance(app.screen, BookmarkEditScreen) and app.is_running
        await pilot.press("escape", "y")
        await settle(pilot, lambda: isinstance(app.screen, MainScreen), "the dialog to close")
        await app.workers.wait_for_complete()
        assert app.session.store.count() == 0
        assert doc.page.bookmark_spans == []


async def test_bookmarked_passage_is_marked_in_the_text(seed_corpus: Path) -> None:
    app = make_app(seed_corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await store_ready(pilot)
        doc = await open_article(pilot)
        await pilot.press("right_square_bracket", "right_square_bracket")
        span = doc.cursor.span()
        await bookmark(pilot)
        await settle(pilot, lambda: doc.page.bookmark_spans == [span], "the marks")
        await pilot.press("right_square_bracket")  # move the cursor off it
        top = int(doc.scroll_y)
        for y in range(doc.scrollable_content_region.height):
            if top + y >= len(doc._rows):
                break
            row = doc._rows[top + y]
            covered = row.kind == "body" and row.start < span[1] and row.end > span[0]
            line = list(doc.render_line(y))
            assert (line[0].text == BOOKMARK_MARK) == covered, (y, row)  # no colour needed
            cursor = doc.passage_span()
            for seg in line[1:]:  # distinct from match and cursor: not underlined or reversed
                at = row.start + seg.style.meta["offset"][0] - 1
                if covered and span[0] <= at < span[1] and not cursor[0] <= at < cursor[1]:
                    assert not (seg.style.underline or seg.style.reverse), seg


# -- the bookmarks screen ---------------------------------------------------------------------
async def _two_bookmarks(pilot) -> DocumentView:
    doc = await open_article(pilot)
    await pilot.press("right_square_bracket")
    await bookmark(pilot, note="first", tags="korea")
    await pilot.press("right_square_bracket")
    await bookmark(pilot, note="second", tags="treaty, law")
    return doc


async def test_edit_note_and_tags(seed_corpus: Path) -> None:
    app = make_app(seed_corpus)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await store_ready(pilot)
        await _two_bookmarks(pilot)
        bookmarks = await open_bookmarks(pilot)
        await pilot.press("down", "e")
        await settle(pilot, lambda: isinstance(app.screen, BookmarkEditScreen), "the dialog")
        dialog = app.screen
        assert dialog.query_one("#bm-note", Input).value == "second"
        assert dialog.query_one("#bm-tags", Input).value == "treaty, law"
        dialog.query_one("#bm-note", Input).value = ""
        await pilot.press(*"rewritten", "tab")
        dialog.query_one("#bm-tags", Input).value = ""
        loads = bookmarks.loaded
        await pilot.press(*"#edited", "enter")
        await settle(
            pilot,
            lambda: app.screen is bookmarks and bookmarks.loaded > loads,
            "the edited list",
        )
        second = app.session.store.list()[1]
        assert (second.note, second.tags) == ("rewritten", ["edited"])
        assert second.modified
        assert "rewritten" in rows_text(bookmarks)[1] and "#edited" in rows_text(bookmarks)[1]
        assert bookmarks.highlighted is not None and bookmarks.highlighted.id == second.id


async def test_delete_with_confirmation_and_undo(seed_corpus: Path) -> None:
    app = make_app(seed_corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await store_ready(pilot)
        doc = await _two_bookmarks(pilot)
        first, second = app.session.store.list()
        bookmarks = await open_bookmarks(pilot)
        await pilot.press("d")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.press("n")  # kept
        await settle(pilot, lambda: app.screen is bookmarks, "the list")
        assert app.session.store.count() == 2
        loads = bookmarks.loaded
        await pilot.press("d", "y")
        await settle(pilot, lambda: bookmarks.loaded > loads, "the list after the delete")
        assert [b.id for b in app.session.store.list()] == [second.id]
        assert len(rows_text(bookmarks)) == 1
        loads = bookmarks.loaded
        await pilot.press("u")
        await settle(pilot, lambda: bookmarks.loaded > loads, "the list after undo")
        assert app.session.store.list() == [first, second]  # same id, quote, note, tags
        assert len(rows_text(bookmarks)) == 2
        await pilot.press("escape")
        await settle(pilot, lambda: isinstance(app.screen, MainScreen), "the reader")
        await settle(pilot, lambda: len(doc.page.bookmark_spans) == 2, "the marks")


async def _filter_of_two_bookmarks(pilot) -> BookmarksScreen:
    """The bookmarks screen with two bookmarks, its filter focused."""
    await store_ready(pilot)
    await _two_bookmarks(pilot)
    bookmarks = await open_bookmarks(pilot)
    await pilot.press("slash")
    return bookmarks


async def test_filter_by_tag_and_text(seed_corpus: Path) -> None:
    app = make_app(seed_corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        bookmarks = await _filter_of_two_bookmarks(pilot)
        assert len(rows_text(bookmarks)) == 2
        assert isinstance(app.focused, Input)
        loads = bookmarks.loaded
        await pilot.press(*"#treaty")
        await settle(
            pilot,
            lambda: bookmarks.loaded > loads and len(bookmarks.bookmarks) == 1,
            "the tag filter",
        )
        [row] = rows_text(bookmarks)
        assert "second" in row and "#treaty" in row
        bookmarks.query_one(Input).value = "first"
        await settle(
            pilot,
            lambda: [b.note for b in bookmarks.bookmarks] == ["first"],
            "the text filter",
        )
        await pilot.press("escape")  # from the filter to the list
        assert isinstance(app.focused, OptionList)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_orphaned_bookmark_cannot_be_opened_and_moved_is_reanchored(
    seed_corpus: Path,
) -> None:
    app = make_app(seed_corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await store_ready(pilot)
        doc = await _two_bookmarks(pilot)
        first_doc = doc.doc_id
        quote = app.session.store.list()[0].quote
    # the article changes: a new paragraph before the bookmarked passages
    path = next(p for p in seed_corpus.glob("*.txt") if p.stem == first_doc)
    original = path.read_text(encoding="utf-8")
    assert quote[:40] in original
    path.write_text(
        original.replace(quote[:40], f"A new first paragraph.\n{quote[:40]}", 1), encoding="utf-8"
    )

    app = make_app(seed_corpus)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await store_ready(pilot)
        assert app.runner.reanchored["moved"] == 2
        a, _ = app.session.store.list()
        article = app.session.article(first_doc)
        assert article.text[a.cur_start : a.cur_end] == a.quote
        app.session.store.reanchor(lambda doc_id: None)  # the article is gone
        bookmarks = await open_bookmarks(pilot)
        assert "[orphaned]" in rows_text(bookmarks)[0]
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is bookmarks
        assert any("can't be opened" in m for m in messages(app))


async def test_bookmarks_are_reanchored_after_a_reindex(seed_corpus: Path) -> None:
    app = make_app(seed_corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await store_ready(pilot)
        doc = await _two_bookmarks(pilot)
        quote = app.session.store.list()[0].quote
        path = next(p for p in seed_corpus.glob("*.txt") if p.stem == doc.doc_id)
        original = path.read_text(encoding="utf-8")
        path.write_text(
            original.replace(quote[:40], f"A new first paragraph.\n{quote[:40]}", 1),
            encoding="utf-8",
        )
        await pilot.press("escape", "ctrl+r")
        await settle(
            pilot,
            lambda: (app.runner.reanchored or {}).get("moved") == 2,
            "re-anchoring after ctrl+r",
        )
        a, _ = app.session.store.list()
        assert app.session.article(doc.doc_id).text[a.cur_start : a.cur_end] == a.quote


async def test_store_error_keeps_the_dialog_and_what_was_typed(
    seed_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(seed_corpus)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await store_ready(pilot)
        await open_article(pilot)

        def full(*args: object, **kwargs: object) -> None:
            raise BookmarkStoreError("could not save the bookmark: the disk is full")

        monkeypatch.setattr(app.session.store, "add", full)
        await pilot.press("m")
        await settle(pilot, lambda: isinstance(app.screen, BookmarkEditScreen), "the dialog")
        dialog = app.screen
        await pilot.press(*"precious note", "enter")
        await settle(pilot, lambda: not dialog.saving, "the failed save")
        assert app.screen is dialog and app.is_running
        assert dialog.query_one("#bm-note", Input).value == "precious note"
        assert "disk is full" in str(dialog.query_one("#bm-error", Static).render())
        assert any("Bookmark not saved" in m and "disk is full" in m for m in messages(app))
        assert "Bookmarked" not in messages(app)
        monkeypatch.undo()  # the disk has room again: Enter saves what was typed
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, MainScreen), "the saved bookmark")
        assert [b.note for b in app.session.store.list()] == ["precious note"]
        assert "Bookmarked" in messages(app)


async def test_markup_like_quote_note_and_tags_are_shown_literally(seed_corpus: Path) -> None:
    (seed_corpus / "zz_markup.txt").write_text(MARKUP_ARTICLE, encoding="utf-8")
    app = make_app(seed_corpus)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await store_ready(pilot)
        doc = await open_article(pilot, "zebrafish")
        await pilot.press("right_square_bracket")  # the first sentence of the body
        assert "[bold]x[/bold]" in doc.passage_text()
        await pilot.press("m")
        await settle(pilot, lambda: isinstance(app.screen, BookmarkEditScreen), "the dialog")
        assert "[bold]x[/bold]" in str(app.screen.query_one("#bm-quote", Static).render())
        await pilot.press(*"[red]note[/red] [/]", "tab", *"[b]tag[/b]", "enter")
        await settle(pilot, lambda: isinstance(app.screen, MainScreen), "the saved bookmark")
        [saved] = app.session.store.list()
        assert saved.note == "[red]note[/red] [/]" and saved.tags == ["[b]tag[/b]"]
        bookmarks = await open_bookmarks(pilot)
        [row] = rows_text(bookmarks)
        for literal in ("[bold]x[/bold]", "[/]", "[red]note[/red] [/]", "#[b]tag[/b]"):
            assert literal in row
        assert saved.title in row  # "Markup [bold]trap[/bold] in a title [/]"
        for option in bookmarks.query_one(OptionList).options:
            for span in option.prompt.spans:
                assert "link" not in str(span.style)
        assert app.is_running


# -- the mouse -----------------------------------------------------------------------------------
async def test_mouse_selection_maps_to_article_offsets(seed_corpus: Path) -> None:
    app = make_app(seed_corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await store_ready(pilot)
        doc = await open_article(pilot)
        body = doc._body_rows[0]
        row = doc._rows[body]
        y = body - int(doc.scroll_y)
        # a drag over the first body row, columns 5..14 of the text
        await pilot.mouse_down(doc, offset=(1 + 5, y))
        await pilot.hover(doc, offset=(1 + 14, y))
        await pilot.mouse_up(doc, offset=(1 + 14, y))
        await pilot.pause()
        assert doc.text_selection == Selection(Offset(1 + 5, body), Offset(1 + 15, body))
        span = doc.passage_span()
        assert span is not None and span[0] == row.start + 5
        assert doc.get_selection(doc.text_selection)[0] == doc.page.text[span[0] : span[1]]
        # a selection over two rows, from the title, is clipped to the body text
        two = Selection(Offset(0, 0), Offset(4, doc._body_rows[1]))
        start, end = doc.selection_span(two)
        assert start == row.start and end == doc._rows[doc._body_rows[1]].start + 3
        await bookmark(pilot)
        [saved] = app.session.store.list()
        assert (saved.start, saved.end) == span
        # a click moves the passage cursor to the sentence clicked; shift+click extends
        screen.query_one(DocumentView).screen.clear_selection()
        units = doc.cursor.units
        target = units[2]
        ty = doc.row_of_offset(target[0]) - int(doc.scroll_y)
        await pilot.click(doc, offset=(2, ty))
        assert doc.cursor.index == doc.cursor.unit_at(doc._rows[doc.row_of_offset(target[0])].start)
        index = doc.cursor.index
        ty2 = doc.row_of_offset(units[4][0]) - int(doc.scroll_y)
        await pilot.click(doc, offset=(2, ty2), shift=True)
        assert doc.cursor.anchor == index and doc.cursor.index > index


# -- keys -------------------------------------------------------------------------------------------
async def test_paragraph_granularity_and_escape(seed_corpus: Path) -> None:
    app = make_app(seed_corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await store_ready(pilot)
        doc = await open_article(pilot)
        await pilot.press("right_square_bracket", "p")
        assert doc.granularity == "paragraph"
        start, end = doc.page.paragraphs[0]
        assert doc.passage_text() == doc.page.text[start:end].strip()
        await pilot.press("v", "right_square_bracket")
        assert doc.cursor.selecting
        await pilot.press("escape")  # clears the selection, stays in the document
        assert not doc.cursor.selecting and app.focused is doc
        await pilot.press("escape")  # then escape goes back as before
        assert isinstance(app.focused, ResultList)


async def test_bookmarks_key_is_in_the_footer_and_remappable(seed_corpus: Path) -> None:
    write_keymap('[keys]\nbookmarks = "ctrl+b"\nbookmark = "M"\n')
    app = make_app(seed_corpus)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await store_ready(pilot)
        assert not [m for m in messages(app) if "unknown binding" in m]
        await pilot.press("tab")
        keys = {b.binding.id for b in app.active_bindings.values() if b.binding.show}
        assert "bookmarks" in keys
        await pilot.press("ctrl+b")
        await settle(pilot, lambda: isinstance(app.screen, BookmarksScreen), "the screen")


async def test_the_filter_takes_keys_typed_in_a_burst_in_order(seed_corpus: Path) -> None:
    from tests.test_app_typing import burst

    app = make_app(seed_corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        bookmarks = await _filter_of_two_bookmarks(pilot)
        inp = bookmarks.query_one(Input)
        burst(app, [*"#treatx", "backspace", "y"])  # the backspace before the y, not after
        await settle(pilot, lambda: inp.value == "#treaty", "#treaty")
        burst(app, ["ctrl+u", *"first"])
        await settle(pilot, lambda: [b.note for b in bookmarks.bookmarks] == ["first"], "first")
        assert inp.value == "first"
