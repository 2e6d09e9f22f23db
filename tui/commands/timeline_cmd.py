"""``dossier timeline QUERY``: the hits by month, week or day, as block characters or JSON."""

from __future__ import annotations

import argparse

from tui.commands.context import CommandContext, UsageError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("timeline", help="the hits of a query over time (busiest period)")
    p.add_argument("query", nargs="*", help="the query (empty: every article)")
    p.add_argument(
        "--unit", choices=["month", "week", "day"], help="default: by the span of the hits"
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    from index.api import QueryError

    query = " ".join(args.query)
    try:
        tl = ctx.open().timeline(query, args.unit)
    except QueryError as exc:
        raise UsageError(f"query error: {exc}") from exc
    if args.json:
        ctx.print_json({"query": query, "total": tl.total, **tl.to_json()})
        return 0
    from tui.commands.views_render import timeline_text

    ctx.console().print(timeline_text(tl))
    return 0
