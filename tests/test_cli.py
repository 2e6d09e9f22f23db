"""The `dossier` command, run as a real process: contracts, exit codes, no tracebacks."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DOSSIER = shutil.which("dossier") or ""


def run(
    *args: str, corpus: Path | None = None, env: dict | None = None
) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    cmd = [DOSSIER] if DOSSIER else [sys.executable, "-m", "tui.cli"]
    if corpus is not None:
        cmd += ["--corpus", str(corpus)]
    return subprocess.run(
        cmd + list(args), capture_output=True, text=True, env=full_env, timeout=120
    )


def test_article_4_json_contract() -> None:
    proc = run("search", '"Article 4"', "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert set(data) >= {"query", "total", "hits"}
    assert data["query"] == '"Article 4"' and data["total"] == 1
    (hit,) = data["hits"]
    assert set(hit) >= {"id", "path", "title", "date", "source", "score", "snippet", "spans"}
    assert hit["id"] == "002_f081b1e3fe4d48df"
    show = json.loads(run("show", hit["id"], "--json").stdout)
    assert set(show) >= {"id", "title", "date", "source", "text", "paragraphs"}
    assert [show["text"][s:e] for s, e in hit["spans"]] == ["Article 4"]
    for s, e in show["paragraphs"]:
        assert show["text"][s:e].strip()


def test_corpus_option_before_or_after_the_command(seed_corpus: Path) -> None:
    (seed_corpus / "extra.txt").write_text("Extra\n\nA quokka appears.\n")
    before = run("--corpus", str(seed_corpus), "search", "quokka", "--json")
    after = run("search", "quokka", "--json", "--corpus", str(seed_corpus))
    via_env = run("search", "quokka", "--json", env={"DOSSIER_CORPUS": str(seed_corpus)})
    for proc in (before, after, via_env):
        assert proc.returncode == 0, proc.stderr
        assert json.loads(proc.stdout)["total"] == 1


def test_a_folder_as_first_word_is_the_corpus(seed_corpus: Path) -> None:
    """`dossier ~/news` opens that folder, as `less FILE` would; a word that is neither a
    command nor a folder is still a one-line usage error."""
    from tui.cli import folder_as_corpus

    (seed_corpus / "extra.txt").write_text("Extra\n\nA quokka appears.\n")
    proc = run(str(seed_corpus), "search", "quokka", "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["total"] == 1
    commands = {"search"}
    folder = str(seed_corpus)
    assert folder_as_corpus([folder], commands) == ["--corpus", folder]
    assert folder_as_corpus(["--quiet", folder], commands) == ["--quiet", "--corpus", folder]
    assert folder_as_corpus(["--index", folder, "search"], commands) == [
        "--index",
        folder,
        "search",
    ]
    missing = run(str(seed_corpus / "no-such-folder"))  # a path: said to be one
    assert missing.returncode == 2 and "corpus folder not found" in missing.stderr
    bad = run("serch", "korea")  # a word: a command mistyped
    assert bad.returncode == 2 and "invalid choice" in bad.stderr
    assert "Traceback" not in missing.stderr + bad.stderr


def test_every_command_updates_the_index_first(seed_corpus: Path) -> None:
    assert json.loads(run("search", "okapi", "--json", corpus=seed_corpus).stdout)["total"] == 0
    (seed_corpus / "okapi.txt").write_text("Okapi\n\nAn okapi was seen.\n")
    assert json.loads(run("search", "okapi", "--json", corpus=seed_corpus).stdout)["total"] == 1


def test_no_update_uses_the_index_as_it_is(seed_corpus: Path) -> None:
    def total(*flags: str) -> int:
        proc = run("search", "okapi", "--json", *flags, corpus=seed_corpus)
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout)["total"]

    (seed_corpus / "new.txt").write_text("An okapi\n\nSeen near the river.\n")
    assert total("--no-update") == 1  # never indexed: built anyway
    (seed_corpus / "later.txt").write_text("Another okapi\n\nSeen again.\n")
    assert total("--no-update") == 1  # the new file is not looked at
    assert total() == 2
    ok = run("search", "oil ANDMAYBE okapi", "--json", corpus=seed_corpus)  # two-part operators
    assert ok.returncode == 0 and "Traceback" not in ok.stderr


def test_index_command_reports_a_summary(seed_corpus: Path) -> None:
    (seed_corpus / "empty.txt").write_text("")
    proc = run("index", corpus=seed_corpus)
    assert proc.returncode == 0
    assert "5 added" in proc.stderr and "1 skipped" in proc.stderr
    assert "empty.txt" in proc.stderr
    again = run("index", "--json", corpus=seed_corpus)
    report = json.loads(again.stdout)
    assert report["added"] == [] and report["total"] == 5 and report["unchanged"] == 5


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["search", "foo:bar"], 2, "unknown field"),
        (["search", "(korea"], 2, "unbalanced"),
        (["search", "date:[2024 to garbage]"], 2, "invalid date"),
        (["show", "no-such-id"], 2, "no article"),
        (["--corpus", "/no/such/dir", "search", "x"], 2, "corpus folder not found"),
        (["search", "x", "--limit", "many"], 2, "invalid int"),
        (["frobnicate"], 2, "invalid choice"),
        (["index", "--no-update"], 2, "--no-update cannot be used with 'index'"),
    ],
)
def test_errors_are_one_line_with_exit_codes(args: list[str], code: int, message: str) -> None:
    proc = run(*args)
    assert proc.returncode == code
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert proc.stdout == ""


def test_zero_hits_is_success() -> None:
    proc = run("search", "xyzzyplugh", "--json")
    assert proc.returncode == 0 and json.loads(proc.stdout)["total"] == 0


def test_show_prints_markup_and_escapes_literally(tmp_path: Path) -> None:
    (tmp_path / "evil.txt").write_bytes(
        b"[bold]Evil[/bold] title\n\nBody with [/] and [link=http://x]link[/link] \x1b[31mred\x1b[0m \x1b]0;title\x07.\n"
    )
    proc = run("show", "evil", corpus=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "[bold]Evil[/bold] title" in proc.stdout
    assert "[/] and [link=http://x]link[/link]" in proc.stdout
    assert "\x1b" not in proc.stdout and "\x07" not in proc.stdout


def test_search_table_for_people() -> None:
    proc = run("search", '"Article 4"', env={"COLUMNS": "120"})
    assert proc.returncode == 0
    assert "1 match" in proc.stdout and "002_f081b1e3fe4d48df" in proc.stdout
