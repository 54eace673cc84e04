"""The ``articlebot`` command: parse arguments, build settings, run a command, map errors.

Each command lives in a ``bot/cli_*.py`` module exposing ``register(subparsers)``, built with
``bot.cli_options``; to add one, import its module here and list it in ``COMMAND_MODULES``.
Errors become one line on stderr and an exit code: 0 done (an abstention is a done answer),
2 usage or configuration error, 1 anything else. ``--debug`` prints the traceback after the
line and keeps the code.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from bot import (
    cli_articles,
    cli_discord,
    cli_eval,
    cli_index,
    cli_query,
    cli_report,
    cli_summary,
)
from bot.cli_options import CommandParser, add_shared, check_applies
from bot.failure import report

# The command modules import the core (and discord.py) inside their functions only, so
# importing them all costs little and `articlebot --help` loads no numpy.
COMMAND_MODULES = (
    cli_index,
    cli_articles,
    cli_query,
    cli_summary,
    cli_eval,
    cli_discord,
    cli_report,
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


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser with every command registered."""
    parser = CommandParser(
        prog="articlebot",
        description="Question answering over news articles.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_shared(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=CommandParser)
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    # numpy's OpenBLAS starts a thread per core when numpy is imported, and each spins for a
    # while before it sleeps: on two busy cores that slows a cold `ask` by 50-80 ms, for
    # linear algebra articlebot never does at a size where threads help (docs/performance.md,
    # "Start-up"). One thread, unless the user chose a number.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    parser = build_parser()
    args = parser.parse_args(argv)
    check_applies(parser, args)
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
    except Exception as exc:
        return report(exc, args.debug, hint="" if args.debug else " (rerun with --debug)")


__all__ = ["COMMAND_MODULES", "EPILOG", "build_parser", "main"]
