"""Errors of the Discord front end, and the one place that turns any failure into a reply.

    ArticlebotError                  (index.errors) base of every deliberate error
    ├── QueryError                   a question or option is unusable: told to the asker as is
    └── FrontEndError                raised by the Discord front end on purpose
        ├── Throttled                the asker (or everyone) is asking too fast; has retry_after
        ├── StaleButton              a button whose custom_id this index cannot serve
        └── GatewayFailing           the connection kept failing: the bot stops (exit 1)

:func:`report` is called by the command tree's ``on_error`` and by every button callback, and
:func:`explain` (which it uses) by the message handler: expected errors become a short
explanation (ephemeral for an interaction), anything else a generic apology, with the details
(never the token) in the log.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Awaitable, Callable

import discord
from discord import app_commands

from bot.discord_app.limits import MESSAGE_CONTENT
from bot.discord_app.markdown import fit
from bot.discord_app.replies import respond
from index import ArticlebotError, QueryError

log = logging.getLogger(__name__)

UNEXPECTED = "Sorry, something went wrong on my side. It has been logged; please try again."
STALE = (
    "That button belongs to an answer I can no longer look up (the articles have changed "
    "since). Please ask again."
)


class FrontEndError(ArticlebotError):
    """Base of the errors the Discord front end raises on purpose."""


class Throttled(FrontEndError, app_commands.CheckFailure):
    """The asker, or the bot as a whole, is over its question rate; ``retry_after`` seconds."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"asked too quickly; retry after {retry_after:.1f}s")
        self.retry_after = retry_after


class StaleButton(FrontEndError):
    """A button's custom_id cannot be served by this index (old format or another corpus)."""


class GatewayFailing(FrontEndError):
    """The gateway connection failed too often in a short window; a supervisor should restart."""


def wait_message(seconds: float) -> str:
    """The friendly "try again in N s"."""
    wait = max(1, math.ceil(seconds))
    return f"You're asking faster than I can keep up — please try again in {wait} s."


def describe(error: BaseException) -> tuple[str, bool]:
    """The reply for ``error`` and whether it was expected (expected ones are not bugs)."""
    while isinstance(error, (app_commands.CommandInvokeError, app_commands.TransformerError)):
        if isinstance(error, app_commands.TransformerError):
            return "I couldn't read one of the options; please check it and try again.", True
        error = error.original
    if isinstance(error, Throttled):
        return wait_message(error.retry_after), True
    if isinstance(error, StaleButton):
        return STALE, True
    if isinstance(error, QueryError):
        text = str(error)
        return fit(text[:1].upper() + text[1:], MESSAGE_CONTENT - 10), True
    if isinstance(error, app_commands.CommandNotFound):
        return "I don't know that command any more; it may take a minute to disappear.", True
    if isinstance(error, app_commands.CheckFailure):
        return "You can't use that command here.", True
    return UNEXPECTED, False


def log_error(error: BaseException, where: str) -> None:
    """Log ``error``: one line when expected, a traceback when it is a bug."""
    reply, expected = describe(error)
    if expected:
        log.info("%s: %s", where, reply)
    else:
        cause = getattr(error, "original", error)
        log.error("%s failed", where, exc_info=(type(cause), cause, cause.__traceback__))


def one_line(exc: BaseException) -> str:
    """``exc`` in one line, with its type (a bare ``ServerDisconnectedError`` says little)."""
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


UNKNOWN_INTERACTION = 10062


def _unknown_interaction(error: BaseException) -> bool:
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, discord.HTTPException) and seen.code == UNKNOWN_INTERACTION:
            return True
        seen = seen.__cause__ or seen.__context__
    return False


async def explain(
    error: BaseException, where: str, send: Callable[[str], Awaitable[object]]
) -> None:
    """Log ``error`` as a failure of ``where``, then ``send`` the asker its explanation.

    A failure to send is left to the caller, who knows what was lost.
    """
    log_error(error, where)
    await send(describe(error)[0])


async def report(interaction: discord.Interaction, error: BaseException) -> None:
    """Answer ``interaction`` with a short ephemeral explanation of ``error`` and log it.

    Nothing escapes: if the explanation cannot be sent either (the 3-second window gone, the
    connection dropped), that is logged once, here, not left to a task nobody awaits.
    """
    name = interaction.command.qualified_name if interaction.command else "interaction"
    custom_id = (interaction.data or {}).get("custom_id") if interaction.data else None

    async def send(reply: str) -> None:
        if _unknown_interaction(error):
            return  # Discord forgot the interaction (the 3-second window passed): no one to tell
        try:
            await respond(interaction, content=reply, ephemeral=True)
        except Exception as exc:
            log.warning("could not report an error to the user: %s", one_line(exc))

    await explain(error, f"/{name}" if interaction.command else f"button {custom_id!s}", send)


__all__ = [
    "FrontEndError",
    "GatewayFailing",
    "StaleButton",
    "Throttled",
    "describe",
    "explain",
    "log_error",
    "one_line",
    "report",
    "wait_message",
]
