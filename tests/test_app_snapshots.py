"""Snapshots of the main screen (pytest-textual-snapshot): 80x24 and 160x48, a query and an
article open so the highlighting shows. Fixed theme, no clock, the actor panel hidden (its
content belongs to the actor extractor, which has its own tests)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_app import make_app, open_current, ready, search
from tui.widgets.document import DocumentView


async def _article_open(pilot) -> None:
    screen = await ready(pilot)
    await search(pilot, '"Article 4" OR Zinoviev')
    await open_current(pilot)
    if screen.actors_visible:
        await pilot.press("a")
    await pilot.press("n")
    doc = screen.query_one(DocumentView)
    assert doc.current is not None
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_snapshot_80x24_no_color(seed_corpus: Path, snap_compare) -> None:
    app = make_app(seed_corpus)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_article_open)


def test_snapshot_160x48_colour(
    seed_corpus: Path, snap_compare, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    app = make_app(seed_corpus)
    assert snap_compare(app, terminal_size=(160, 48), run_before=_article_open)
