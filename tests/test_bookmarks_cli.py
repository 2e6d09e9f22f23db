"""``dossier bookmarks``: the handlers with a fake corpus, then the real command end to end."""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from index.api import DossierDirs, Session
from tui.commands import bookmarks as command
from tui.commands.context import CommandContext, CommandFailed, UsageError

REPO = Path(__file__).resolve().parents[1]
TEXT = (
    "Seoul urges restraint\n\n"
    "South Korea urged North Korea and Russia to stop their illegal military cooperation.\n\n"
    "The treaty calls for either side to provide the other assistance in case of an attack.\n\n"
    "Analysts expect more exchanges of weapons technology in the months ahead."
)
QUOTE = "The treaty calls for either side to provide the other assistance"
LIST_KEYS = {"id", "doc", "quote", "matched", "note", "tags", "created", "status", "start", "end"}


@dataclass
class FakeArticle:
    id: str
    text: str
    title: str = "Seoul urges restraint"

    @property
    def content_hash(self) -> str:
        return hashlib.blake2b(self.text.encode(), digest_size=16).hexdigest()


class FakeDossier:
    """The index part of a Session: articles from a dict, as if just updated."""

    def __init__(self, articles: dict[str, FakeArticle], corpus: Path, dirs: DossierDirs) -> None:
        self.articles = articles
        self.corpus = corpus
        self.dirs = dirs

    def article(self, doc_id: str) -> FakeArticle | None:
        return self.articles.get(doc_id)

    def generation(self) -> int:
        return 1

    def close(self) -> None:
        pass


@dataclass
class FakeContext(CommandContext):
    articles: dict[str, FakeArticle] = field(default_factory=dict)

    def open(self, update: bool = True) -> Session:  # type: ignore[override]
        # A new session per call, as each `dossier` command is a new process.
        return Session(FakeDossier(self.articles, self.corpus, self.dirs))  # type: ignore[arg-type]


@pytest.fixture
def ctx(tmp_path: Path) -> FakeContext:
    return FakeContext(
        dirs=DossierDirs.from_env(), corpus=tmp_path, articles={"doc": FakeArticle("doc", TEXT)}
    )


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="dossier")
    command.register(parser.add_subparsers(dest="command"))
    return parser.parse_args(["bookmarks", *argv])


def call(ctx: CommandContext, capsys: pytest.CaptureFixture, *argv: str) -> str:
    args = parse(*argv)
    assert args.handler(args, ctx) == 0
    return capsys.readouterr().out


def listed(ctx: CommandContext, capsys: pytest.CaptureFixture) -> list[dict]:
    return json.loads(call(ctx, capsys, "list", "--json"))


# -- handlers ---------------------------------------------------------------------------


def test_add_then_list_json_contract(ctx: FakeContext, capsys: pytest.CaptureFixture) -> None:
    out = call(
        ctx,
        capsys,
        "add",
        "doc",
        "--quote",
        QUOTE,
        "--note",
        "key",
        "--tag",
        "a",
        "b",
        "--tag",
        "c",
    )
    assert out.startswith("bookmark 1 added: doc")
    (item,) = listed(ctx, capsys)
    assert set(item) >= LIST_KEYS
    assert (item["id"], item["doc"], item["quote"], item["matched"]) == (1, "doc", QUOTE, QUOTE)
    assert (item["note"], item["tags"], item["status"]) == ("key", ["a", "b", "c"], "exact")
    assert TEXT[item["start"] : item["end"]] == QUOTE and item["created"].endswith("Z")
    assert json.loads(call(ctx, capsys, "add", "doc", "--quote", "Analysts", "--json"))["id"] == 2


def test_add_errors_are_usage_errors(ctx: FakeContext) -> None:
    for argv, message in [
        (("add", "doc", "--quote", "not there"), "the quote does not occur in article 'doc'"),
        (("add", "nope", "--quote", QUOTE), "no article with id 'nope'"),
        (("add", "doc", "--quote", "  "), "the quote is empty"),
        (("add", "doc", "--quote", QUOTE, "--occurrence", "2"), "occurs 1 time in article"),
    ]:
        args = parse(*argv)
        with pytest.raises(UsageError, match=message) as err:
            args.handler(args, ctx)
        assert "\n" not in str(err.value)
    assert not DossierDirs.from_env().bookmarks_db.exists() or listed_count(ctx) == 0


def listed_count(ctx: CommandContext) -> int:
    from index.bookmarks import BookmarkStore

    with BookmarkStore(ctx.dirs.bookmarks_db) as store:
        return store.count()


def test_list_shows_statuses_after_the_corpus_changed(
    ctx: FakeContext, capsys: pytest.CaptureFixture
) -> None:
    for doc in ("same", "moved", "edited", "gone"):
        ctx.articles[doc] = FakeArticle(doc, TEXT)
        call(ctx, capsys, "add", doc, "--quote", QUOTE)
    ctx.articles["moved"] = FakeArticle("moved", "A new paragraph.\n\n" + TEXT)
    ctx.articles["edited"] = FakeArticle("edited", TEXT.replace("either side", "each side"))
    del ctx.articles["gone"]
    items = {i["doc"]: i for i in listed(ctx, capsys)}
    assert {d: i["status"] for d, i in items.items()} == {
        "same": "exact",
        "moved": "moved",
        "edited": "fuzzy",
        "gone": "orphaned",
    }
    assert items["moved"]["start"] == TEXT.index(QUOTE) + len("A new paragraph.\n\n")
    assert (
        items["edited"]["matched"] == QUOTE.replace("either", "each")
        and items["edited"]["quote"] == QUOTE
    )
    assert (items["gone"]["start"], items["gone"]["end"], items["gone"]["matched"]) == (
        None,
        None,
        None,
    )
    table = call(ctx, capsys, "list")
    for status in ("exact", "moved", "fuzzy", "orphaned"):
        assert status in table
    assert call(ctx, capsys, "reanchor") == "1 exact, 1 moved, 1 fuzzy, 1 orphaned\n"
    assert json.loads(call(ctx, capsys, "reanchor", "--json")) == {
        "exact": 1,
        "moved": 1,
        "fuzzy": 1,
        "orphaned": 1,
    }
    assert [
        i["doc"] for i in json.loads(call(ctx, capsys, "list", "--json", "--status", "fuzzy"))
    ] == ["edited"]


def test_table_never_parses_text_as_markup(
    ctx: FakeContext, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    ctx.articles["doc"] = FakeArticle(
        "doc", "Title\n\nThe [bold]tag[/bold] and [link=x]y[/link] stay."
    )
    call(
        ctx,
        capsys,
        "add",
        "doc",
        "--quote",
        "[bold]tag[/bold]",
        "--note",
        "[red]note[/red]",
        "--tag",
        "[x]",
    )
    out = call(ctx, capsys, "list")
    assert "[bold]tag[/bold]" in out and "[red]note[/red]" in out and "[x]" in out


def test_edit_and_remove(ctx: FakeContext, capsys: pytest.CaptureFixture) -> None:
    call(ctx, capsys, "add", "doc", "--quote", QUOTE, "--note", "old", "--tag", "a")
    edited = json.loads(call(ctx, capsys, "edit", "1", "--note", "new", "--json"))
    assert (edited["note"], edited["tags"]) == ("new", ["a"])
    assert json.loads(call(ctx, capsys, "edit", "1", "--tag", "x", "y", "--json"))["tags"] == [
        "x",
        "y",
    ]
    assert json.loads(call(ctx, capsys, "edit", "1", "--clear-tags", "--json"))["tags"] == []
    with pytest.raises(UsageError, match="nothing to change"):
        args = parse("edit", "1")
        args.handler(args, ctx)
    assert call(ctx, capsys, "remove", "1").startswith("bookmark 1 removed")
    assert listed(ctx, capsys) == []
    for argv in (("remove", "1"), ("edit", "7", "--note", "x")):
        args = parse(*argv)
        with pytest.raises(UsageError, match="no bookmark with id"):
            args.handler(args, ctx)


def test_export_formats_and_import_round_trip(
    ctx: FakeContext, capsys: pytest.CaptureFixture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    call(ctx, capsys, "add", "doc", "--quote", QUOTE, "--note", "key", "--tag", "t1")
    call(ctx, capsys, "add", "doc", "--quote", "Analysts expect")
    collection = json.loads(call(ctx, capsys, "export", "--format", "json"))
    assert collection["type"] == "AnnotationCollection" and collection["total"] == 2
    md = call(ctx, capsys, "export", "--format", "markdown")
    assert "## Seoul urges restraint (doc)" in md and f"> {QUOTE}" in md and "key" in md
    rows = list(csv.DictReader(io.StringIO(call(ctx, capsys, "export", "--format", "csv"))))
    assert [r["quote"] for r in rows] == [QUOTE, "Analysts expect"]
    target = tmp_path / "out" / "bookmarks.json"
    target.parent.mkdir()
    assert call(ctx, capsys, "export", "--format", "json", "-o", str(target)) == ""
    original = listed(ctx, capsys)

    monkeypatch.setenv("DOSSIER_HOME", str(tmp_path / "elsewhere"))
    fresh = FakeContext(dirs=DossierDirs.from_env(), corpus=tmp_path, articles=ctx.articles)
    assert (
        call(fresh, capsys, "import", str(target)) == "imported 2 bookmark(s); 0 already present\n"
    )
    assert json.loads(call(fresh, capsys, "import", str(target), "--json"))["skipped"] == 2
    copy = listed(fresh, capsys)
    assert [{k: v for k, v in i.items() if k != "id"} for i in copy] == [
        {k: v for k, v in i.items() if k != "id"} for i in original
    ]


def test_import_errors(ctx: FakeContext, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    for content, message in [
        (None, "cannot read"),
        ("{not json", "is not JSON"),
        ('{"type": "Nope"}', "expected type AnnotationCollection"),
    ]:
        if content is not None:
            bad.write_text(content)
        args = parse("import", str(bad))
        with pytest.raises(UsageError, match=message) as err:
            args.handler(args, ctx)
        assert "\n" not in str(err.value)


def test_store_failures_are_command_failures(ctx: FakeContext, dossier_home: Path) -> None:
    dossier_home.mkdir(exist_ok=True)
    (dossier_home / "data").write_text("a file where the data dir should be")
    args = parse("list")
    with pytest.raises(CommandFailed, match="cannot create"):
        args.handler(args, ctx)


def test_bookmarks_alone_lists(ctx: FakeContext, capsys: pytest.CaptureFixture) -> None:
    args = parse()
    assert args.handler(args, ctx) == 0
    assert "0 bookmarks" in capsys.readouterr().out


# -- the real command, end to end, on the sample articles ------------------------------------

DOC = "002_f081b1e3fe4d48df"


def dossier(corpus: Path, *argv: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tui.cli", "--corpus", str(corpus), "--quiet", "bookmarks", *argv],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=120,
    )


def test_cli_end_to_end(seed_corpus: Path, tmp_path: Path) -> None:
    added = dossier(
        seed_corpus,
        "add",
        DOC,
        "--quote",
        "Article 4",
        "--note",
        "the clause",
        "--tag",
        "law",
        "--json",
    )
    assert added.returncode == 0, added.stderr
    bookmark = json.loads(added.stdout)
    assert (bookmark["quote"], bookmark["status"], bookmark["tags"]) == (
        "Article 4",
        "exact",
        ["law"],
    )

    missing = dossier(seed_corpus, "add", DOC, "--quote", "no such words anywhere")
    assert missing.returncode == 2
    assert missing.stderr == f"dossier: the quote does not occur in article '{DOC}'\n"

    path = seed_corpus / f"{DOC}.txt"
    title, rest = path.read_text(encoding="utf-8").split("\n", 1)
    path.write_text(
        f"{title}\n\nA brand new first paragraph was added by the editors.\n{rest}",
        encoding="utf-8",
    )
    (item,) = json.loads(dossier(seed_corpus, "list", "--json").stdout)
    assert item["status"] == "moved" and item["start"] > bookmark["start"]
    shown = subprocess.run(
        [sys.executable, "-m", "tui.cli", "--corpus", str(seed_corpus), "show", DOC, "--json"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert json.loads(shown.stdout)["text"][item["start"] : item["end"]] == "Article 4"

    exported = tmp_path / "marks.json"
    assert dossier(seed_corpus, "export", "--format", "json", "-o", str(exported)).returncode == 0
    path.unlink()
    reanchor = dossier(seed_corpus, "reanchor")
    assert reanchor.stdout.strip() == "0 exact, 0 moved, 0 fuzzy, 1 orphaned"
    again = dossier(seed_corpus, "import", str(exported), "--json")
    assert json.loads(again.stdout)["skipped"] == 1
    assert dossier(seed_corpus, "remove", str(bookmark["id"])).returncode == 0
    assert json.loads(dossier(seed_corpus, "list", "--json").stdout) == []
    bad = dossier(seed_corpus, "remove", "12345")
    assert (bad.returncode, bad.stderr) == (2, "dossier: no bookmark with id 12345\n")
