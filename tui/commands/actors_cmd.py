"""``dossier actors``: the corpus's actors, and the user's corrections to them.

dossier actors [--doc ID] [--type T] [--limit N] [--json]
dossier actors --with NAME [--query Q] [--json]    who appears with NAME
dossier actors merge A B        A and B are the same actor
dossier actors rename A NEW     show A under the name NEW
dossier actors ignore A         hide A
dossier actors undo             undo the last correction
dossier actors corrections      list the corrections
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from tui.commands.context import CommandContext, CommandFailed, UsageError

if TYPE_CHECKING:
    from rich.table import Table

    from index.actors import CorpusActors


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
    actions.add_parser("corrections", help="list the corrections")


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    if args.actors_action is None:
        return _show(args, ctx)
    from index.actors import AliasTable, AliasTableError

    try:
        table = AliasTable.load(ctx.dirs.aliases_file)
    except AliasTableError as exc:
        raise CommandFailed(str(exc)) from exc
    action = args.actors_action
    if action == "corrections":
        for entry in table.entries():
            print(entry)
        return 0
    if action == "undo":
        undone = table.undo()
        if undone is None:
            raise UsageError("nothing to undo")
        table.save()
        ctx.warn(f"undone: {undone}")
        return 0
    known = ctx.open().actors()
    for name in [args.a] + ([args.b] if action == "merge" else []):
        if known.find(name) is None:
            raise UsageError(f"no actor named '{name}' (see `dossier actors`)")
    if action == "merge":
        table.merge(args.a, args.b)
        message = f"merged '{args.a}' into '{args.b}'"
    elif action == "rename":
        table.rename(args.a, args.new)
        message = f"renamed '{args.a}' to '{args.new}'"
    else:
        table.ignore(args.a)
        message = f"ignoring '{args.a}'"
    table.save()
    ctx.warn(message + " (undo: dossier actors undo)")
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
    actors = ctx.open().actors()
    if args.doc is not None and ctx.open().article(args.doc) is None:
        raise UsageError(f"no article with id '{args.doc}'")
    if args.json:
        ctx.print_json(actors.to_json(args.doc))
        return 0
    ctx.console().print(_table(actors, args.doc, args.type, args.limit))
    return 0


def _table(actors: CorpusActors, doc: str | None, kind: str | None, limit: int) -> Table:
    from rich.table import Table
    from rich.text import Text

    from index.textclean import safe_line

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
