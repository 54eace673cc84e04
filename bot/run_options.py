"""``articlebot run``'s scaling options: shards and the health port, over their settings."""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import TYPE_CHECKING

from bot.shards import MAX_SHARDS, parse_shard_ids

if TYPE_CHECKING:  # pydantic is loaded when a command runs, not for --help
    from bot.settings import Settings


def _shard_ids(text: str) -> str:
    try:
        parse_shard_ids(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def _shard_count(text: str) -> str:
    value = text.strip().lower()
    if value != "auto" and not (value.isdigit() and 1 <= int(value) <= MAX_SHARDS):
        raise argparse.ArgumentTypeError(f"must be auto or 1-{MAX_SHARDS}, got {text!r}")
    return value


def _port(text: str) -> int:
    if not text.isdigit() or not 0 <= int(text) <= 65_535:
        raise argparse.ArgumentTypeError(f"must be a port 0-65535, got {text!r}")
    return int(text)


MAX_PROCESSES = 64


def _processes(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= MAX_PROCESSES:
        raise argparse.ArgumentTypeError(f"must be 1-{MAX_PROCESSES}, got {text!r}")
    return int(text)


def add_scale_options(parser: argparse.ArgumentParser) -> None:
    """``--shard-count``, ``--shard-ids``, ``--health-port`` and ``--processes``."""
    parser.add_argument(
        "--shard-count",
        type=_shard_count,
        metavar="N|auto",
        help="run on Discord's shards: N in all, or auto (Discord's advice); "
        "ARTICLEBOT_SHARD_COUNT",
    )
    parser.add_argument(
        "--shard-ids",
        type=_shard_ids,
        metavar="IDS",
        help="the shards this process runs, such as 0-3 or 0,2 (needs --shard-count); "
        "ARTICLEBOT_SHARD_IDS",
    )
    parser.add_argument(
        "--health-port",
        type=_port,
        metavar="PORT",
        help="serve /healthz and /metrics on ARTICLEBOT_HEALTH_HOST:PORT (0: off); "
        "ARTICLEBOT_HEALTH_PORT",
    )
    parser.add_argument(
        "--processes",
        type=_processes,
        default=1,
        metavar="N",
        help="fork N processes from this one, splitting the shards between them and "
        "sharing its memory (needs --shard-count; health ports PORT, PORT+1, …)",
    )


def with_scale_options(settings: Settings, args: argparse.Namespace) -> Settings:
    """``settings`` with the options given on the command line (already checked) on top."""
    given = {
        "shard_count": getattr(args, "shard_count", None),
        "shard_ids": getattr(args, "shard_ids", None),
        "health_port": getattr(args, "health_port", None),
    }
    return replace(settings, **{k: v for k, v in given.items() if v is not None})


__all__ = ["add_scale_options", "with_scale_options"]
