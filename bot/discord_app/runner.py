"""Running the bot: token and URL checks, pointing discord.py at a server, signals, sync.

Checks come first and need no network: a missing or malformed token is a
:class:`~index.errors.SettingsError` (the CLI's exit 2) before any connection is tried. A token
Discord rejects is an :class:`~index.errors.ArticlebotError` (exit 1). SIGTERM and Ctrl-C close
the gateway connection cleanly and return.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import signal
from collections.abc import Iterator

import aiohttp
import discord
import yarl
from discord import app_commands
from discord.gateway import DiscordWebSocket
from pydantic import SecretStr

from bot.discord_app.articles import group as article_commands
from bot.discord_app.client import RATE_LIMIT_WAIT, bot_intents, quiet_voice
from bot.discord_app.commands import add_commands
from bot.discord_app.errors import one_line
from bot.discord_app.sync import Synced, SyncFailure, sync_all
from index import ArticlebotError, SettingsError

log = logging.getLogger(__name__)

# A bot token is three base64url parts: the bot's id, a timestamp, an HMAC.
_TOKEN = re.compile(r"[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}")
CLOSE_SECONDS = 5.0
PORTAL = "https://discord.com/developers/applications"


def check_token(secret: SecretStr | None) -> str:
    """The token, or a :class:`SettingsError` saying what is wrong (never what it is)."""
    token = secret.get_secret_value().strip() if secret is not None else ""
    if not token:
        raise SettingsError(
            f"DISCORD_TOKEN is not set: copy your bot's token from {PORTAL} "
            "(Bot → Reset Token) into .env or the environment"
        )
    if token.startswith("Bot "):
        raise SettingsError("DISCORD_TOKEN must be the token alone, without the 'Bot ' prefix")
    if not _TOKEN.fullmatch(token):
        raise SettingsError(
            "DISCORD_TOKEN is malformed: a bot token is three parts separated "
            f"by dots; copy it again from {PORTAL} (Bot → Reset Token)"
        )
    return token


def check_urls(api_base: str, gateway: str) -> None:
    """Raise :class:`SettingsError` unless the REST base is http(s) and the gateway ws(s)."""
    if yarl.URL(api_base).scheme not in ("http", "https") or not yarl.URL(api_base).host:
        raise SettingsError(f"DISCORD_API_BASE_URL must be an http(s) URL, got {api_base!r}")
    if yarl.URL(gateway).scheme not in ("ws", "wss") or not yarl.URL(gateway).host:
        raise SettingsError(f"DISCORD_GATEWAY_URL must be a ws(s) URL, got {gateway!r}")


@contextlib.contextmanager
def pointed_at(api_base: str, gateway: str) -> Iterator[None]:
    """Point discord.py at a Discord-compatible server for the duration.

    REST: every route is built on ``discord.http.Route.BASE``. Gateway: a non-sharded client
    connects to ``DiscordWebSocket.DEFAULT_GATEWAY`` (it asks ``GET /gateway/bot`` only when
    sharded) and returns to it after an invalidated session; RESUME goes to the READY
    payload's ``resume_gateway_url``, which the server chooses.
    """
    old = discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    discord.http.Route.BASE = api_base.rstrip("/")
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway)
    try:
        yield
    finally:
        discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = old


class RedactToken(logging.Filter):
    """Replaces the token in any log record (message, arguments or traceback) by ``[token]``."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self._token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self._token in message:
            record.msg, record.args = message.replace(self._token, "[token]"), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and self._token in record.exc_text:
            record.exc_text = record.exc_text.replace(self._token, "[token]")
        return True


def redact_logs(token: str) -> None:
    """Install :class:`RedactToken` on every handler of the root logger."""
    for handler in logging.getLogger().handlers:
        handler.addFilter(RedactToken(token))


def _failure(exc: BaseException, api_base: str) -> ArticlebotError:
    """The one-line error for a failed start."""
    if isinstance(exc, discord.LoginFailure) or (
        isinstance(exc, discord.ConnectionClosed) and exc.code == 4004
    ):
        return ArticlebotError(
            f"Discord rejected DISCORD_TOKEN: reset it at {PORTAL} "
            "(Bot → Reset Token) and update .env"
        )
    if isinstance(exc, (aiohttp.ClientError, OSError)):
        return ArticlebotError(f"cannot reach Discord at {api_base}: {one_line(exc)}")
    return ArticlebotError(f"the bot stopped: {type(exc).__name__}: {exc}")


async def serve(bot: discord.Client, token: str, stop: asyncio.Event) -> None:
    """Run ``bot`` until it fails (raised) or ``stop`` is set (closed cleanly)."""
    async with bot:
        running = asyncio.create_task(bot.start(token), name="articlebot")
        stopping = asyncio.create_task(stop.wait(), name="articlebot-stop")
        done, _ = await asyncio.wait({running, stopping}, return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        if running in done:
            running.result()
            return
        log.info("stopping: closing the Discord connection")
        try:
            await asyncio.wait_for(bot.close(), CLOSE_SECONDS)
            await asyncio.wait_for(running, CLOSE_SECONDS)
        except (TimeoutError, asyncio.CancelledError, discord.ConnectionClosed) as exc:
            # A stop is a stop: a slow or failed goodbye must not turn into an error exit.
            log.warning(
                "the Discord connection did not close cleanly (%s); exiting anyway",
                type(exc).__name__,
            )


async def run_until_signalled(bot: discord.Client, token: str, api_base: str) -> None:
    """:func:`serve` with SIGTERM and SIGINT (Ctrl-C) as the stop; start failures translated."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        await serve(bot, token, stop)
    except ArticlebotError:
        raise
    except (discord.DiscordException, aiohttp.ClientError, OSError) as exc:
        raise _failure(exc, api_base) from exc
    except Exception as exc:
        # A bug: its traceback goes to the log whatever the level, the user gets one line.
        log.error("the bot stopped on an unexpected error", exc_info=exc)
        raise ArticlebotError(
            f"the bot stopped on an unexpected error ({one_line(exc)}); the traceback is logged"
        ) from exc
    finally:
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)


async def sync_tree(token: str, guild_ids: list[int], globally: bool) -> list[Synced | SyncFailure]:
    """Register the slash commands globally or in each guild: what was done, or went wrong.

    A token Discord rejects or a server out of reach at login is raised (one line).
    """
    quiet_voice()
    # The bot's intents, though no gateway connection is made: with none, discord.py warns.
    client = discord.Client(intents=bot_intents(), max_ratelimit_timeout=RATE_LIMIT_WAIT)
    tree: app_commands.CommandTree[discord.Client] = app_commands.CommandTree(client)
    add_commands(tree)
    tree.add_command(article_commands)  # what `articlebot run` registers, /article included
    async with client:
        try:
            await client.login(token)
        except (discord.DiscordException, aiohttp.ClientError, OSError) as exc:
            raise _failure(exc, discord.http.Route.BASE) from exc
        except Exception as exc:  # e.g. a /users/@me reply without the fields Discord sends
            raise ArticlebotError(
                f"Discord's reply to the login was not understood ({one_line(exc)}); is "
                "DISCORD_API_BASE_URL a Discord-compatible server?"
            ) from exc
        targets: list[int | None] = [None] if globally else list(guild_ids)
        return await sync_all(tree, targets)


__all__ = [
    "CLOSE_SECONDS",
    "RedactToken",
    "check_token",
    "check_urls",
    "pointed_at",
    "redact_logs",
    "run_until_signalled",
    "serve",
    "sync_tree",
]
