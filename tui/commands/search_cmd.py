"""``dossier search QUERY``: ranked hits as a table, or JSON for programs."""

from __future__ import annotations

import argparse

from tui.commands.context import CommandContext, UsageError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("search", help="search the corpus (Whoosh query syntax)")
    p.add_argument(
        "query", nargs="*", help='the query, e.g. \'"Article 4"\' or actor:"Kim Jong-un"'
    )
    p.add_argument("--limit", type=int, default=10, help="how many hits to show (default 10)")
    p.add_argument("--sort", choices=["relevance", "date", "oldest"], default="relevance")
    p.add_argument(
        "--prefix",
        action="store_true",
        help="the last word matches every word starting with it, as while typing",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument(
        "--facets",
        action="store_true",
        help='also count ALL hits by month, source and actor (JSON: "facets")',
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    from index.api import QueryError

    if args.limit < 0:
        raise UsageError("--limit must be 0 or more")
    query = " ".join(args.query)
    dossier = ctx.open()
    try:
        result = dossier.search(query, limit=args.limit, sort=args.sort, prefix=args.prefix)
        facets = dossier.facets(query) if args.facets else None
    except QueryError as exc:
        raise UsageError(f"query error: {exc}") from exc
    if args.json:
        data = result.to_json()
        if facets is not None:
            data["facets"] = facets.to_json()
        ctx.print_json(data)
        return 0
    from tui.render import hits_table

    console = ctx.console()
    console.print(hits_table(result))
    if result.total == 0 and result.suggestion:
        console.print(f"Did you mean: {result.suggestion}")
    if facets is not None:
        from tui.commands.views_render import facet_tables

        for table in facet_tables(facets, limit=20):
            console.print(table)
    return 0
