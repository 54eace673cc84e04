"""Running the bot over Discord's shards, with ``/healthz`` and ``/metrics`` beside it.

``articlebot run`` is discord.py's ``AutoShardedClient`` with the shard count Discord
advises (``GET /gateway/bot``) or ``--shard-count``, over every shard or over
``--shard-ids`` only, so several processes split the guilds (see :mod:`bot.shards` and
docs/deployment.md).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import discord

from bot.discord_app.client import ArticleBot
from bot.discord_app.errors import GatewayFailing, one_line
from bot.discord_app.recovery import FailureWindow
from bot.discord_app.runner import run_until_signalled
from bot.health import health_server
from bot.metrics import Metrics, Probe
from bot.settings import Settings
from bot.shards import check_shards, parse_shard_ids, shard_of
from index import ArticlebotError

log = logging.getLogger(__name__)


class ShardedArticleBot(ArticleBot, discord.AutoShardedClient):
    """:class:`ArticleBot` on discord.py's ``AutoShardedClient``.

    discord.py ends every shard when one meets an event it cannot read (a malformed
    payload). Here the event is logged with its traceback and dropped, and only the shard
    that received it is disconnected and, after the :class:`RecoveryPolicy` pause, connected
    anew (a fresh IDENTIFY); too many such failures in the window stop the bot with
    :class:`GatewayFailing` (exit 1) for a supervisor to restart.
    """

    def __init__(self, *args: Any, **options: Any) -> None:
        super().__init__(*args, **options)
        self._failures = FailureWindow(self.recovery)
        self._failing: GatewayFailing | None = None
        self._recovering: set[asyncio.Task[None]] = set()
        # Every shard's socket reads events through this one dict (``_discord_parsers``).
        parsers = self._connection.parsers
        for event, parse in parsers.items():
            parsers[event] = self._guarded(event, parse)

    def _guarded(self, event: str, parse: Callable[[Any], None]) -> Callable[[Any], None]:
        def guarded(data: Any) -> None:
            try:
                parse(data)
            except Exception as exc:
                self._unreadable(event, data, exc)

        return guarded

    def _unreadable(self, event: str, data: Any, exc: Exception) -> None:
        """A failed parse: reconnect the shard the event came on (by Discord's rule, its
        guild's shard; shard 0 for DMs), or give up."""
        guild = data.get("guild_id") if isinstance(data, dict) else None
        guild_id = int(guild) if isinstance(guild, (str, int)) and str(guild).isdigit() else None
        shard = shard_of(guild_id, self.shard_count or 1)
        pause = self._failures.record()
        if pause is None:
            log.error("a %s event could not be read", event, exc_info=exc)
            self._failing = GatewayFailing(
                f"the Discord connection failed {self.recovery.describe()}, last on "
                f"{one_line(exc)}; stopping for a supervisor to restart the bot"
            )
            self._spawn(self.close())
            return
        log.error(
            "a %s event could not be read; shard %d is reconnecting in %.1f s",
            event,
            shard,
            pause,
            exc_info=exc,
        )
        self._spawn(self._reconnect_shard(shard, pause))

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._recovering.add(task)  # held until done: the loop keeps only weak references
        task.add_done_callback(self._recovering.discard)

    async def _reconnect_shard(self, shard_id: int, pause: float) -> None:
        shard = self.get_shard(shard_id)
        if shard is None:
            return
        await shard.disconnect()
        await asyncio.sleep(pause)
        if not self.is_closed():
            await shard.connect()

    async def connect(self, *, reconnect: bool = True) -> None:
        try:
            await discord.AutoShardedClient.connect(self, reconnect=reconnect)
        except (discord.DiscordException, ArticlebotError):
            raise
        except Exception as exc:
            log.error("a shard's connection failed on an unexpected error", exc_info=exc)
            raise GatewayFailing(
                f"a shard's connection failed on {one_line(exc)}; stopping for a supervisor "
                "to restart the bot"
            ) from exc
        if self._failing is not None:
            raise self._failing

    async def close(self) -> None:
        for task in list(self._recovering):
            if task is not asyncio.current_task():
                task.cancel()
        await super().close()


def shard_options(settings: Settings) -> tuple[type[ArticleBot], dict[str, Any]]:
    """The bot class and its shard options for ``settings``."""
    ids = parse_shard_ids(settings.shard_ids)
    check_shards(ids, settings.shard_total)
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
