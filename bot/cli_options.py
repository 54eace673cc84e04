"""What every ``articlebot`` command shares: its options, the int-range type, the parser class.

Command modules (``bot/cli_*.py``) build their parsers with :func:`add_command` and import
from here, never from ``bot.cli``. Of the core only the limits are read here (``index.limits``
is light), so ``articlebot --help`` loads no numpy.

The shared options are accepted before or after the command (``articlebot --k 1 ask x`` and
``articlebot ask x --k 1``): the top-level parser knows them all, each command's parser the
ones it uses, and :func:`check_applies` refuses one given to a command that has no use for it.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from index import MAX_K

Subcommands = Any  # argparse's _SubParsersAction, private in typeshed's view


class CommandParser(argparse.ArgumentParser):
    """argparse that reports usage errors in one line (exit 2) instead of a usage dump."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"articlebot: {message} (see `{self.prog} --help`)\n")


def int_range(flag: str, low: int, high: int) -> Callable[[str], int]:
    """argparse ``type``: a whole number from ``low`` to ``high``, else a one-line usage error."""

    def parse(text: str) -> int:
        try:
            n = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{flag} must be a whole number, got {text!r}"
            ) from None
        if not low <= n <= high:
            raise argparse.ArgumentTypeError(f"{flag} must be {low}-{high}, got {n}")
        return n

    parse.__name__ = flag
    return parse


@dataclass(frozen=True, slots=True)
class Option:
    """One shared option: its flag, help, value when absent, and (unless a switch) its type."""

    flag: str
    help: str
    metavar: str | None = None
    type: Callable[[str], Any] | None = None
    default: Any = None
    switch: bool = False

    @property
    def dest(self) -> str:
        """The attribute the value lands in (``--env-file`` → ``env_file``)."""
        return self.flag.removeprefix("--").replace("-", "_")

    def with_help(self, text: str) -> Option:
        """The same option described for one command (``eval``'s ``--k`` ranks 10 by default)."""
        return replace(self, help=text)

    def add_to(self, parser: argparse._ActionsContainer, top_level: bool) -> None:
        """Add it; only the top level holds the default (argparse copies every value a
        command's parser sets over the top-level one, so a default there would undo
        ``articlebot --corpus DIR ask …``)."""
        keywords: dict[str, Any] = {
            "help": self.help,
            "default": self.default if top_level else argparse.SUPPRESS,
        }
        if self.switch:
            keywords["action"] = "store_true"
        else:
            keywords.update(metavar=self.metavar, type=self.type)
        parser.add_argument(self.flag, **keywords)


CORPUS = Option("--corpus", "folder of article .txt files (default: corpus)", "DIR")
INDEX = Option("--index", "index file (default: .index/articlebot.idx)", "PATH")
ENV_FILE = Option(
    "--env-file", "settings file, which must exist (default: .env if present)", "PATH"
)
DEBUG = Option(
    "--debug", "debug logs; a traceback after an error's line", default=False, switch=True
)
K = Option(
    "--k",
    "how many passages (default: ARTICLEBOT_TOP_K, 3)",
    "N",
    int_range("--k", 1, MAX_K),
)
ARTICLE = Option("--article", "only this article (id or title prefix)", "ID")
JSON = Option("--json", "print JSON (the contract in docs/json.md)", default=False, switch=True)

EVERY_COMMAND = (CORPUS, INDEX, ENV_FILE, DEBUG)
"""Options every command takes."""
SHARED = (*EVERY_COMMAND, K, ARTICLE, JSON)
"""Every shared option: the top-level parser takes them all, a command those it uses."""


def add_shared(parser: argparse.ArgumentParser) -> None:
    """Give the top-level parser every shared option, with its default."""
    group = parser.add_argument_group(
        "common options (before or after the command; --k, --article and --json for the "
        "commands that take them)"
    )
    for option in SHARED:
        option.add_to(group, top_level=True)


def add_command(
    sub: Subcommands,
    name: str,
    summary: str,
    description: str,
    options: Sequence[Option] = (),
) -> argparse.ArgumentParser:
    """A command's parser: its description (with examples) kept as written, the options every
    command takes, and the shared ``options`` it uses (``K``, ``ARTICLE``, ``JSON``)."""
    parser: argparse.ArgumentParser = sub.add_parser(
        name,
        help=summary,
        description=description,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    for option in options:
        option.add_to(parser, top_level=False)
    group = parser.add_argument_group("common options")
    for option in EVERY_COMMAND:
        option.add_to(group, top_level=False)
    parser.set_defaults(accepts=frozenset(o.dest for o in (*EVERY_COMMAND, *options)))
    return parser


def check_applies(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """A usage error when a shared option was given to a command that does not use it."""
    accepts: frozenset[str] = getattr(args, "accepts", frozenset())
    for option in SHARED:
        if option.dest not in accepts and getattr(args, option.dest) != option.default:
            parser.error(f"{option.flag} does not apply to `{args.command}`")


__all__ = [
    "ARTICLE",
    "CORPUS",
    "DEBUG",
    "ENV_FILE",
    "EVERY_COMMAND",
    "INDEX",
    "JSON",
    "SHARED",
    "CommandParser",
    "K",
    "Option",
    "Subcommands",
    "add_command",
    "add_shared",
    "check_applies",
    "int_range",
]
