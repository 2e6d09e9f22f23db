"""``dossier bookmarks``: list, add, edit, remove, export, import and re-anchor bookmarks.

Bookmarks belong to their corpus: list, export and reanchor show the open corpus's
(``--all-corpora``: every bookmark, each with the status it had against its own corpus).
Commands that show statuses first bring the index up to date, which re-anchors the open
corpus's bookmarks (``Session.update``); add needs the article; edit and remove touch
only the bookmarks database.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from tui.commands.context import CommandContext, CommandFailed, UsageError

if TYPE_CHECKING:
    from rich.table import Table

    from index.api import Bookmark

STATUS_STYLES = {"exact": "green", "moved": "cyan", "fuzzy": "yellow", "orphaned": "bold red"}
QUOTE_WIDTH = 80


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("bookmarks", help="bookmarked passages: list, add, edit, remove, export")
    actions = p.add_subparsers(dest="bookmarks_action", metavar="ACTION")
    # ``dossier bookmarks`` alone lists them, with list's options
    p.set_defaults(handler=run, bookmarks_action="list")
    _list_options(p, argparse.SUPPRESS)  # given before an action: kept unless it repeats them
    p.set_defaults(json=False, tag=None, search=None, status=None, all_corpora=False)

    ls = actions.add_parser("list", help="the bookmarks with their anchoring status")
    _list_options(ls, argparse.SUPPRESS)

    add = actions.add_parser("add", help="bookmark a passage of an article by quoting it")
    add.add_argument("doc", metavar="DOC_ID", help="the article's id")
    add.add_argument("--quote", required=True, help="the passage, as it occurs in the article")
    add.add_argument("--note", default="", help="a note to keep with it")
    add.add_argument(
        "--tag",
        dest="tags",
        action="extend",
        nargs="+",
        default=[],
        metavar="TAG",
        help="a tag (repeatable)",
    )
    add.add_argument(
        "--occurrence",
        type=int,
        default=1,
        metavar="N",
        help="bookmark the N-th occurrence (default 1)",
    )
    add.add_argument("--json", action="store_true", help="print the bookmark as JSON")

    rm = actions.add_parser("remove", help="delete a bookmark")
    rm.add_argument("id", type=int, metavar="ID")
    rm.add_argument("--json", action="store_true", help="print the removed bookmark as JSON")

    edit = actions.add_parser("edit", help="change a bookmark's note or tags")
    edit.add_argument("id", type=int, metavar="ID")
    edit.add_argument("--note", default=None, help="the new note")
    edit.add_argument(
        "--tag",
        dest="tags",
        action="extend",
        nargs="+",
        default=None,
        metavar="TAG",
        help="the new tags (replace the old ones; repeatable)",
    )
    edit.add_argument("--clear-tags", action="store_true", help="remove all tags")
    edit.add_argument("--json", action="store_true", help="print the bookmark as JSON")

    export = actions.add_parser("export", help="write the bookmarks as Markdown, JSON or CSV")
    export.add_argument("--format", required=True, choices=("markdown", "json", "csv"))
    export.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write to FILE, not stdout"
    )
    export.add_argument(
        "--all-corpora", action="store_true", help="every corpus's bookmarks, not only this one's"
    )

    imp = actions.add_parser("import", help="read bookmarks from a JSON export (no doubles)")
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.add_argument("--json", action="store_true", help="print the result as JSON")

    again = actions.add_parser("reanchor", help="find every bookmark again; print counts by status")
    again.add_argument("--json", action="store_true", help="print JSON")


def _list_options(p: argparse.ArgumentParser, default: object) -> None:
    p.add_argument("--json", action="store_true", default=default, help="print JSON")
    p.add_argument("--tag", default=default, help="only bookmarks with this tag")
    p.add_argument(
        "--search",
        metavar="TEXT",
        default=default,
        help="only bookmarks whose quote, note or title contain TEXT",
    )
    p.add_argument("--status", choices=("exact", "moved", "fuzzy", "orphaned"), default=default)
    p.add_argument(
        "--all-corpora",
        action="store_true",
        default=default,
        help="every corpus's bookmarks (each with its corpus and its own status)",
    )


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    from index.api import ArticleNotFound, BookmarkNotFound, BookmarkStoreError, QuoteNotFound

    handlers = {
        "list": _list,
        "add": _add,
        "remove": _remove,
        "edit": _edit,
        "export": _export,
        "import": _import,
        "reanchor": _reanchor,
    }
    try:
        return handlers[args.bookmarks_action or "list"](args, ctx)
    except (BookmarkNotFound, QuoteNotFound, ArticleNotFound) as exc:
        raise UsageError(str(exc)) from exc
    except BookmarkStoreError as exc:
        raise CommandFailed(str(exc)) from exc


# -- actions -----------------------------------------------------------------------


def _list(args: argparse.Namespace, ctx: CommandContext) -> int:
    found = ctx.open().bookmarks(
        text=args.search, tag=args.tag, status=args.status, all_corpora=args.all_corpora
    )
    if args.json:
        ctx.print_json([b.to_json() for b in found])
    else:
        ctx.console().print(bookmarks_table(found, with_corpus=args.all_corpora))
    return 0


def _add(args: argparse.Namespace, ctx: CommandContext) -> int:
    if not args.quote.strip():
        raise UsageError("the quote is empty")
    bookmark = ctx.open().add_quote(
        args.doc, args.quote, note=args.note, tags=args.tags, occurrence=args.occurrence
    )
    _report(args, ctx, bookmark, "added")
    return 0


def _remove(args: argparse.Namespace, ctx: CommandContext) -> int:
    bookmark = ctx.open(update=False).remove_bookmark(args.id)
    _report(args, ctx, bookmark, "removed")
    return 0


def _edit(args: argparse.Namespace, ctx: CommandContext) -> int:
    if args.note is None and args.tags is None and not args.clear_tags:
        raise UsageError("nothing to change: give --note, --tag or --clear-tags")
    tags = args.tags if args.tags is not None else ([] if args.clear_tags else None)
    bookmark = ctx.open(update=False).edit_bookmark(args.id, note=args.note, tags=tags)
    _report(args, ctx, bookmark, "updated")
    return 0


def _export(args: argparse.Namespace, ctx: CommandContext) -> int:
    text = ctx.open().export_bookmarks(args.format, all_corpora=args.all_corpora)
    if args.output is None:
        import sys

        sys.stdout.write(text)
        return 0
    from index.api import write_atomically

    try:
        write_atomically(args.output.expanduser(), text)
    except OSError as exc:
        raise CommandFailed(f"cannot write {args.output}: {exc.strerror or exc}") from exc
    if not ctx.quiet:
        ctx.warn(f"wrote {args.output}")
    return 0


def _import(args: argparse.Namespace, ctx: CommandContext) -> int:
    from index.api import AnnotationFormatError

    try:
        raw = args.file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise UsageError(f"cannot read {args.file}: {reason}") from exc
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise UsageError(f"{args.file} is not JSON: {exc.msg} (line {exc.lineno})") from exc
    try:
        result = ctx.open().import_bookmarks(data)
    except AnnotationFormatError as exc:
        raise UsageError(f"{args.file}: {exc}") from exc
    if args.json:
        ctx.print_json(
            {
                "added": len(result.added),
                "skipped": result.skipped,
                "ids": [b.id for b in result.added],
                "status": result.counts,
            }
        )
    else:
        _say(ctx, f"imported {len(result.added)} bookmark(s); {result.skipped} already present")
    return 0


def _reanchor(args: argparse.Namespace, ctx: CommandContext) -> int:
    counts = ctx.open().reanchor()
    if args.json:
        ctx.print_json(counts)
    else:
        _say(ctx, ", ".join(f"{n} {status}" for status, n in counts.items()))
    return 0


# -- output ------------------------------------------------------------------------


def _say(ctx: CommandContext, message: str) -> None:
    from rich.text import Text

    ctx.console().print(Text(message))


def _report(args: argparse.Namespace, ctx: CommandContext, bookmark: Bookmark, verb: str) -> None:
    if args.json:
        ctx.print_json(bookmark.to_json())
        return
    from rich.text import Text

    from index.api import safe_line

    line = Text(f"bookmark {bookmark.id} {verb}: ")
    line.append(bookmark.doc, style="dim")
    line.append(" “" + _clip(safe_line(bookmark.quote)) + "”")
    ctx.console().print(line)


def _clip(text: str, width: int = QUOTE_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def bookmarks_table(bookmarks: list[Bookmark], with_corpus: bool = False) -> Table:
    """A Rich table of bookmarks. Every cell is a ``Text``: nothing is parsed as markup."""
    from rich.table import Table
    from rich.text import Text

    from index.api import safe_line

    table = Table(
        title=Text(f"{len(bookmarks)} bookmark{'s' if len(bookmarks) != 1 else ''}"), expand=True
    )
    table.add_column("id", justify="right", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("article", ratio=2)
    table.add_column("quote", ratio=4)
    table.add_column("note", ratio=2)
    table.add_column("tags", ratio=1)
    if with_corpus:
        table.add_column("corpus", ratio=2, overflow="fold")
    for b in bookmarks:
        status = Text(b.status, style=STATUS_STYLES.get(b.status, ""))
        if b.status == "fuzzy" and b.score is not None:
            status.append(f" {b.score:.0%}", style="dim")
        article = Text(_clip(safe_line(b.title or b.doc), 60))
        if b.title:
            article.append("\n" + _clip(safe_line(b.doc), 32), style="dim")
        quote = Text(_clip(safe_line(b.quote), 200))
        if b.status == "fuzzy" and b.matched is not None:
            quote.append("\nnow: " + _clip(safe_line(b.matched), 200), style="dim")
        cells = [
            Text(str(b.id)),
            status,
            article,
            quote,
            Text(_clip(safe_line(b.note), 200)),
            Text(", ".join(safe_line(t) for t in b.tags)),
        ]
        if with_corpus:
            cells.append(Text(safe_line(b.corpus) if b.corpus else "unassigned", style="dim"))
        table.add_row(*cells)
    return table
