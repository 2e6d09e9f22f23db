"""The installed ``dossier`` in a real terminal (tmux): search, open, highlight, no escapes."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from index.api import Dossier
from index.paths import DossierDirs
from tests.newsgen import write_archive

DOSSIER = Path(sys.executable).with_name("dossier")
HOSTILE = (
    "Zebrafish \x1b]0;PWNED-TITLE\x07 report \x1b[2J\x1bc\n\n"
    "The zebrafish \x1b[31mred\x1b[0m text and \x1b]8;;https://evil.example\x1b\\a link\x1b]8;;\x1b\\ "
    "and a bell \x07 and [bold]markup[/bold].\n"
)

SGR_BEFORE_MATCH = re.compile(r"((?:\x1b\[[0-9;]*m)+)Article 4")

pytestmark = [
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
    pytest.mark.skipif(not DOSSIER.exists(), reason="the dossier script is not installed"),
]


class Tmux:
    def __init__(self, socket: str) -> None:
        self.socket = socket

    def run(self, *args: str) -> str:
        out = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True
        )
        return out.stdout

    def capture(self, escapes: bool = False) -> str:
        return self.run("capture-pane", "-p", *(["-e"] if escapes else []), "-t", "app")

    def wait_for(
        self, check: Callable[[str], bool], what: str, timeout: float = 30.0, escapes: bool = False
    ) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.capture(escapes)
            if check(screen):
                return screen
            time.sleep(0.1)  # polling interval of a bounded wait, not a fixed delay
        raise AssertionError(f"timed out waiting for {what}; screen:\n{screen}")

    def alive(self) -> bool:
        done = subprocess.run(
            ["tmux", "-L", self.socket, "has-session", "-t", "app"], capture_output=True
        )
        return done.returncode == 0

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.run("send-keys", "-t", "app", *(["-l"] if literal else []), *keys)


def launch(tmp_path: Path, corpus: Path, home: Path) -> Tmux:
    """The installed ``dossier --corpus`` in a 120x40 tmux session of its own."""
    socket = f"dossier-test-{os.getpid()}-{tmp_path.name}"
    env = {
        "DOSSIER_HOME": str(home),
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
        "PATH": f"{DOSSIER.parent}:{os.environ.get('PATH', '')}",
    }
    command = " ".join(
        [
            "env",
            "-u",
            "NO_COLOR",
            "-u",
            "COLUMNS",
            "-u",
            "LINES",
            *(f"{k}={v}" for k, v in env.items()),
            str(DOSSIER),
            "--corpus",
            str(corpus),
        ]
    )
    subprocess.run(
        [
            *("tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", "app"),
            *("-x", "120", "-y", "40", command),
        ],
        check=True,
    )
    return Tmux(socket)


@pytest.fixture
def tmux(tmp_path: Path, seed_corpus: Path):
    (seed_corpus / "zz_hostile.txt").write_bytes(HOSTILE.encode())
    t = launch(tmp_path, seed_corpus, tmp_path / "home")
    try:
        yield t
    finally:
        subprocess.run(["tmux", "-L", t.socket, "kill-server"], capture_output=True)


def test_dossier_in_tmux_search_open_highlight(tmux: Tmux) -> None:
    title_before = tmux.run("display-message", "-p", "-t", "app", "#{pane_title}")
    tmux.wait_for(lambda s: "6 articles" in s, "the index to be up to date")
    tmux.keys('"Article 4"', literal=True)
    tmux.wait_for(lambda s: "1 result" in s, "one result")
    tmux.keys("Enter")

    def document_shows_match(screen: str) -> bool:  # right of the search pane's border
        return any(
            "Article 4 of" in ln.split("▕", 1)[-1] for ln in screen.splitlines() if "▕" in ln
        )

    tmux.wait_for(document_shows_match, "the article, scrolled to its match")

    def current_match_in_reverse(coloured: str) -> bool:
        styles = [re.findall(r"\x1b\[([0-9;]*)m", m) for m in SGR_BEFORE_MATCH.findall(coloured)]
        return any("7" in p.split(";") for seqs in styles for p in seqs)

    tmux.wait_for(current_match_in_reverse, "the match in reverse video", escapes=True)

    # an article full of escape sequences: none of them reaches the terminal
    tmux.keys("Escape")  # back to the results (`/` while reading finds in the article)
    tmux.wait_for(lambda s: "Open" in s.splitlines()[-1], "the results focused")
    tmux.keys("/", literal=True)  # focuses the input, its text selected
    tmux.wait_for(lambda s: "History" in s.splitlines()[-1], "the search input focused")
    tmux.keys("zebrafish", literal=True)
    tmux.wait_for(lambda s: "1 result" in s and "▌ Zebrafish" in s, "the hostile article")
    tmux.keys("Enter")
    screen = tmux.wait_for(lambda s: "[bold]markup[/bold]" in s, "the hostile article open")
    assert "Dossier" in screen or "result" in screen  # the screen was not cleared
    assert "PWNED" not in tmux.run("display-message", "-p", "-t", "app", "#{pane_title}")
    assert tmux.run("display-message", "-p", "-t", "app", "#{pane_title}") == title_before
    raw = tmux.capture(escapes=True)
    assert "\x1b]" not in raw  # no OSC (title, hyperlink) sequence was emitted
    assert "\x07" not in raw
    tmux.keys("q")
    deadline = time.monotonic() + 15
    while tmux.alive() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not tmux.alive(), "q did not quit the app"


def test_fresh_archive_of_2000_sorted_by_date_G_shows_the_oldest_hit(tmp_path: Path) -> None:
    """A new user's first minutes: a fresh folder of 2,000 generated articles is indexed in
    the app, searched, sorted by date, and G in the results reaches the oldest hit."""
    corpus = write_archive(tmp_path / "archive", 2000, seed=7)
    home = tmp_path / "home"
    t = launch(tmp_path, corpus, home)
    try:
        t.wait_for(lambda s: "2,000 articles" in s, "the in-app indexing", timeout=300)
        t.keys("minister", literal=True)
        t.wait_for(lambda s: re.search(r"[\d,]+ results · by relevance", s), "the results")
        t.keys("C-s")
        screen = t.wait_for(lambda s: re.search(r"[\d,]+ results · by date", s), "date sort")
        total = int(re.search(r"([\d,]+) results", screen).group(1).replace(",", ""))
        assert total > 100  # several pages: the last hit is far past the first page
        d = Dossier.open(corpus, dirs=DossierDirs.from_env({"DOSSIER_HOME": str(home)}))
        try:
            hits = d.search("minister", limit=total, sort="date").hits
        finally:
            d.close()
        last = hits[-1]  # undated articles sort after the oldest dated one
        dated = [h for h in hits if h.date]
        oldest = dated[-1]
        assert oldest.date < dated[0].date
        t.keys("Tab")
        t.wait_for(lambda s: "⏎ Open" in s.splitlines()[-1], "the results focused")
        t.keys("G")
        screen = t.wait_for(lambda s: last.title[:30] in s, "the last hit on screen")
        if len(hits) - len(dated) < 8:  # the oldest dated hit is on the same screen
            assert oldest.title[:30] in screen and oldest.date in screen
        t.keys("C-q")
        deadline = time.monotonic() + 15
        while t.alive() and time.monotonic() < deadline:
            time.sleep(0.1)  # polling interval of a bounded wait
        assert not t.alive(), "ctrl+q did not quit the app"
    finally:
        subprocess.run(["tmux", "-L", t.socket, "kill-server"], capture_output=True)
