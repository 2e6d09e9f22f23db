"""``dossier index``: build or update the index, then print one summary line."""

from __future__ import annotations

import argparse

from tui.commands.context import CommandContext


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("index", help="build or update the corpus's index")
    p.add_argument("--json", action="store_true", help="print the update report as JSON")
    p.add_argument("--rebuild", action="store_true", help="throw the index away and build it anew")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    import shutil

    from tui.commands.context import UsageError
    from tui.commands.progress import run_update

    if not ctx.check_corpus:
        raise UsageError("--no-update cannot be used with 'index', which updates the index")
    if args.rebuild:
        target = ctx.index_dir or ctx.dirs.index_dir_for(ctx.corpus)
        if target.exists():
            shutil.rmtree(target)
    session = ctx.open(update=False)
    report = run_update(session, quiet=ctx.quiet or args.json, summary=not args.json)
    if args.json:
        ctx.print_json(report.to_json())
    elif report.duplicates:
        for group in report.duplicates:
            ctx.warn("duplicates (identical content): " + ", ".join(group))
    return 0
