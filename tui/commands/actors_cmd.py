"""``dossier actors``: the corpus's actors; ``dossier actors merge|rename|ignore|undo``."""

from __future__ import annotations

import argparse

from tui.commands.context import CommandContext


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("actors", help="the actors (people, governments, organisations, media)")
    p.add_argument("--doc", metavar="ID", help="only this article's actors")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=run, actors_action=None)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    dossier = ctx.open()
    actors = dossier.actors()
    ctx.print_json(actors.to_json(args.doc))
    return 0
