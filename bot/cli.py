"""The ``articlebot`` command: parse arguments, build settings, run a command, map errors.

Each command lives in a ``bot/cli_*.py`` module exposing ``register(subparsers, common)``;
this module only wires them and turns errors into one line on stderr and an exit code:
0 done (an abstention is a done answer), 2 usage or configuration error, 1 anything else.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence
from typing import Any

from index import ArticlebotError, CorpusError, IndexFileError, QueryError, SettingsError

# Modules imported lazily by name so `articlebot ask` does not import discord.py.
COMMAND_MODULES = (
    "bot.cli_index",
    "bot.cli_query",
    "bot.cli_summary",
    "bot.cli_eval",
    "bot.cli_discord",
    "bot.cli_report",
)
EPILOG = """examples:
  articlebot index                          build the index of ./corpus
  articlebot ask "Who is Ali Shamkhani?"    answer a question
  articlebot search "troops Iraq" --explain  ranked passages with term scores
  articlebot chat                           a conversation with follow-ups
  articlebot summary --sentences 3          the gist of the article
  articlebot eval tests/data/seed_questions.jsonl
  articlebot run                            start the Discord bot

exit codes: 0 done, 2 usage or configuration error, 1 any other failure
"""
USAGE_ERRORS = (SettingsError, QueryError, CorpusError, IndexFileError)


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in one line (exit 2) instead of a usage dump."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"articlebot: {message} (see `{self.prog} --help`)\n")


def common_options(defaults: bool = True) -> argparse.ArgumentParser:
    """Options every command accepts, before or after its own arguments.

    Only the top-level parser holds defaults (``defaults=False`` for the commands' copy):
    argparse copies every value a subcommand parser sets over the top-level ones, so a default
    there would silently undo ``articlebot --corpus DIR ask …``.
    """

    def default(value: object) -> object:
        return value if defaults else argparse.SUPPRESS

    p = argparse.ArgumentParser(add_help=False)
    g = p.add_argument_group("common options")
    g.add_argument(
        "--corpus",
        metavar="DIR",
        default=default(None),
        help="folder of article .txt files (default: corpus)",
    )
    g.add_argument(
        "--index",
        metavar="PATH",
        default=default(None),
        help="index file (default: .index/articlebot.idx)",
    )
    g.add_argument(
        "--env-file", metavar="PATH", default=default(".env"), help="settings file (default: .env)"
    )
    g.add_argument(
        "--debug",
        action="store_true",
        default=default(False),
        help="show tracebacks and debug logs",
    )
    return p


def add_command(
    sub: Any, common: argparse.ArgumentParser, name: str, summary: str, description: str
) -> argparse.ArgumentParser:
    """A subcommand with the common options; its description (with examples) kept as written."""
    parser: argparse.ArgumentParser = sub.add_parser(
        name,
        parents=[common],
        help=summary,
        description=description,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    return parser


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser with every command registered."""
    common = common_options(defaults=False)
    parser = _Parser(
        prog="articlebot",
        description="Question answering over news articles.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common_options()],
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        module.register(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except USAGE_ERRORS as exc:
        if args.debug:
            raise
        print(f"articlebot: {exc}", file=sys.stderr)
        return 2
    except ArticlebotError as exc:
        if args.debug:
            raise
        print(f"articlebot: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:
        if args.debug:
            raise
        logging.getLogger(__name__).debug("unexpected error", exc_info=True)
        print(
            f"articlebot: unexpected error: {type(exc).__name__}: {exc} (rerun with --debug)",
            file=sys.stderr,
        )
        return 1


__all__ = ["EPILOG", "add_command", "build_parser", "common_options", "main"]
