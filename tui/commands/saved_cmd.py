"""``dossier saved``: saved searches of this corpus, with their totals and new articles.

dossier saved add NAME QUERY [--replace]   save QUERY as NAME (its hits count as seen)
dossier saved list [--json]                name, query, total, new
dossier saved show NAME [--json]           its hits (new ones flagged); marks them seen
dossier saved remove NAME
"""

from __future__ import annotations

import argparse

from tui.commands.context import CommandContext, CommandFailed, UsageError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("saved", help="saved searches: totals and what is new since last opened")
    p.set_defaults(handler=run, saved_action=None, json=False)
    actions = p.add_subparsers(dest="saved_action", metavar="ACTION", parser_class=type(p))
    add = actions.add_parser("add", help="save a query under a name")
    add.add_argument("name")
    add.add_argument("query", nargs="+")
    add.add_argument("--replace", action="store_true", help="replace a saved search of that name")
    add.add_argument("--json", action="store_true", help="print JSON")
    lst = actions.add_parser("list", help="the saved searches with their totals and new hits")
    lst.add_argument("--json", action="store_true", help="print JSON")
    show = actions.add_parser("show", help="the hits of a saved search (marks them seen)")
    show.add_argument("name")
    show.add_argument("--limit", type=int, default=10, help="how many hits (default 10)")
    show.add_argument("--sort", choices=["relevance", "date", "oldest"], default="date")
    show.add_argument("--json", action="store_true", help="print JSON")
    remove = actions.add_parser("remove", help="forget a saved search")
    remove.add_argument("name")


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    from index.api import QueryError, SavedExists, SavedNotFound, SavedSearchError

    handlers = {"list": _list, "add": _add, "show": _show, "remove": _remove}
    try:
        return handlers[args.saved_action or "list"](args, ctx)
    except (SavedNotFound, SavedExists) as exc:
        raise UsageError(str(exc)) from exc
    except QueryError as exc:
        raise UsageError(f"query error: {exc}") from exc
    except SavedSearchError as exc:
        raise CommandFailed(str(exc)) from exc


def _list(args: argparse.Namespace, ctx: CommandContext) -> int:
    rows = ctx.open().saved_searches()
    if args.json:
        ctx.print_json([r.to_json() for r in rows])
        return 0
    from rich.table import Table
    from rich.text import Text

    from index.api import safe_line

    table = Table(title=Text("saved searches"))
    for col in ("name", "query", "total", "new"):
        table.add_column(col, justify="right" if col in ("total", "new") else "left")
    for r in rows:
        table.add_row(
            Text(safe_line(r.name)), Text(safe_line(r.query)), Text(str(r.total)), Text(str(r.new))
        )
    ctx.console().print(table)
    return 0


def _add(args: argparse.Namespace, ctx: CommandContext) -> int:
    query = " ".join(args.query)
    try:
        status = ctx.open().save_search(args.name, query, replace=args.replace)
    except ValueError as exc:  # a bad name (QueryError is caught by run first)
        if type(exc).__name__ == "QueryError":
            raise
        raise UsageError(str(exc)) from exc
    if args.json:
        ctx.print_json(status.to_json())
    else:
        ctx.warn(f"saved '{status.name}': {status.total} articles")
    return 0


def _show(args: argparse.Namespace, ctx: CommandContext) -> int:
    if args.limit < 0:
        raise UsageError("--limit must be 0 or more")
    dossier = ctx.open()
    status = dossier.open_saved(args.name)  # the counts and new ids from before opening
    result = dossier.search(status.query, limit=args.limit, sort=args.sort)
    new_ids = status.new_ids
    if args.json:
        data = {**status.to_json(), "sort": result.sort, "hits": []}
        for hit in result.hits:
            data["hits"].append({**hit.to_json(), "new": hit.id in new_ids})
        ctx.print_json(data)
        return 0
    from tui.render import hits_table

    console = ctx.console()
    console.print(hits_table(result))
    console.print(f"{status.new} new since last opened; now marked seen")
    return 0


def _remove(args: argparse.Namespace, ctx: CommandContext) -> int:
    ctx.open().remove_saved(args.name)
    ctx.warn(f"removed '{args.name}'")
    return 0
