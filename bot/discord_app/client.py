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

from bot.discord_app.commands import MAX_PASSAGES, add_commands
from bot.discord_app.engine import Engine
from bot.discord_app.errors import report
from bot.discord_app.feedback import FEEDBACK_ITEMS
from bot.discord_app.messages import answer_message
from bot.discord_app.ratelimit import Limiter
from bot.discord_app.views import BUTTONS
from bot.feedback import NoFeedback, Recorder, open_recorder
from bot.settings import Settings
from index.searchindex import SearchIndex

log = logging.getLogger(__name__)


def bot_intents() -> discord.Intents:
    """Guilds, guild messages, direct messages; nothing privileged."""
    return discord.Intents(guilds=True, guild_messages=True, dm_messages=True)


class ArticleTree(app_commands.CommandTree[Any]):
    """The command tree, with every command error answered by :func:`report`."""

    async def on_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError, /
    ) -> None:
        await report(interaction, error)


async def sync_commands(
    tree: app_commands.CommandTree[Any], guild_ids: Iterable[int]
) -> dict[int, int]:
    """Register the commands in each guild (instant, unlike global registration).

    Returns how many commands each guild got; a guild that refuses (the bot is not in it, or
    lacks the ``applications.commands`` scope) is logged and skipped.
    """
    counts: dict[int, int] = {}
    for guild_id in guild_ids:
        guild = discord.Object(id=guild_id)
        tree.copy_global_to(guild=guild)
        try:
            counts[guild_id] = len(await tree.sync(guild=guild))
        except discord.HTTPException as exc:
            log.error(
                "could not register commands in guild %s: %s (is the bot invited there "
                "with the applications.commands scope?)",
                guild_id,
                exc,
            )
    return counts


class ArticleBot(discord.Client):
    """articlebot on Discord: answers slash commands, mentions, DMs and replies."""

    def __init__(
        self,
        engine: Engine,
        limiter: Limiter,
        *,
        sync_guilds: Iterable[int] = (),
        feedback: Recorder | None = None,
        **options: Any,
    ) -> None:
        options.setdefault("intents", bot_intents())
        # No voice here: spare the log discord.py's warnings about missing voice libraries.
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        super().__init__(allowed_mentions=discord.AllowedMentions.none(), **options)
        self.engine = engine
        self.limiter = limiter
        self.sync_guilds = tuple(sync_guilds)
        self.feedback: Recorder = feedback or NoFeedback()
        self.tree = ArticleTree(self)
        add_commands(self.tree)

    async def setup_hook(self) -> None:
        # Runs once per process, before the gateway connects, not on every reconnect.
        # Button templates: clicks on messages sent by earlier processes are dispatched too.
        self.add_dynamic_items(*BUTTONS, *FEEDBACK_ITEMS)
        self.engine.warm()
        # What is loaded by now (modules, the index's metadata, word lists) lives as long as
        # the process: keep it out of the collector's full passes, whose pauses were the
        # slowest answers (p99 with 10 questions in flight: 40-58 ms, 15 ms without them).
        gc.collect()
        gc.freeze()
        if self.sync_guilds:
            counts = await sync_commands(self.tree, self.sync_guilds)
            log.info("commands registered in %d guild(s)", len(counts))

    async def close(self) -> None:
        await super().close()
        await asyncio.to_thread(self.feedback.close)  # what is queued is written first

    async def on_ready(self) -> None:
        log.info(
            "connected as %s; answering from %d article(s)", self.user, len(self.engine.articles)
        )

    async def on_message(self, message: discord.Message) -> None:
        if self.user is not None:
            await answer_message(message, self.user.id, self.engine, self.limiter, self.feedback)


def build_bot(settings: Settings, index: SearchIndex, **options: Any) -> ArticleBot:
    """An :class:`ArticleBot` over ``index`` configured by ``settings``."""
    # An embed shows at most MAX_PASSAGES passages, whatever the CLI default says.
    engine = Engine(
        index,
        top_k=min(settings.top_k, MAX_PASSAGES),
        ttl_seconds=settings.conversation_ttl_seconds,
        max_conversations=settings.max_conversations,
    )
    limiter = Limiter(settings.user_cooldown_seconds, settings.max_questions_per_second)
    feedback = open_recorder(settings)
    return ArticleBot(
        engine, limiter, sync_guilds=settings.guild_id_list, feedback=feedback, **options
    )


__all__ = ["ArticleBot", "ArticleTree", "bot_intents", "build_bot", "sync_commands"]
