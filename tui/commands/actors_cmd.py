"""``dossier actors``: the corpus's actors, and the user's corrections to them.

dossier actors [--doc ID] [--type T] [--limit N] [--json]
dossier actors --with NAME [--query Q] [--json]    who appears with NAME
dossier actors merge A B        A and B are the same actor
dossier actors rename A NEW     show A under the name NEW
dossier actors ignore A         hide A
dossier actors undo             undo the last correction
dossier actors corrections [--json]   list the corrections, one per line
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from tui.commands.context import CommandContext, CommandFailed, UsageError

if TYPE_CHECKING:
    from rich.table import Table

    from index.api import CorpusActors


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("actors", help="the actors (people, governments, organisations, media)")
    p.add_argument("--doc", metavar="ID", help="only this article's actors")
    p.add_argument("--type", choices=["person", "country/government", "organisation", "media"])
    p.add_argument("--limit", type=int, default=50, help="rows in the table (default 50)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument(
        "--with",
        dest="with_",
        metavar="NAME",
        help="the actors that share articles with NAME, by number of shared articles",
    )
    p.add_argument("--query", metavar="Q", help="with --with: only within the hits of Q")
    p.set_defaults(handler=run, actors_action=None)
    actions = p.add_subparsers(dest="actors_action", metavar="ACTION", parser_class=type(p))
    merge = actions.add_parser("merge", help="A and B are the same actor (B's name is kept)")
    merge.add_argument("a")
    merge.add_argument("b")
    rename = actions.add_parser("rename", help="show actor A under a new name")
    rename.add_argument("a")
    rename.add_argument("new")
    ignore = actions.add_parser("ignore", help="hide actor A")
    ignore.add_argument("a")
    actions.add_parser("undo", help="undo the last correction")
    corrections = actions.add_parser("corrections", help="list the corrections")
    corrections.add_argument("--json", action="store_true", help="print JSON")


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    from index.api import ActorCorrectionError, AliasTableError, safe_line

    try:
        if args.actors_action is None:
            return _show(args, ctx)
        if args.actors_action == "corrections":
            return _corrections(args, ctx)
        session = ctx.open()
        if args.actors_action == "undo":
            undone = session.undo_correction()
            if undone is None:
                raise UsageError("nothing to undo")
            ctx.warn(f"undone: {safe_line(undone)}")
            return 0
        action = args.actors_action
        second = {"merge": getattr(args, "b", None), "rename": getattr(args, "new", None)}
        entry = session.correct(action, args.a, second.get(action))
    except AliasTableError as exc:
        raise CommandFailed(str(exc)) from exc
    except ActorCorrectionError as exc:
        raise UsageError(f"{exc} (see `dossier actors`)") from exc
    ctx.warn(safe_line(_done(entry.op, entry.a, entry.b)) + " (undo: dossier actors undo)")
    return 0


def _done(op: str, a: str, b: str | None) -> str:
    if op == "merge":
        return f"merged '{a}' into '{b}'"
    if op == "rename":
        return f"renamed '{a}' to '{b}'"
    return f"ignoring '{a}'"


def _corrections(args: argparse.Namespace, ctx: CommandContext) -> int:
    """One line per correction, oldest first (the order they apply in)."""
    from rich.text import Text

    from index.api import safe_line

    entries = ctx.open(update=False).corrections()
    if args.json:
        ctx.print_json([e.to_json() for e in entries])
        return 0
    console = ctx.console()
    for n, entry in enumerate(entries, 1):
        console.print(Text(f"{n}. {safe_line(entry.describe())}"))
    if not entries:
        console.print(Text("no corrections (see `dossier actors merge|rename|ignore`)"))
    return 0


def _with(args: argparse.Namespace, ctx: CommandContext) -> int:
    from index.api import ActorNotFound, QueryError

    try:
        co = ctx.open().cooccurrence(args.with_, args.query)
    except ActorNotFound as exc:
        raise UsageError(str(exc)) from exc
    except QueryError as exc:
        raise UsageError(f"query error: {exc}") from exc
    if args.type is not None:
        co.with_ = [a for a in co.with_ if a.type == args.type]
    if args.json:
        ctx.print_json(co.to_json())
        return 0
    from tui.commands.views_render import cooccurrence_table

    ctx.console().print(cooccurrence_table(co, args.limit))
    return 0


def _show(args: argparse.Namespace, ctx: CommandContext) -> int:
    if args.with_ is not None:
        return _with(args, ctx)
    if args.query is not None:
        raise UsageError("--query goes with --with NAME")
    session = ctx.open()
    actors = session.actors()
    if args.doc is not None and session.article(args.doc) is None:
        raise UsageError(f"no article with id '{args.doc}'")
    if args.json:
        ctx.print_json(session.actors_json(args.doc, args.type))
        return 0
    ctx.console().print(_table(actors, args.doc, args.type, args.limit))
    return 0


def _table(actors: CorpusActors, doc: str | None, kind: str | None, limit: int) -> Table:
    from rich.table import Table
    from rich.text import Text

    from index.api import safe_line

    if doc is not None:
        table = Table(title=Text(f"actors of {safe_line(doc)}"))
        for col in ("name", "type", "role", "mentions", "aliases"):
            table.add_column(col)
        rows = [a for a in actors.articles.get(doc, []) if kind in (None, a.type)]
        rows.sort(key=lambda a: (-len(a.mentions), a.name))
        for a in rows[:limit]:
            table.add_row(
                Text(safe_line(a.name)), Text(a.type), Text(safe_line(a.role or "")),
                Text(str(len(a.mentions))), Text(safe_line(", ".join(a.aliases))),
            )  # fmt: skip
        return table
    table = Table(title=Text("actors of the corpus, by number of articles"))
    for col in ("name", "type", "articles", "mentions", "aliases"):
        table.add_column(col, justify="right" if col in ("articles", "mentions") else "left")
    rows = [a for a in actors.corpus if kind in (None, a.type)]
    for a in rows[:limit]:
        table.add_row(
            Text(safe_line(a.name)), Text(a.type), Text(str(a.articles)), Text(str(a.mentions)),
            Text(safe_line(", ".join(a.aliases[:6]))),
        )  # fmt: skip
    return table
