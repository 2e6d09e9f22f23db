"""``dossier show ID``: the cleaned article."""

from __future__ import annotations

import argparse

from tui.commands.context import CommandContext, UsageError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("show", help="print one article (cleaned)")
    p.add_argument("id", help="article id (path relative to the corpus, without .txt)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--query", "-q", default="", help="highlight the matches of this query")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    from index.api import QueryError

    dossier = ctx.open()
    article = dossier.article(args.id)
    if article is None:
        raise UsageError(f"no article with id '{args.id}'")
    if args.json:
        ctx.print_json(article.to_json())
        return 0
    from tui.render import article_text

    try:
        spans = dossier.match_spans(article.id, args.query) if args.query else None
    except QueryError as exc:
        raise UsageError(f"query error: {exc}") from exc
    ctx.console().print(article_text(article, spans))
    return 0
