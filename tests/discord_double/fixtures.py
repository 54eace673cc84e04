"""pytest fixtures for the Discord double.

Register them in a conftest or test module with
``pytest_plugins = ("tests.discord_double.fixtures",)``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from .double import DiscordDouble


@pytest_asyncio.fixture
async def discord_double() -> AsyncIterator[DiscordDouble]:
    """A running double with the default guild, members and token; stopped afterwards."""
    async with DiscordDouble() as double:
        yield double
