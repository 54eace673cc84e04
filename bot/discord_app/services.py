"""What handlers get from the client that received an interaction: its engine and limiter."""

from __future__ import annotations

import discord

from bot.discord_app.engine import Engine
from bot.discord_app.errors import Throttled
from bot.discord_app.ratelimit import Limiter


def engine_of(interaction: discord.Interaction) -> Engine:
    """The engine of the bot that received ``interaction``."""
    engine = getattr(interaction.client, "engine", None)
    if not isinstance(engine, Engine):
        raise TypeError("the client has no articlebot Engine (is it an ArticleBot?)")
    return engine


def limiter_of(interaction: discord.Interaction) -> Limiter:
    """The rate limiter of the bot that received ``interaction``."""
    limiter = getattr(interaction.client, "limiter", None)
    if not isinstance(limiter, Limiter):
        raise TypeError("the client has no articlebot Limiter (is it an ArticleBot?)")
    return limiter


def question_allowed(interaction: discord.Interaction) -> bool:
    """A command check: count a question, or raise :class:`Throttled` with the wait."""
    wait = limiter_of(interaction).check(interaction.user.id)
    if wait > 0:
        raise Throttled(wait)
    return True


__all__ = ["engine_of", "limiter_of", "question_allowed"]
