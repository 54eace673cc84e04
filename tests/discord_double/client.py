"""Run a real discord.py client against a ``DiscordDouble``.

discord.py 2.7 takes every REST URL from ``discord.http.Route.BASE`` (read when each Route is
built, interaction webhooks included) and, for a non-sharded ``Client``, connects to the class
attribute ``DiscordWebSocket.DEFAULT_GATEWAY`` without asking ``GET /gateway/bot`` (only
``AutoShardedClient`` asks). Both are patched for the duration; RESUME then goes to the READY
payload's ``resume_gateway_url``, which points back at the double.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterator
from typing import TypeVar

import discord
import yarl
from discord.gateway import DiscordWebSocket

from .double import DiscordDouble

ClientT = TypeVar("ClientT", bound=discord.Client)


@contextlib.contextmanager
def pointed_at(double: DiscordDouble) -> Iterator[None]:
    """Point discord.py's REST base and default gateway at ``double``; restore on exit."""
    old_base, old_gateway = discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    discord.http.Route.BASE = double.api_base
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(double.gateway_url)
    try:
        yield
    finally:
        discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = old_base, old_gateway


@contextlib.asynccontextmanager
async def running_client(
    double: DiscordDouble, client: ClientT, *, token: str | None = None, timeout: float = 5.0
) -> AsyncIterator[ClientT]:
    """Start ``client`` on ``double``, yield once it is ready, then close it cleanly.

    Ready means discord.py's ``on_ready`` has fired, which it delays by the client's
    ``guild_ready_timeout`` (2 s by default): build test clients with e.g.
    ``guild_ready_timeout=0.05``. A failed start (``discord.LoginFailure``, a gateway close
    such as 4004 or 4014) is raised here, after the client is closed; so is a failure of the
    client's run while the body ran.
    """
    with pointed_at(double):
        runner = asyncio.create_task(
            client.start(token or double.token), name="discord-double-client"
        )
        try:
            await _until_ready(client, runner, timeout)
            yield client
        finally:
            await client.close()
            await asyncio.wait({runner}, timeout=timeout)
            if not runner.done():
                runner.cancel()
                await asyncio.wait({runner})
            await events_handled(timeout)
            failure = None if runner.cancelled() else runner.exception()
        if failure is not None:  # reached only when the body itself succeeded
            raise failure


async def _until_ready(client: discord.Client, runner: asyncio.Task[None], timeout: float) -> None:
    """Poll until ``client`` is ready; raise the start-up failure if ``runner`` ends first."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not client.is_ready():
        if runner.done():
            runner.result()
            raise RuntimeError("the client stopped before it was ready")
        if loop.time() > deadline:
            raise TimeoutError(f"the client was not ready within {timeout}s")
        await asyncio.sleep(0.01)


async def events_handled(timeout: float) -> None:
    """Let the event handlers discord.py has scheduled finish (e.g. for the bot's own message,
    echoed as the client closed): the test's loop closes next, and a handler task that never
    started would be reported as a coroutine never awaited. Handlers may schedule more
    handlers (an error handler, a reconnect's events), so wait until none is left."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        await asyncio.sleep(0)  # let tasks created just now take their first step
        handlers = {
            t
            for t in asyncio.all_tasks()
            if t.get_name().startswith("discord.py: ") and not t.done()
        }
        left = deadline - loop.time()
        if not handlers or left <= 0:
            return
        await asyncio.wait(handlers, timeout=left)
