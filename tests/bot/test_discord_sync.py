"""Registering the slash commands: every failure (an HTTP error, a dropped connection, no
answer in time, a reply without command ids) has its own one-line advice; the running bot
logs it and keeps answering; ``articlebot sync`` prints it as one line and exits 1."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import discord
import pytest
import pytest_asyncio
from discord import app_commands

from bot.discord_app.client import bot_intents
from bot.discord_app.commands import add_commands
from bot.discord_app.sync import SyncFailure, SyncProblem, sync_commands
from index.searchindex import SearchIndex
from tests.discord_double import DiscordDouble, pointed_at
from tests.discord_double.articlebot import TOKEN, bot_on, embed_of, pinging_requests
from tests.discord_double.process import guild_env, process_env, run, start, stop

pytest_plugins = ("tests.discord_double.fixtures",)

GUILD_SYNC = "PUT /applications/*/guilds/*/commands"
NOT_A_GUILD = 123456789012345678
Fault = Callable[[DiscordDouble], object]

FAULTS: dict[SyncProblem, tuple[Fault, str]] = {
    SyncProblem.MALFORMED_REPLY: (
        lambda d: d.reply_next(GUILD_SYNC, [{"name": "ask", "description": "no id"}]),
        "KeyError: 'id'",
    ),
    SyncProblem.INVALID_PAYLOAD: (
        lambda d: d.fail_next(
            GUILD_SYNC, 400, errors={"0.description": "Must be 100 or fewer in length."}
        ),
        "In 0.description",
    ),
    SyncProblem.NO_COMMANDS_SCOPE: (
        lambda d: setattr(d.guild, "commands_scope", False),
        "without the applications.commands scope",
    ),
    SyncProblem.MISSING_ACCESS: (
        lambda d: d.fail_next(GUILD_SYNC, 403, message="Missing Permissions", code=50013),
        "Missing Permissions",
    ),
    SyncProblem.RATE_LIMITED: (
        lambda d: d.fail_next(GUILD_SYNC, 429, retry_after=3600),
        "try again in 3600 s",
    ),
    SyncProblem.SERVER_ERROR: (lambda d: d.fail_next(GUILD_SYNC, 503), "503"),
    # Twice: aiohttp tries an idempotent request (PUT) again once on a dropped connection.
    SyncProblem.UNREACHABLE: (
        lambda d: d.disconnect_next(GUILD_SYNC, times=2),
        "ServerDisconnected",
    ),
    SyncProblem.TIMEOUT: (lambda d: d.stall_next(GUILD_SYNC, 3.0), "within 0.5 s"),
}


@pytest_asyncio.fixture
async def double() -> AsyncIterator[DiscordDouble]:
    """A running double; afterwards nothing may have pinged (its refusals are the point)."""
    async with DiscordDouble(token=TOKEN) as d:
        yield d
        assert not pinging_requests(d)


@pytest_asyncio.fixture
async def tree(double: DiscordDouble) -> AsyncIterator[app_commands.CommandTree[discord.Client]]:
    """The bot's command tree on a client logged in to ``double`` (REST only, no gateway)."""
    client = discord.Client(intents=bot_intents(), max_ratelimit_timeout=30)
    commands: app_commands.CommandTree[discord.Client] = app_commands.CommandTree(client)
    add_commands(commands)
    with pointed_at(double):
        async with client:
            await client.login(double.token)
            yield commands


@pytest.mark.parametrize("problem", list(FAULTS), ids=lambda p: p.name.lower())
async def test_each_sync_failure_is_told_apart_with_its_own_advice(
    double: DiscordDouble,
    tree: app_commands.CommandTree[discord.Client],
    problem: SyncProblem,
) -> None:
    inject, says = FAULTS[problem]
    inject(double)
    with pytest.raises(SyncFailure) as caught:
        await sync_commands(tree, double.guild.id, timeout=0.5)
    assert caught.value.problem is problem
    message = str(caught.value)
    assert says in message and "\n" not in message
    assert message.startswith(f"cannot register the commands in guild {double.guild.id}: ")
    scope_hint = "applications.commands scope"
    assert (scope_hint in message) == (problem is SyncProblem.NO_COMMANDS_SCOPE)


async def test_a_guild_the_bot_is_not_in_is_named_as_such(
    double: DiscordDouble, tree: app_commands.CommandTree[discord.Client]
) -> None:
    with pytest.raises(SyncFailure) as caught:
        await sync_commands(tree, NOT_A_GUILD, timeout=5)
    assert caught.value.problem is SyncProblem.NOT_IN_GUILD
    assert f"the bot is not in guild {NOT_A_GUILD}" in str(caught.value)


async def test_a_sync_that_works_lists_the_commands(
    double: DiscordDouble, tree: app_commands.CommandTree[discord.Client]
) -> None:
    synced = await sync_commands(tree, double.guild.id)
    assert synced.names == ("ask", "summary", "search", "source", "help", "report")
    assert len(double.commands(double.guild.id)) == 6


@pytest.mark.parametrize("problem", list(FAULTS), ids=lambda p: p.name.lower())
async def test_the_bot_survives_a_failed_start_up_sync_and_answers_the_next_mention(
    double: DiscordDouble,
    seed_index: SearchIndex,
    caplog: pytest.LogCaptureFixture,
    problem: SyncProblem,
) -> None:
    inject, says = FAULTS[problem]
    inject(double)
    with caplog.at_level(logging.INFO, logger="bot"):
        async with bot_on(double, seed_index, sync_timeout=0.5):
            started = time.perf_counter()
            message = await double.message(f"{double.bot.mention} Who is Ali Shamkhani?")
            reply = await double.wait_for_reply(message, timeout=5)
            assert time.perf_counter() - started < 5
            assert "Shamkhani" in embed_of(reply)["description"]
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert any(says in e and "cannot register the commands" in e for e in errors), errors


async def test_articlebot_sync_reports_a_reply_without_ids_in_one_line_and_exits_1(
    double: DiscordDouble, seed_corpus: Path, tmp_path: Path
) -> None:
    inject, _ = FAULTS[SyncProblem.MALFORMED_REPLY]
    inject(double)
    env = guild_env(double, seed_corpus, tmp_path)
    code, out, err = await run(["sync"], env, tmp_path)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"articlebot: cannot register the commands in guild {double.guild.id}")
    assert "KeyError: 'id'" in err


async def test_articlebot_sync_shows_discords_field_errors_without_the_scope_hint(
    double: DiscordDouble, seed_corpus: Path, tmp_path: Path
) -> None:
    inject, _ = FAULTS[SyncProblem.INVALID_PAYLOAD]
    inject(double)
    env = guild_env(double, seed_corpus, tmp_path)
    code, _, err = await run(["sync"], env, tmp_path)
    assert code == 1 and err.count("\n") == 1
    assert "In 0.description: Must be 100 or fewer in length." in err
    assert "scope" not in err
    # Nothing of discord.py's own before ours: no voice library warnings, no intents notice.
    assert not any(word in err for word in ("PyNaCl", "davey", "voice", "intent"))


async def test_articlebot_run_keeps_answering_after_its_start_up_sync_fails(
    double: DiscordDouble, seed_corpus: Path, tmp_path: Path
) -> None:
    inject, _ = FAULTS[SyncProblem.MALFORMED_REPLY]
    inject(double)
    env = guild_env(double, seed_corpus, tmp_path)
    process = await start(["run"], env, tmp_path)
    try:
        await double.wait_ready(timeout=30)
        await double.wait_for_request(lambda r: r.method == "PUT", 10)
        started = time.perf_counter()
        message = await double.message(f"{double.bot.mention} Who is Ali Shamkhani?")
        reply = await double.wait_for_reply(message, timeout=5)
        assert time.perf_counter() - started < 5
        assert "Shamkhani" in embed_of(reply)["description"]
    finally:
        code, err = await stop(process)
    assert code == 0, err
    assert "cannot register the commands" in err and "KeyError: 'id'" in err
    assert not any(word in err for word in ("PyNaCl", "davey", "voice", "intent"))


async def test_articlebot_sync_reports_a_garbled_login_reply_in_one_line(
    double: DiscordDouble, seed_corpus: Path, tmp_path: Path
) -> None:
    double.reply_next("GET /users/@me", {"username": "no id"})
    env = guild_env(double, seed_corpus, tmp_path)
    code, _, err = await run(["sync"], env, tmp_path)
    assert code == 1 and err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("articlebot: Discord's reply to the login was not understood (KeyError")


async def test_articlebot_sync_registers_where_it_can_and_names_the_guild_it_cannot(
    double: DiscordDouble, seed_corpus: Path, tmp_path: Path
) -> None:
    guilds = f"{NOT_A_GUILD},{double.guild.id}"
    env = process_env(
        double, seed_corpus, tmp_path, DISCORD_TOKEN=TOKEN, ARTICLEBOT_GUILD_IDS=guilds
    )
    code, out, err = await run(["sync"], env, tmp_path)
    assert code == 1
    assert out.startswith(f"articlebot: registered 7 commands in guild {double.guild.id}")
    assert err.count("\n") == 1 and f"the bot is not in guild {NOT_A_GUILD}" in err
    assert len(double.commands(double.guild.id)) == 7
