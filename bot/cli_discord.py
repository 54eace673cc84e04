"""``articlebot run`` (the Discord bot) and ``articlebot sync`` (slash-command registration).

discord.py is imported only when one of these commands runs, so the other commands start
without it.
"""

from __future__ import annotations

import argparse
import logging
import sys
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from bot.cli_options import Subcommands, add_command
from bot.context import open_for, settings_from
from bot.failure import report
from bot.run_options import add_scale_options, with_scale_options
from index import SettingsError

if TYPE_CHECKING:
    from bot.settings import Settings
    from index import SearchIndex

RUN_HELP = """Start the Discord bot: slash commands (/ask, /summary, /search, /source, /help),
questions by mention, DM or reply. Settings come from the environment and .env (the
environment wins): DISCORD_TOKEN (required), ARTICLEBOT_GUILD_IDS (commands are registered in
these guilds at start, instantly), ARTICLEBOT_CORPUS, ARTICLEBOT_INDEX, ARTICLEBOT_TOP_K,
ARTICLEBOT_USER_COOLDOWN_SECONDS, ARTICLEBOT_MAX_QUESTIONS_PER_SECOND,
ARTICLEBOT_CONVERSATION_TTL_SECONDS; see .env.example. Stop it with Ctrl-C or SIGTERM.
Scaling out (docs/deployment.md): --shard-count and --shard-ids split the guilds between
processes; --processes N forks N processes from this one, splitting the shards and sharing
its memory; --health-port serves /healthz and /metrics.

examples:
  articlebot run
  DISCORD_TOKEN=... ARTICLEBOT_GUILD_IDS=123456789012345678 articlebot run
  articlebot run --shard-count 16 --shard-ids 0-3 --health-port 9100
  articlebot run --shard-count 4 --processes 2 --health-port 9100
"""
SYNC_HELP = """Register the slash commands with Discord: in the guilds of ARTICLEBOT_GUILD_IDS
(instant), or with --global everywhere the bot is invited (Discord may take up to an hour).
Needed once, and again whenever the commands change; `run` registers guild commands itself.

examples:
  articlebot sync
  articlebot sync --global
"""


def register(sub: Subcommands) -> None:
    """Add the commands to the CLI."""
    run = add_command(sub, "run", "start the Discord bot", RUN_HELP)
    add_scale_options(run)
    run.set_defaults(func=run_bot)
    sync = add_command(sub, "sync", "register the slash commands", SYNC_HELP)
    sync.add_argument(
        "--global",
        dest="globally",
        action="store_true",
        help="register globally instead of in ARTICLEBOT_GUILD_IDS",
    )
    sync.set_defaults(func=sync_commands)


def _configure_logging(level: str, debug: bool, token: str, json_logs: bool = False) -> None:
    """Our loggers at ``level``; discord.py's only from WARNING unless debugging (its INFO
    lines repeat what ours say); the token redacted from every record."""
    from bot.discord_app.runner import redact_logs

    ours = logging.DEBUG if debug else logging.getLevelNamesMapping()[level]
    logging.getLogger().setLevel(ours)
    logging.getLogger("discord").setLevel(ours if debug else max(ours, logging.WARNING))
    if json_logs:
        from bot.logs import use_json_logs

        use_json_logs()
    redact_logs(token)


def run_bot(args: argparse.Namespace) -> int:
    """Start the bot and run until stopped (``--processes N``: in N forked processes)."""
    from bot.discord_app.runner import check_token, check_urls
    from bot.discord_app.shards import shard_options

    settings = with_scale_options(settings_from(args), args)
    token = check_token(settings.discord_token)
    check_urls(settings.discord_api_base_url, settings.discord_gateway_url)
    bot_class, shards = shard_options(settings)
    processes = getattr(args, "processes", 1)
    groups = _groups(settings, shards, processes) if processes > 1 else []
    _configure_logging(settings.log_level, args.debug, token, settings.log_format == "json")
    index = open_for(settings).index
    if not groups:
        return _serve(settings, token, index, bot_class, shards)

    from bot.discord_app import Engine
    from bot.discord_app.forked import run_forked

    Engine(index).warm()  # the stemmer and word lists, loaded once for every child

    def child(number: int, group: tuple[int, ...]) -> int:
        port = settings.health_port + number if settings.health_port else 0
        own = replace(settings, shard_ids=",".join(map(str, group)), health_port=port)
        try:
            return _serve(own, token, index, bot_class, {**shards, "shard_ids": list(group)})
        except KeyboardInterrupt:
            return 130
        except Exception as exc:
            return report(exc, args.debug, where=f"shards {','.join(map(str, group))}: ")

    return run_forked(groups, child)


def _serve(
    settings: Settings, token: str, index: SearchIndex, bot_class: type, shards: dict[str, Any]
) -> int:
    """One bot over ``index`` on ``shards`` until stopped."""
    import asyncio

    from bot.discord_app.client import build_bot
    from bot.discord_app.runner import pointed_at
    from bot.discord_app.shards import run_serving_health
    from bot.metrics import Metrics

    metrics = Metrics()
    bot = build_bot(settings, index, bot_class=bot_class, metrics=metrics, **shards)
    with pointed_at(settings.discord_api_base_url, settings.discord_gateway_url):
        asyncio.run(run_serving_health(bot, token, settings, metrics))
    return 0


def _groups(settings: Settings, shards: dict[str, Any], processes: int) -> list[tuple[int, ...]]:
    """The shards of each of ``processes`` forked processes; SettingsError if they cannot
    be split."""
    from bot.discord_app.forked import shard_groups

    count = shards["shard_count"]
    if count is None:
        raise SettingsError(
            "--processes needs --shard-count N (ARTICLEBOT_SHARD_COUNT): the processes "
            "split the shards between them"
        )
    ids = shards["shard_ids"] or list(range(count))
    if processes > len(ids):
        raise SettingsError(f"--processes {processes} is more than the {len(ids)} shard(s) to run")
    if settings.health_port and settings.health_port + processes - 1 > 65_535:
        raise SettingsError(f"health ports {settings.health_port}+{processes - 1} exceed 65535")
    return shard_groups(ids, processes)


def sync_commands(args: argparse.Namespace) -> int:
    """Register the slash commands and say where."""
    import asyncio

    from bot.discord_app.runner import check_token, check_urls, pointed_at, sync_tree
    from bot.discord_app.sync import Synced, SyncFailure

    settings = settings_from(args)
    token = check_token(settings.discord_token)
    check_urls(settings.discord_api_base_url, settings.discord_gateway_url)
    if not args.globally and not settings.guild_id_list:
        raise SettingsError(
            "no guild to register the commands in: set ARTICLEBOT_GUILD_IDS, or pass --global"
        )
    _configure_logging(settings.log_level, args.debug, token)
    with pointed_at(settings.discord_api_base_url, settings.discord_gateway_url):
        results = asyncio.run(sync_tree(token, settings.guild_id_list, args.globally))
    failures = [r for r in results if isinstance(r, SyncFailure)]
    for result in results:
        if isinstance(result, Synced):
            print(f"articlebot: {result.line()}")
    for failure in failures[:-1]:  # the last is raised: one line on stderr too, and exit 1
        print(f"articlebot: {failure}", file=sys.stderr)
    if failures:
        raise failures[-1]
    return 0


__all__ = ["register", "run_bot", "sync_commands"]
