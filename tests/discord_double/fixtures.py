"""pytest fixtures for the Discord double and articlebot on it.

Register them in a test module with ``pytest_plugins = ("tests.discord_double.fixtures",)``.
``discord_double`` is a bare double; ``double`` takes articlebot's token and checks, once the
test is done, that nothing pinged anyone and nothing was refused; ``bot`` is an ArticleBot
over the seed index (the ``seed_index`` fixture of tests/conftest.py) connected to it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from bot.discord_app import ArticleBot
from index.searchindex import SearchIndex

from .articlebot import TOKEN, bot_on, check_double
from .double import DiscordDouble


@pytest_asyncio.fixture
async def discord_double() -> AsyncIterator[DiscordDouble]:
    """A running double with the default guild, members and token; stopped afterwards."""
    async with DiscordDouble() as double:
        yield double


@pytest_asyncio.fixture
async def double() -> AsyncIterator[DiscordDouble]:
    """A running Discord double; checked for pings and rejected payloads afterwards."""
    async with DiscordDouble(token=TOKEN) as d:
        yield d
        check_double(d)


@pytest_asyncio.fixture
async def bot(double: DiscordDouble, seed_index: SearchIndex) -> AsyncIterator[ArticleBot]:
    """An ArticleBot over the seed index, connected to ``double``."""
    async with bot_on(double, seed_index) as client:
        yield client
