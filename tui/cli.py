"""The ``dossier`` command. Imports Textual only to open the app."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from tui.commands import (
    actors_cmd,
    bookmarks,
    index_cmd,
    saved_cmd,
    search_cmd,
    show_cmd,
    timeline_cmd,
)
from tui.commands.context import CommandContext, CommandFailed, UsageError

COMMAND_MODULES = [
    index_cmd,
    search_cmd,
    show_cmd,
    actors_cmd,
    bookmarks,
    saved_cmd,
    timeline_cmd,
]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2
        raise UsageError(message)


def _add_common(p: argparse.ArgumentParser, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    p.add_argument(
        "--corpus",
        type=Path,
        default=default,
        metavar="DIR",
        help="the folder of *.txt articles (env DOSSIER_CORPUS; default: the bundled samples)",
    )
    p.add_argument(
        "--index", type=Path, default=default, metavar="DIR", help="where to keep the index"
    )
    p.add_argument(
        "--quiet",
        action="store_true",
        default=default if suppress else False,
        help="no progress bar or notices on stderr",
    )
    p.add_argument(
        "--no-update",
        action="store_true",
        default=default if suppress else False,
        help="use the index as it is: do not check the corpus for changed files"
        " (an index never built is still built)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="dossier",
        description="A keyboard-driven terminal reader for news archives."
        " `dossier FOLDER` opens the app on a folder of articles.",
    )
    _add_common(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in COMMAND_MODULES:
        module.register(sub)
    for p in sub.choices.values():
        _add_common(p, suppress=True)
        _suppress_nested(p)
    return parser


def _suppress_nested(p: argparse.ArgumentParser) -> None:
    for action in p._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                _add_common(child, suppress=True)


def _context(args: argparse.Namespace) -> CommandContext:
    from index.api import DossierDirs, bundled_seeds

    corpus = args.corpus or (
        Path(os.environ["DOSSIER_CORPUS"]) if os.environ.get("DOSSIER_CORPUS") else None
    )
    if corpus is None:
        corpus = bundled_seeds()
    corpus = corpus.expanduser().resolve()
    if not corpus.is_dir():
        raise UsageError(f"corpus folder not found: {corpus}")
    return CommandContext(
        dirs=DossierDirs.from_env(),
        corpus=corpus,
        index_dir=args.index,
        quiet=args.quiet,
        check_corpus=not args.no_update,
    )


def folder_as_corpus(argv: list[str], commands: set[str]) -> list[str]:
    """``dossier ~/news`` opens that folder: a first word that is no command but an
    existing folder is read as ``--corpus FOLDER`` (as ``vim DIR`` or ``less FILE``)."""
    i = 0
    while i < len(argv) and argv[i].startswith("-"):
        i += 2 if argv[i] in ("--corpus", "--index") else 1  # their value follows them
    if i < len(argv) and argv[i] not in commands:
        word = argv[i]
        if Path(word).expanduser().is_dir():
            return [*argv[:i], "--corpus", word, *argv[i + 1 :]]
        if "/" in word or word.startswith(("~", ".")):  # meant as a folder
            raise UsageError(f"corpus folder not found: {word}")
    return argv


def main(argv: list[str] | None = None) -> int:
    try:
        parser = build_parser()
        commands = {n for a in parser._actions if a.dest == "command" for n in a.choices}
        args = parser.parse_args(folder_as_corpus(sys.argv[1:] if argv is None else argv, commands))
        ctx = _context(args)
        if args.command is None:
            return _open_app(ctx)
        try:
            return int(args.handler(args, ctx) or 0)
        finally:
            ctx.close()
    except UsageError as exc:
        _error(str(exc))
        return 2
    except CommandFailed as exc:
        _error(str(exc))
        return 1
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 0
    except Exception as exc:
        from index.api import CorpusMissing, IndexBusy

        if isinstance(exc, IndexBusy | CorpusMissing):
            _error(str(exc))
            return 1
        if os.environ.get("DOSSIER_DEBUG"):
            raise
        _error(f"unexpected error: {type(exc).__name__}: {exc} (set DOSSIER_DEBUG=1 for details)")
        return 1


def _error(message: str) -> None:
    from index.api import safe_line

    sys.stderr.write(f"dossier: {safe_line(message)}\n")


def _open_app(ctx: CommandContext) -> int:
    try:
        from tui.app import run_app
    except ImportError:
        build_parser().print_help()
        return 0
    return run_app(ctx)


if __name__ == "__main__":
    sys.exit(main())
