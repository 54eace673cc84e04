"""One bad gateway payload must not kill the bot: a MESSAGE_CREATE discord.py cannot parse
(``mention_roles`` holding objects, a DM with ``"guild_id": null``) is logged with its
traceback at ERROR, the bot reconnects after a pause and answers the next mention; only
repeated failures in a short window stop it (exit 1, for a supervisor to restart)."""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path
from typing import Any

import pytest

from bot.discord_app.errors import GatewayFailing
from bot.discord_app.recovery import FailureWindow, RecoveryPolicy
from bot.discord_app.runner import run_until_signalled
from index.errors import ArticlebotError
from index.searchindex import SearchIndex
from tests.discord_double import DiscordDouble, pointed_at
from tests.discord_double.articlebot import TOKEN, bot_on, embed_of, make_bot
from tests.discord_double.client import events_handled
from tests.discord_double.process import process_env, start, stop

pytest_plugins = ("tests.discord_double.fixtures",)

FAST = RecoveryPolicy(max_failures=3, window_seconds=60, first_delay=0.05, max_delay=0.2)
QUESTION = "Who is Ali Shamkhani?"


def role_objects(double: DiscordDouble) -> dict[str, Any]:
    """``mention_roles`` as objects, where Discord sends ids."""
    return {"mention_roles": [{"id": str(double.guild.id), "name": "@everyone"}]}


async def bad_mention(double: DiscordDouble) -> None:
    """A mention of the bot whose ``mention_roles`` discord.py cannot read."""
    await double.message(f"{double.bot.mention} {QUESTION}", raw=role_objects(double))


async def bad_dm(double: DiscordDouble) -> None:
    """A DM that says ``"guild_id": null`` instead of leaving the field out."""
    dm = double.dm_channel(double.users[0])
    await double.message(QUESTION, channel_id=dm.id, raw={"guild_id": None})


BAD_PAYLOADS = {"mention_roles_objects": bad_mention, "dm_guild_id_null": bad_dm}


async def answered_within(double: DiscordDouble, seconds: float) -> float:
    """Mention the bot once connected again; how long the answer took (it must come)."""
    await double.wait_ready(timeout=seconds)
    started = time.perf_counter()
    message = await double.message(f"{double.bot.mention} {QUESTION}")
    reply = await double.wait_for_reply(message, timeout=seconds)
    assert "Shamkhani" in embed_of(reply)["description"]
    return time.perf_counter() - started


def test_pauses_double_and_the_window_forgets_old_failures() -> None:
    now = [0.0]
    window = FailureWindow(
        RecoveryPolicy(max_failures=3, window_seconds=10, first_delay=1), lambda: now[0]
    )
    assert [window.record(), window.record()] == [1.0, 2.0]
    now[0] = 10.5  # both earlier failures are out of the window
    assert window.record() == 1.0
    assert window.record() == 2.0
    assert window.record() is None  # the third within 10 s


@pytest.mark.parametrize("send_bad", list(BAD_PAYLOADS.values()), ids=list(BAD_PAYLOADS))
async def test_a_payload_discord_py_cannot_parse_is_logged_and_the_bot_answers_after_reconnecting(
    double: DiscordDouble,
    seed_index: SearchIndex,
    caplog: pytest.LogCaptureFixture,
    send_bad: Any,
) -> None:
    with caplog.at_level(logging.ERROR):
        async with bot_on(double, seed_index, recovery=FAST) as bot:
            identified = len(double.identifies)
            await send_bad(double)
            await asyncio.sleep(0.1)
            assert await answered_within(double, 5) < 5
            assert len(double.identifies) == identified + 1  # a fresh session
            assert not bot.is_closed()
    failures = [r for r in caplog.records if "unexpected error; reconnecting" in r.getMessage()]
    assert len(failures) == 1 and failures[0].levelno == logging.ERROR
    assert failures[0].exc_info is not None and isinstance(failures[0].exc_info[1], TypeError)


async def test_repeated_bad_payloads_in_a_short_window_stop_the_bot(
    double: DiscordDouble, seed_index: SearchIndex
) -> None:
    with pytest.raises(GatewayFailing, match="failed 3 times in 60 s, last on TypeError"):
        async with bot_on(double, seed_index, recovery=FAST):
            for _ in range(FAST.max_failures):
                await double.wait_ready(timeout=5)
                await bad_mention(double)
                await asyncio.sleep(0.3)


async def test_articlebot_run_logs_the_traceback_and_keeps_answering(
    double: DiscordDouble, seed_corpus: Path, tmp_path: Path
) -> None:
    env = process_env(
        double, seed_corpus, tmp_path, DISCORD_TOKEN=TOKEN, ARTICLEBOT_LOG_LEVEL="WARNING"
    )
    process = await start(["run"], env, tmp_path)
    try:
        await double.wait_ready(timeout=30)
        await bad_dm(double)
        await asyncio.sleep(0.2)  # the bot drops the connection and waits a second
        assert await answered_within(double, 10) < 5
    finally:
        code, err = await stop(process)
    assert code == 0, err
    assert "Traceback" in err and "TypeError" in err and "reconnecting in 1.0 s" in err
    assert TOKEN not in err


async def test_run_ends_with_a_one_line_error_when_the_window_is_exceeded(
    double: DiscordDouble, seed_index: SearchIndex
) -> None:
    bot = make_bot(seed_index, recovery=FAST)
    with pointed_at(double):
        running = asyncio.create_task(run_until_signalled(bot, double.token, double.api_base))
        for _ in range(FAST.max_failures):
            await double.wait_ready(timeout=5)
            await bad_mention(double)
            await asyncio.sleep(0.3)
        with pytest.raises(ArticlebotError) as stopped:
            await asyncio.wait_for(running, 5)
        await events_handled(5)  # before this test's loop closes
    # The CLI prints an ArticlebotError as one line and exits 1.
    assert isinstance(stopped.value, GatewayFailing) and "\n" not in str(stopped.value)
    assert bot.is_closed()
