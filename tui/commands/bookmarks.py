"""``dossier bookmarks``: list, add, edit, remove, export, import and re-anchor bookmarks.

Commands that show statuses (list, export, import, reanchor) first bring the index up
to date and re-anchor every bookmark against the current articles; add needs the
article; edit and remove touch only the bookmarks database.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from tui.commands.context import CommandContext, CommandFailed, UsageError

if TYPE_CHECKING:
    from rich.table import Table

    from index.bookmarks import Bookmark, BookmarkStore

STATUS_STYLES = {"exact": "green", "moved": "cyan", "fuzzy": "yellow", "orphaned": "bold red"}
QUOTE_WIDTH = 80


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("bookmarks", help="bookmarked passages: list, add, edit, remove, export")
    actions = p.add_subparsers(dest="bookmarks_action", metavar="ACTION")
    # ``dossier bookmarks`` alone lists them
    p.set_defaults(
        handler=run, bookmarks_action="list", json=False, tag=None, search=None, status=None
    )

    ls = actions.add_parser("list", help="the bookmarks with their anchoring status")
    ls.add_argument("--json", action="store_true", help="print JSON")
    ls.add_argument("--tag", help="only bookmarks with this tag")
    ls.add_argument(
        "--search", metavar="TEXT", help="only bookmarks whose quote, note or title contain TEXT"
    )
    ls.add_argument("--status", choices=("exact", "moved", "fuzzy", "orphaned"))

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

    imp = actions.add_parser("import", help="read bookmarks from a JSON export (no doubles)")
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.add_argument("--json", action="store_true", help="print the result as JSON")

    again = actions.add_parser("reanchor", help="find every bookmark again; print counts by status")
    again.add_argument("--json", action="store_true", help="print JSON")


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    from index.bookmarks import BookmarkNotFound, BookmarkStoreError, QuoteNotFound

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
    except (BookmarkNotFound, QuoteNotFound) as exc:
        raise UsageError(str(exc)) from exc
    except BookmarkStoreError as exc:
        raise CommandFailed(str(exc)) from exc


@contextmanager
def _store(ctx: CommandContext) -> Iterator[BookmarkStore]:
    from index.bookmarks import BookmarkStore

    store = BookmarkStore(ctx.dirs.bookmarks_db)
    try:
        yield store
    finally:
        store.close()


def _reanchored(ctx: CommandContext, store: BookmarkStore) -> dict[str, int]:
    """Re-anchor against the up-to-date corpus (skipped when there is nothing to do)."""
    if store.count() == 0:
        return store.counts()
    dossier = ctx.open()
    return store.reanchor(dossier.article)


# -- actions -----------------------------------------------------------------------


def _list(args: argparse.Namespace, ctx: CommandContext) -> int:
    with _store(ctx) as store:
        _reanchored(ctx, store)
        found = store.list(text=args.search, tag=args.tag, status=args.status)
    if args.json:
        ctx.print_json([b.to_json() for b in found])
    else:
        ctx.console().print(bookmarks_table(found))
    return 0


def _add(args: argparse.Namespace, ctx: CommandContext) -> int:
    if not args.quote.strip():
        raise UsageError("the quote is empty")
    article = ctx.open().article(args.doc)
    if article is None:
        raise UsageError(f"no article with id '{args.doc}'")
    with _store(ctx) as store:
        bookmark = store.add_quote(
            article, args.quote, note=args.note, tags=args.tags, occurrence=args.occurrence
        )
    _report(args, ctx, bookmark, "added")
    return 0


def _remove(args: argparse.Namespace, ctx: CommandContext) -> int:
    with _store(ctx) as store:
        bookmark = store.remove(args.id)
    _report(args, ctx, bookmark, "removed")
    return 0


def _edit(args: argparse.Namespace, ctx: CommandContext) -> int:
    if args.note is None and args.tags is None and not args.clear_tags:
        raise UsageError("nothing to change: give --note, --tag or --clear-tags")
    tags = args.tags if args.tags is not None else ([] if args.clear_tags else None)
    with _store(ctx) as store:
        bookmark = store.update(args.id, note=args.note, tags=tags)
    _report(args, ctx, bookmark, "updated")
    return 0


def _export(args: argparse.Namespace, ctx: CommandContext) -> int:
    from index.annotations import export_bookmarks

    with _store(ctx) as store:
        _reanchored(ctx, store)
        text = export_bookmarks(store.list(), args.format)
    if args.output is None:
        import sys

        sys.stdout.write(text)
        return 0
    _write_atomically(args.output, text)
    if not ctx.quiet:
        ctx.warn(f"wrote {args.output}")
    return 0


def _import(args: argparse.Namespace, ctx: CommandContext) -> int:
    from index.annotations import AnnotationFormatError, parse_collection

    try:
        raw = args.file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise UsageError(f"cannot read {args.file}: {reason}") from exc
    try:
        items = parse_collection(json.loads(raw))
    except json.JSONDecodeError as exc:
        raise UsageError(f"{args.file} is not JSON: {exc.msg} (line {exc.lineno})") from exc
    except AnnotationFormatError as exc:
        raise UsageError(f"{args.file}: {exc}") from exc
    with _store(ctx) as store:
        result = store.merge(items)
        counts = _reanchored(ctx, store) if result.added else store.counts()
    if args.json:
        ctx.print_json(
            {
                "added": len(result.added),
                "skipped": result.skipped,
                "ids": [b.id for b in result.added],
                "status": counts,
            }
        )
    else:
        _say(ctx, f"imported {len(result.added)} bookmark(s); {result.skipped} already present")
    return 0


def _reanchor(args: argparse.Namespace, ctx: CommandContext) -> int:
    with _store(ctx) as store:
        counts = _reanchored(ctx, store)
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

    from index.textclean import safe_line

    line = Text(f"bookmark {bookmark.id} {verb}: ")
    line.append(bookmark.doc, style="dim")
    line.append(" “" + _clip(safe_line(bookmark.quote)) + "”")
    ctx.console().print(line)


def _clip(text: str, width: int = QUOTE_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def bookmarks_table(bookmarks: list[Bookmark]) -> Table:
    """A Rich table of bookmarks. Every cell is a ``Text``: nothing is parsed as markup."""
    from rich.table import Table
    from rich.text import Text

    from index.textclean import safe_line

    table = Table(
        title=Text(f"{len(bookmarks)} bookmark{'s' if len(bookmarks) != 1 else ''}"), expand=True
    )
    table.add_column("id", justify="right", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("article", ratio=2)
    table.add_column("quote", ratio=4)
    table.add_column("note", ratio=2)
    table.add_column("tags", ratio=1)
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
        table.add_row(
            Text(str(b.id)),
            status,
            article,
            quote,
            Text(_clip(safe_line(b.note), 200)),
            Text(", ".join(safe_line(t) for t in b.tags)),
        )
    return table


def _write_atomically(path: Path, text: str) -> None:
    target = path.expanduser()
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or Path("."))
    except OSError as exc:
        raise CommandFailed(f"cannot write {path}: {exc.strerror}") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise CommandFailed(f"cannot write {path}: {exc.strerror}") from exc
