"""The app on a hostile corpus: every article opens, tiny terminals don't crash it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.widgets.document import DocumentView
from tui.widgets.results import ResultList

from .hostile import HostileCorpus, make_hostile_corpus
from .test_app import make_app, open_current, ready, search, settle


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> HostileCorpus:
    return make_hostile_corpus(tmp_path_factory.mktemp("hostile"))


def _visible_text(doc: DocumentView) -> str:
    height = doc.scrollable_content_region.height
    return "\n".join("".join(s.text for s in doc.render_line(y)) for y in range(height))


async def test_every_hostile_article_opens_and_shows_no_escape(hostile: HostileCorpus) -> None:
    app = make_app(hostile.root)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        screen = await search(pilot, "")
        results = screen.query_one(ResultList)
        ids = [h.id for h in results.hits]
        assert len(ids) == screen.search.result.total == len(hostile.words)
        await pilot.press("tab")  # to the result list
        for n, doc_id in enumerate(ids):
            results.cursor = n
            doc = await open_current(pilot)
            assert doc.doc_id == doc_id
            shown = _visible_text(doc)
            assert "\x1b" not in shown and "\x07" not in shown
            assert not any(ord(c) < 32 and c != "\n" for c in shown), doc_id
            if doc_id == "markup":
                assert "[link=http://evil.example]click[/link]" in shown
            await pilot.press("escape")
            await settle(pilot, lambda: app.focused is results, "back to the results")


async def test_resize_to_20x10_and_back_while_reading(seed_corpus: Path) -> None:
    app = make_app(seed_corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await search(pilot, '"Article 4"')
        doc = await open_current(pilot)
        for size in ((20, 10), (10, 5), (20, 10), (120, 40), (80, 24), (160, 48)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await pilot.press("n", "j", "N")
            await pilot.pause()
        assert app.is_running
        assert doc.doc_id == "002_f081b1e3fe4d48df"
        assert screen.query_one(ResultList).result.total == 1


async def test_corpus_folder_removed_while_the_app_runs(seed_corpus: Path) -> None:
    app = make_app(seed_corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        moved = seed_corpus.with_name("renamed")
        seed_corpus.rename(moved)
        await pilot.press("ctrl+r")  # re-index: the folder is gone
        await settle(pilot, lambda: not app.runner.updating, "the re-index")
        messages = [n.message for n in app._notifications]
        assert any("corpus folder" in m and "not found" in m for m in messages), messages
        assert app.is_running
        # what was indexed can still be searched and read
        await search(pilot, '"Article 4"')
        doc = await open_current(pilot)
        assert doc.doc_id == "002_f081b1e3fe4d48df"
        moved.rename(seed_corpus)
        (seed_corpus / "late.txt").write_text("Late news\n\nA narwhal surfaced.\n")
        await pilot.press("escape", "escape", "ctrl+r")
        await settle(pilot, lambda: not app.runner.updating, "the second re-index")
        await search(pilot, "narwhal")
        assert screen.search.result.total == 1
