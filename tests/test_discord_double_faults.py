"""The double's faults beyond error statuses (a dropped connection, a reply of the test's
choosing, a stall), raw dispatches, role mentions and the guild routes a sync consults."""

from __future__ import annotations

import asyncio
import time

import aiohttp
import discord
import pytest

from tests.discord_double import DiscordDouble, running_client
from tests.discord_double.sample_bot import SampleBot

pytest_plugins = ("tests.discord_double.fixtures",)


def _auth(double: DiscordDouble) -> dict[str, str]:
    return {"Authorization": f"Bot {double.token}"}


async def test_a_dropped_request_gets_no_answer_and_is_recorded_with_status_0(
    discord_double: DiscordDouble,
) -> None:
    discord_double.disconnect_next("POST /channels/*/messages")
    url = f"{discord_double.api_base}/channels/{discord_double.channel.id}/messages"
    async with aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.ServerDisconnectedError):
            await session.post(url, json={"content": "hi"}, headers=_auth(discord_double))
        async with session.post(url, json={"content": "hi"}, headers=_auth(discord_double)) as ok:
            assert ok.status == 200  # only the next one was dropped
    assert [r.status for r in discord_double.requests] == [0, 200]


async def test_a_reply_of_the_tests_choosing_replaces_the_real_one_once(
    discord_double: DiscordDouble,
) -> None:
    discord_double.reply_next("GET /users/@me", {"id": "not a snowflake"}, status=200)
    url = f"{discord_double.api_base}/users/@me"
    async with aiohttp.ClientSession() as session:
        async with session.get(url, headers=_auth(discord_double)) as garbled:
            assert await garbled.json() == {"id": "not a snowflake"}
        async with session.get(url, headers=_auth(discord_double)) as real:
            assert (await real.json())["id"] == str(discord_double.bot.id)


async def test_a_stalled_request_is_answered_normally_after_the_stall(
    discord_double: DiscordDouble,
) -> None:
    discord_double.stall_next("/users/@me", 0.3)
    started = time.perf_counter()
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"{discord_double.api_base}/users/@me", headers=_auth(discord_double)) as r,
    ):
        assert r.status == 200
    assert time.perf_counter() - started >= 0.3


async def test_a_guild_is_served_to_its_members_and_refused_otherwise(
    discord_double: DiscordDouble,
) -> None:
    base, guild = discord_double.api_base, discord_double.guild
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{base}/guilds/{guild.id}", headers=_auth(discord_double)) as r:
            assert (await r.json())["name"] == guild.name
        async with session.get(f"{base}/guilds/1", headers=_auth(discord_double)) as r:
            assert r.status == 403 and (await r.json())["code"] == 50001


async def test_a_guild_without_the_commands_scope_refuses_a_command_sync(
    discord_double: DiscordDouble,
) -> None:
    discord_double.guild.commands_scope = False
    bot = SampleBot()
    async with running_client(discord_double, bot):
        with pytest.raises(discord.Forbidden) as refused:
            await bot.tree.sync(guild=discord.Object(discord_double.guild.id))
        assert refused.value.code == 50001
        assert await bot.fetch_guild(discord_double.guild.id)  # yet the bot is a member


async def test_role_mentions_and_everyone_are_resolved_and_raw_fields_override(
    discord_double: DiscordDouble,
) -> None:
    bot = SampleBot()
    role = discord_double.guild.id  # @everyone's id is the guild's
    async with running_client(discord_double, bot):
        content = f"{discord_double.bot.mention} <@&{role}> @here hi"
        await discord_double.message(content, raw={"tts": True})
        await discord_double.wait_for_request(lambda r: r.method == "POST")
    (seen,) = bot.seen
    assert seen.raw_role_mentions == [role] and seen.mention_everyone and seen.tts


async def test_a_raw_dispatch_reaches_the_client_as_sent(discord_double: DiscordDouble) -> None:
    bot = SampleBot(enable_debug_events=True)
    async with running_client(discord_double, bot):
        seen = asyncio.ensure_future(bot.wait_for("socket_event_type", timeout=5))
        await asyncio.sleep(0)
        assert await discord_double.dispatch("ARTICLEBOT_TEST", {"anything": None}) == 1
        assert await seen == "ARTICLEBOT_TEST"
