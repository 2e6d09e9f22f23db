"""A hostile corpus through the data layer and the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from index.api import Dossier

from .hostile import HostileCorpus, make_hostile_corpus


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> HostileCorpus:
    return make_hostile_corpus(tmp_path_factory.mktemp("hostile"))


def _dossier(args: list[str], home: Path, corpus: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DOSSIER_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "tui.cli", "--corpus", str(corpus), *args],
        capture_output=True, env=env, timeout=300,
    )  # fmt: skip


def test_index_finishes_names_each_skipped_file_and_finds_every_word(
    hostile: HostileCorpus, dossier_home: Path
) -> None:
    proc = _dossier(["index"], dossier_home, hostile.root)
    assert proc.returncode == 0, proc.stderr
    err = proc.stderr.decode()
    assert "Traceback" not in err
    for name, reason in hostile.skipped.items():
        line = next((ln for ln in err.splitlines() if name in ln), None)
        assert line is not None, f"{name} not reported"
        assert reason.lower() in line.lower(), line
    d = Dossier.open(hostile.root)
    d.update()
    for name, word in hostile.words.items():
        doc_id = name.removesuffix(".txt")
        result = d.search(word, limit=50)
        assert doc_id in {h.id for h in result.hits}, (name, word)
    d.close()


def test_show_prints_every_article_literally_without_escapes(
    hostile: HostileCorpus, dossier_home: Path
) -> None:
    d = Dossier.open(hostile.root)
    d.update()
    ids = [i for i in d.article_ids() if i != "huge"]
    d.close()
    for doc_id in ids:
        proc = _dossier(["show", doc_id], dossier_home, hostile.root)
        assert proc.returncode == 0, (doc_id, proc.stderr)
        out = proc.stdout
        assert b"\x1b" not in out and b"\x07" not in out and b"\x08" not in out, doc_id
        assert not any(b < 32 and b not in (9, 10) for b in out), doc_id
    markup = _dossier(["show", "markup"], dossier_home, hostile.root).stdout.decode()
    assert "[bold]Markup[/bold] title [/]" in markup
    assert "[link=http://evil.example]click[/link] [@click=app.quit]quit[/] $accent" in markup


def test_show_json_of_hostile_articles_is_clean(hostile: HostileCorpus, dossier_home: Path) -> None:
    proc = _dossier(["show", "ansi", "--json"], dossier_home, hostile.root)
    data = json.loads(proc.stdout)
    assert "\x1b" not in data["text"] and "\x1b" not in data["title"]
    assert "ansiword" in data["text"]
