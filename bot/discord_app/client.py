"""The bot: a ``discord.Client`` with the slash-command tree, the buttons and the message handler.

Intents are the unprivileged minimum: guilds (to know channels), guild and direct messages
(to hear mentions, DMs and replies). The message-content intent is not needed: Discord
sends the text of exactly the messages the bot answers (see :mod:`bot.discord_app.messages`).
"""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import Iterable
from typing import Any

import discord
from discord import app_commands

from bot.discord_app.articles import ArticleDesk, attach, desk_for
from bot.discord_app.commands import MAX_PASSAGES, add_commands
from bot.discord_app.engine import Engine
from bot.discord_app.errors import GatewayFailing, one_line, report
from bot.discord_app.feedback import FEEDBACK_ITEMS
from bot.discord_app.messages import answer_message
from bot.discord_app.metered import MeteredEngine, MeteredLimiter
from bot.discord_app.ratelimit import Limiter
from bot.discord_app.recovery import FailureWindow, RecoveryPolicy
from bot.discord_app.sync import SYNC_TIMEOUT, SyncFailure, sync_all
from bot.discord_app.views import BUTTONS
from bot.feedback import NoFeedback, Recorder, open_recorder
from bot.metrics import Metrics
from bot.settings import Settings
from index import SearchIndex

log = logging.getLogger(__name__)

DEFAULT_RECOVERY = RecoveryPolicy()
RATE_LIMIT_WAIT = 30.0  # the longest rate limit waited out (discord.py's minimum setting)


def bot_intents() -> discord.Intents:
    """Guilds, guild messages, direct messages; nothing privileged."""
    return discord.Intents(guilds=True, guild_messages=True, dm_messages=True)


class ArticleTree(app_commands.CommandTree[Any]):
    """The command tree, with every command error answered by :func:`report`."""

    async def on_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError, /
    ) -> None:
        await report(interaction, error)


class ArticleBot(discord.Client):
    """articlebot on Discord: answers slash commands, mentions, DMs and replies."""

    def __init__(
        self,
        engine: Engine,
        limiter: Limiter,
        *,
        sync_guilds: Iterable[int] = (),
        sync_timeout: float = SYNC_TIMEOUT,
        recovery: RecoveryPolicy = DEFAULT_RECOVERY,
        feedback: Recorder | None = None,
        **options: Any,
    ) -> None:
        options.setdefault("intents", bot_intents())
        # A reply more than this late is no use: a longer rate limit is raised, not slept out.
        options.setdefault("max_ratelimit_timeout", RATE_LIMIT_WAIT)
        quiet_voice()
        super().__init__(allowed_mentions=discord.AllowedMentions.none(), **options)
        self.engine = engine
        self.limiter = limiter
        self.sync_guilds = tuple(sync_guilds)
        self.sync_timeout = sync_timeout
        self.recovery = recovery
        self.feedback: Recorder = feedback or NoFeedback()
        self.tree = ArticleTree(self)
        self._synced: asyncio.Task[None] | None = None
        add_commands(self.tree)
        self.desk: ArticleDesk | None = None  # adding articles: bot.discord_app.articles.attach

    async def setup_hook(self) -> None:
        # Runs once per process, before the gateway connects, not on every reconnect.
        # Button templates: clicks on messages sent by earlier processes are dispatched too.
        self.add_dynamic_items(*BUTTONS, *FEEDBACK_ITEMS)
        self.engine.warm()
        if self.desk is not None:
            self.desk.watcher.start()  # a live corpus: `articlebot add` needs no restart
        # What is loaded by now (modules, the index's metadata, word lists) lives as long as
        # the process: keep it out of the collector's full passes, whose pauses were the
        # slowest answers (p99 with 10 questions in flight: 40-58 ms, 15 ms without them).
        gc.collect()
        gc.freeze()
        if self.sync_guilds:
            # In the background: a slow or failing registration must not keep the bot from
            # connecting and answering (the commands of the last run stay registered).
            self._synced = asyncio.create_task(self._sync(), name="articlebot-sync")

    async def _sync(self) -> None:
        """Register the commands in each guild; a failure is logged with its cause, no more."""
        try:
            results = await sync_all(self.tree, self.sync_guilds, timeout=self.sync_timeout)
        except Exception:  # sync_all turns failures into results: this would be a bug of ours
            log.exception("registering the commands failed")
            return
        for result in results:
            if isinstance(result, SyncFailure):
                log.error("%s", result, exc_info=result if _debugging() else None)
            else:
                log.info("%s", result.line())

    async def wait_synced(self) -> None:
        """Wait for the start-up registration (if any) to be done, whatever its outcome."""
        if self._synced is not None:
            await asyncio.wait({self._synced})

    async def connect(self, *, reconnect: bool = True) -> None:
        """discord.py's connection loop, started again after an error it does not handle.

        discord.py reconnects after network errors and gateway closes itself; an exception
        raised while it parses an event (a malformed payload) escapes its loop instead. That
        is logged with its traceback, the connection is dropped and made anew (a fresh
        IDENTIFY) after a pause; too many such failures in a short window raise
        :class:`GatewayFailing` (see :mod:`bot.discord_app.recovery`).
        """
        failures = FailureWindow(self.recovery)
        while True:
            try:
                await super().connect(reconnect=reconnect)
                return
            except Exception as exc:
                if self.is_closed():
                    return  # stopped on purpose meanwhile: the error is moot
                if isinstance(exc, discord.DiscordException) or not reconnect:
                    raise
                pause = failures.record()
                if pause is None:
                    log.error("the Discord connection failed on an unexpected error", exc_info=exc)
                    raise GatewayFailing(
                        f"the Discord connection failed {self.recovery.describe()}, last on "
                        f"{one_line(exc)}; stopping for a supervisor to restart the bot"
                    ) from exc
                log.error(
                    "the Discord connection failed on an unexpected error; reconnecting in %.1f s",
                    pause,
                    exc_info=exc,
                )
                await self._drop_connection()
                await asyncio.sleep(pause)

    async def _drop_connection(self) -> None:
        """Close the socket left open by a failure (1000: Discord ends the session)."""
        self.dispatch("disconnect")
        if self.ws is not None:
            try:
                await self.ws.close(code=1000)
            except Exception as exc:  # it may be half-closed already: nothing left to do
                log.debug("closing the failed connection: %s", one_line(exc))

    async def close(self) -> None:
        if self._synced is not None and not self._synced.done():
            self._synced.cancel()
        if self.desk is not None:
            await self.desk.watcher.stop()
        # Feedback first (what is queued is written): nothing may await after discord.py's
        # close, or events it dispatches meanwhile outlive the loop.
        if not isinstance(self.feedback, NoFeedback):
            await asyncio.to_thread(self.feedback.close)
        await super().close()

    async def on_ready(self) -> None:
        log.info(
            "connected as %s; answering from %d article(s)", self.user, len(self.engine.articles)
        )

    async def on_message(self, message: discord.Message) -> None:
        if self.user is not None:
            if self.desk is not None and await self.desk.link_message(message, self.user.id):
                return
            await answer_message(message, self.user.id, self.engine, self.limiter, self.feedback)


def _debugging() -> bool:
    """Whether tracebacks of expected failures are wanted (the log is at DEBUG)."""
    return log.isEnabledFor(logging.DEBUG)


def quiet_voice() -> None:
    """Skip discord.py's warnings about missing voice libraries (PyNaCl, davey): no voice here.

    discord.py logs each once, from the first client made, unless these flags are off.
    """
    discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False


def build_bot(
    settings: Settings,
    index: SearchIndex,
    *,
    bot_class: type[ArticleBot] = ArticleBot,
    metrics: Metrics | None = None,
    **options: Any,
) -> ArticleBot:
    """An :class:`ArticleBot` (or ``bot_class``) over ``index`` configured by ``settings``;
    with ``metrics``, its answers and refusals are counted."""
    # An embed shows at most MAX_PASSAGES passages, whatever the CLI default says.
    engine_options: dict[str, Any] = {
        "top_k": min(settings.top_k, MAX_PASSAGES),
        "ttl_seconds": settings.conversation_ttl_seconds,
        "max_conversations": settings.max_conversations,
    }
    rates = settings.user_cooldown_seconds, settings.max_questions_per_second
    if metrics is None:
        engine, limiter = Engine(index, **engine_options), Limiter(*rates)
    else:
        engine = MeteredEngine(index, metrics=metrics, **engine_options)
        limiter = MeteredLimiter(*rates, metrics=metrics)
    feedback = open_recorder(settings)
    bot = bot_class(
        engine, limiter, sync_guilds=settings.guild_id_list, feedback=feedback, **options
    )
    attach(bot, desk_for(settings, engine))
    return bot


__all__ = [
    "RATE_LIMIT_WAIT",
    "ArticleBot",
    "ArticleTree",
    "bot_intents",
    "build_bot",
    "quiet_voice",
]
