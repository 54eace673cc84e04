"""Registering the slash commands with Discord, in guilds (instant) or globally.

One path serves ``articlebot sync`` and the start-up sync of ``articlebot run``. Any failure
(an HTTP error, a network error, no answer in time, a reply that is not what Discord sends)
becomes a :class:`SyncFailure`: one line saying what went wrong and what to do about it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any

import aiohttp
import discord
from discord import app_commands

from bot.discord_app.errors import one_line
from index import ArticlebotError

log = logging.getLogger(__name__)

SYNC_TIMEOUT = 60.0  # seconds for one registration, rate-limit waits included
MISSING_ACCESS = 50001
INVALID_FORM_BODY = 50035
INVITE = (
    "invite it with the bot and applications.commands scopes "
    "(Developer Portal → OAuth2 → URL Generator)"
)


class SyncProblem(Enum):
    """Why a registration failed; each has its own advice."""

    NOT_IN_GUILD = "not in guild"
    NO_COMMANDS_SCOPE = "no applications.commands scope"
    MISSING_ACCESS = "missing access"
    INVALID_PAYLOAD = "invalid payload"
    RATE_LIMITED = "rate limited"
    TOKEN_REJECTED = "token rejected"
    SERVER_ERROR = "server error"
    HTTP_ERROR = "http error"
    UNREACHABLE = "unreachable"
    TIMEOUT = "timeout"
    MALFORMED_REPLY = "malformed reply"


class SyncFailure(ArticlebotError):
    """A registration failed; ``problem`` says how, the message what to do."""

    def __init__(self, where: str, problem: SyncProblem, detail: str) -> None:
        super().__init__(f"cannot register the commands {where}: {detail}")
        self.where = where
        self.problem = problem


@dataclass(frozen=True, slots=True)
class Synced:
    """A registration that worked: where, and the command names Discord now holds."""

    where: str
    names: tuple[str, ...]

    def line(self) -> str:
        """What was done, in one line."""
        listed = ", ".join(f"/{name}" for name in self.names)
        later = "; Discord can take up to an hour to show them everywhere"
        return f"registered {len(self.names)} commands {self.where} ({listed})" + (
            later if self.where == "globally" else ""
        )


def _where(guild_id: int | None) -> str:
    return "globally" if guild_id is None else f"in guild {guild_id}"


async def _bot_is_in(client: discord.Client, guild_id: int) -> bool | None:
    """Whether the bot is a member of the guild (None: could not tell)."""
    try:
        await client.fetch_guild(guild_id, with_counts=False)
    except (discord.Forbidden, discord.NotFound):
        return False
    except Exception:  # the probe only refines the advice: any other failure leaves it open
        return None
    return True


async def _explain(
    exc: BaseException, guild_id: int | None, client: discord.Client, timeout: float
) -> tuple[SyncProblem, str]:
    """The problem behind ``exc`` and the advice for it."""
    if isinstance(exc, TimeoutError):
        return SyncProblem.TIMEOUT, f"no answer from Discord within {timeout:g} s; try again later"
    if isinstance(exc, discord.RateLimited):
        return SyncProblem.RATE_LIMITED, (
            "Discord is rate-limiting command registration (it allows 200 command creations "
            f"a day per guild); try again in {exc.retry_after:.0f} s"
        )
    if isinstance(exc, discord.HTTPException):
        return await _explain_http(exc, guild_id, client)
    if isinstance(exc, (aiohttp.ClientError, OSError)):
        return SyncProblem.UNREACHABLE, f"cannot reach Discord ({one_line(exc)})"
    return SyncProblem.MALFORMED_REPLY, (
        f"Discord's reply was not understood ({one_line(exc)}); is DISCORD_API_BASE_URL "
        "a Discord-compatible server?"
    )


async def _explain_http(
    exc: discord.HTTPException, guild_id: int | None, client: discord.Client
) -> tuple[SyncProblem, str]:
    text = " ".join(exc.text.split()) or exc.response.reason or str(exc.status)
    if exc.status == 401:
        return SyncProblem.TOKEN_REJECTED, "Discord rejected DISCORD_TOKEN; reset it and retry"
    if exc.status == 429:
        return SyncProblem.RATE_LIMITED, f"Discord is rate-limiting ({text}); try again later"
    if exc.status == 400 and exc.code == INVALID_FORM_BODY:
        return SyncProblem.INVALID_PAYLOAD, (
            f"Discord refused the command definitions: {text} (a bug in articlebot: "
            "please report it with this line)"
        )
    if exc.status == 403 and exc.code == MISSING_ACCESS and guild_id is not None:
        member = await _bot_is_in(client, guild_id)
        if member is False:
            return SyncProblem.NOT_IN_GUILD, (
                f"the bot is not in guild {guild_id}: {INVITE}, or correct ARTICLEBOT_GUILD_IDS"
            )
        if member is True:
            return SyncProblem.NO_COMMANDS_SCOPE, (
                f"the bot is in guild {guild_id} but was invited without the "
                f"applications.commands scope: {INVITE} again"
            )
    if exc.status == 403:
        return SyncProblem.MISSING_ACCESS, (
            f"Discord refused access ({text}); check the bot's role and permissions there"
        )
    if exc.status >= 500:
        return SyncProblem.SERVER_ERROR, f"Discord had a server error ({exc.status} {text}); retry"
    return SyncProblem.HTTP_ERROR, f"Discord answered {exc.status} {text}"


async def sync_commands(
    tree: app_commands.CommandTree[Any], guild_id: int | None, *, timeout: float = SYNC_TIMEOUT
) -> Synced:
    """Register ``tree``'s commands in one guild (None: globally), or raise SyncFailure."""
    guild = None if guild_id is None else discord.Object(id=guild_id)
    if guild is not None:
        tree.copy_global_to(guild=guild)
    try:
        async with asyncio.timeout(timeout):
            commands = await tree.sync(guild=guild)
        return Synced(_where(guild_id), tuple(c.name for c in commands))
    except Exception as exc:
        problem, detail = await _explain(exc, guild_id, tree.client, timeout)
        raise SyncFailure(_where(guild_id), problem, detail) from exc


async def sync_all(
    tree: app_commands.CommandTree[Any],
    guild_ids: Iterable[int | None],
    *,
    timeout: float = SYNC_TIMEOUT,
) -> list[Synced | SyncFailure]:
    """:func:`sync_commands` for each guild (None: globally); a failure does not stop the rest."""
    results: list[Synced | SyncFailure] = []
    for guild_id in guild_ids:
        try:
            results.append(await sync_commands(tree, guild_id, timeout=timeout))
        except SyncFailure as failure:
            results.append(failure)
    return results


__all__ = ["SYNC_TIMEOUT", "SyncFailure", "SyncProblem", "Synced", "sync_all", "sync_commands"]
