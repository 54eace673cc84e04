"""What handlers get from the client that received an interaction: its engine and limiter."""

from __future__ import annotations

from typing import TypeVar

import discord

from bot.discord_app.engine import Engine
from bot.discord_app.errors import Throttled
from bot.discord_app.ratelimit import Limiter

Part = TypeVar("Part")


def part_of(interaction: discord.Interaction, name: str, kind: type[Part]) -> Part:
    """The ``name`` attribute, a ``kind``, of the bot that received ``interaction``."""
    part = getattr(interaction.client, name, None)
    if not isinstance(part, kind):
        raise TypeError(f"the client has no articlebot {kind.__name__} (is it an ArticleBot?)")
    return part


def engine_of(interaction: discord.Interaction) -> Engine:
    """The engine of the bot that received ``interaction``."""
    return part_of(interaction, "engine", Engine)


def limiter_of(interaction: discord.Interaction) -> Limiter:
    """The rate limiter of the bot that received ``interaction``."""
    return part_of(interaction, "limiter", Limiter)


def question_allowed(interaction: discord.Interaction) -> bool:
    """A command check: count a question, or raise :class:`Throttled` with the wait."""
    wait = limiter_of(interaction).check(interaction.user.id)
    if wait > 0:
        raise Throttled(wait)
    return True


__all__ = ["engine_of", "limiter_of", "part_of", "question_allowed"]
