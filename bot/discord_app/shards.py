"""Running the bot over Discord's shards, with ``/healthz`` and ``/metrics`` beside it.

With no shard setting the bot holds one gateway connection (:class:`ArticleBot`, which
reconnects in-process after an event it cannot read). With ``--shard-count`` (a number or
``auto``: Discord's advice from ``GET /gateway/bot``) it is discord.py's
``AutoShardedClient`` over every shard, or over ``--shard-ids`` only, so several processes
split the guilds (see :mod:`bot.shards` and docs/deployment.md).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import discord

from bot.discord_app.client import ArticleBot
from bot.discord_app.errors import GatewayFailing, one_line
from bot.discord_app.runner import run_until_signalled
from bot.health import health_server
from bot.metrics import Metrics, Probe
from bot.settings import Settings
from bot.shards import check_shards, parse_shard_ids

log = logging.getLogger(__name__)


class ShardedArticleBot(ArticleBot, discord.AutoShardedClient):
    """:class:`ArticleBot` on discord.py's ``AutoShardedClient``.

    discord.py ends every shard when one meets an event it cannot read; that is logged with
    its traceback and raised as :class:`GatewayFailing` (exit 1) for a supervisor to
    restart the process, instead of ending quietly.
    """

    async def connect(self, *, reconnect: bool = True) -> None:
        try:
            await discord.AutoShardedClient.connect(self, reconnect=reconnect)
        except discord.DiscordException:
            raise
        except Exception as exc:
            log.error("a shard's connection failed on an unexpected error", exc_info=exc)
            raise GatewayFailing(
                f"a shard's connection failed on {one_line(exc)}; stopping for a supervisor "
                "to restart the bot"
            ) from exc


def shard_options(settings: Settings) -> tuple[type[ArticleBot], dict[str, Any]]:
    """The bot class and its shard options for ``settings`` (one connection when unset)."""
    ids = parse_shard_ids(settings.shard_ids)
    check_shards(ids, settings.shard_total)
    if not settings.shard_count:
        return ArticleBot, {}
    return ShardedArticleBot, {"shard_count": settings.shard_total, "shard_ids": list(ids) or None}


def gateway_latencies(bot: discord.Client) -> list[tuple[int, float]]:
    """Heartbeat latency of each shard this process runs (shard 0 for one connection)."""
    if isinstance(bot, discord.AutoShardedClient):
        return bot.latencies
    return [(bot.shard_id or 0, bot.latency)] if bot.ws is not None else []


def connected(bot: discord.Client) -> bool:
    """Whether every gateway connection of ``bot`` is up and READY."""
    if not bot.is_ready() or bot.is_closed():
        return False
    if isinstance(bot, discord.AutoShardedClient):
        shards = bot.shards.values()
        return bool(shards) and not any(shard.is_closed() for shard in shards)
    return bot.ws is not None and bot.ws.open


def probe_of(bot: ArticleBot, index_path: Path) -> Probe:
    """What ``/healthz`` and ``/metrics`` read of ``bot``; the index is whatever the engine
    answers from at the moment (a reloaded one included)."""

    def passages() -> int:
        return bot.engine.library.index.n_passages

    return Probe(
        ready=lambda: connected(bot) and passages() > 0,
        latencies=lambda: gateway_latencies(bot),
        passages=passages,
        index_path=index_path,
    )


async def run_serving_health(
    bot: ArticleBot, token: str, settings: Settings, metrics: Metrics
) -> None:
    """:func:`run_until_signalled`, with ``/healthz`` and ``/metrics`` when a port is set."""
    if not settings.health_port:
        await run_until_signalled(bot, token, settings.discord_api_base_url)
        return
    probe = probe_of(bot, settings.index)
    metrics.watch(probe)
    async with health_server(metrics, probe, settings.health_host, settings.health_port):
        await run_until_signalled(bot, token, settings.discord_api_base_url)


__all__ = [
    "ShardedArticleBot",
    "connected",
    "gateway_latencies",
    "probe_of",
    "run_serving_health",
    "shard_options",
]
