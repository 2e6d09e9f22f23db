"""The installed ``dossier`` in tmux on a generated archive of 2,500 articles: the timeline
is drawn above the results for a query with hits in many months, its busiest month
labelled, and ctrl+l then Enter narrows the query with a date:[...] term."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from index.api import Dossier
from tests.test_tmux import DOSSIER, Tmux

pytestmark = [
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
    pytest.mark.skipif(not DOSSIER.exists(), reason="the dossier script is not installed"),
]

BARS = re.compile(r"(?<![\w·▁▂▃▄▅▆▇█])([·▁▂▃▄▅▆▇█]{12,})(?: \S+)? ▲(\d{4}-\d{2}) ([\d,]+)")


@pytest.fixture
def tmux(tmp_path: Path, news_archive: Path):
    home = tmp_path / "home"
    index_dir = tmp_path / "index"
    d = Dossier.open(news_archive, index_dir=index_dir)  # built here: the test is about drawing
    d.update()
    total = d.search("oil", limit=0).total
    d.close()
    socket = f"dossier-analyst-{os.getpid()}-{tmp_path.name}"
    env = {"DOSSIER_HOME": str(home), "TERM": "xterm-256color", "COLORTERM": "truecolor"}
    command = " ".join(
        ["env", "-u", "NO_COLOR", "-u", "COLUMNS", "-u", "LINES"]
        + [f"{k}={v}" for k, v in env.items()]
        + [str(DOSSIER), "--corpus", str(news_archive), "--index", str(index_dir), "--no-update"]
    )
    subprocess.run(
        ["tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", "app",
         "-x", "120", "-y", "40", command],
        check=True,
    )  # fmt: skip
    try:
        yield Tmux(socket), total
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True)


def test_timeline_is_drawn_and_narrows(tmux: tuple[Tmux, int]) -> None:
    tmux, total = tmux
    tmux.wait_for(lambda s: "2,500 results" in s, "the index open", timeout=60)
    tmux.keys("oil", literal=True)
    screen = tmux.wait_for(
        lambda s: f"{total:,} results" in s and BARS.search(s) is not None,
        "the timeline of 'oil'",
        timeout=60,
    )
    bars, busiest, count = BARS.search(screen).groups()
    assert len(set(bars) - {" ", "·"}) >= 3  # heights differ: hits in many months
    assert "█" in bars  # the busiest month is full height
    lines = screen.splitlines()
    timeline_row = next(i for i, line in enumerate(lines) if BARS.search(line))
    status_row = next(i for i, line in enumerate(lines) if " results" in line)
    assert timeline_row == status_row + 1  # above the results, under the count
    tmux.keys("C-l")
    tmux.wait_for(
        lambda s: f"▸{busiest} {count}" in s, "the timeline focused, its cursor shown", timeout=60
    )
    tmux.keys("Enter")
    narrowed = tmux.wait_for(
        lambda s: f"date:[{busiest}-01 to " in s and f"{count} result" in s,
        "the query narrowed to the busiest month",
        timeout=60,
    )
    assert "oil* date:[" in narrowed  # the typed word stays the prefix it was counted as
