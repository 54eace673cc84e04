"""Scale-out: two ``articlebot run`` processes on shards {0} and {1} of 2 share the guilds
of one double and one index file; each question is answered once, by the process that owns
its guild; a killed process leaves the other's guilds answering; /healthz and /metrics."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from bot.discord_app import Engine, Limiter
from bot.discord_app.errors import GatewayFailing
from bot.discord_app.recovery import RecoveryPolicy
from bot.discord_app.runner import run_until_signalled
from bot.discord_app.shards import ShardedArticleBot, connected
from bot.shards import shard_of
from index.searchindex import SearchIndex
from tests.discord_double import DiscordDouble, pointed_at, running_client
from tests.discord_double.articlebot import TOKEN, embed_of
from tests.discord_double.process import process_env, run
from tests.discord_double.shards import (
    add_and_reindex,
    add_guilds,
    answers_in,
    guild_per_shard,
    metric,
    shard_processes,
    spread_guilds,
)

QUESTION = "Who is Ali Shamkhani?"
GUILDS = 20


async def ask_every_guild(double: DiscordDouble, guild_ids: list[int]) -> dict[int, int]:
    """Mention the bot in each guild's first channel: the message id asked in each guild."""
    return {
        guild_id: await double.message(f"{double.bot.mention} {QUESTION}", guild_id=guild_id)
        for guild_id in guild_ids
    }


def replies_to(double: DiscordDouble, message_id: int) -> int:
    return sum(1 for r in double.requests if r.ok and r.replies_to(message_id))


@pytest.mark.slow
async def test_two_processes_answer_every_guild_once_and_survive_each_other(
    seed_corpus: Path, tmp_path: Path
) -> None:
    async with DiscordDouble(token=TOKEN) as double:
        owners = spread_guilds(double, GUILDS, 2)  # the guilds are on both shards
        guilds = list(owners)
        json_logs = {"ARTICLEBOT_LOG_FORMAT": "json", "ARTICLEBOT_LOG_LEVEL": "INFO"}
        groups = [[0], [1]]
        async with shard_processes(double, seed_corpus, tmp_path, groups, 2, **json_logs) as shards:
            assert sorted(tuple(i["shard"]) for i in double.identifies) == [(0, 2), (1, 2)]
            asked = await ask_every_guild(double, guilds)
            for message_id in asked.values():
                reply = await double.wait_for_reply(message_id, timeout=30)
                assert "Shamkhani" in embed_of(reply)["description"]
            await asyncio.sleep(0.5)  # a second (wrong) answer would have come by now
            assert all(replies_to(double, m) == 1 for m in asked.values())

            for shard in shards:
                status, body, _ = await shard.get("/healthz")
                assert (status, body.strip()) == (200, "ready")
                status, page, _ = await shard.get("/metrics")
                own = sum(1 for g in guilds if owners[g] in shard.shard_ids)
                assert status == 200
                assert metric(page, "articlebot_questions_total") == own
                assert (metric(page, "articlebot_index_passages") or 0) > 0
                assert metric(page, "articlebot_ready") == 1
                labels = f'shard="{shard.shard_ids[0]}"'
                assert metric(page, "articlebot_gateway_latency_seconds", labels) is not None
                assert metric(page, "articlebot_answer_seconds_count") == own

            shards[1].process.kill()
            await shards[1].process.wait()
            survivors = [g for g in guilds if owners[g] == 0]
            again = await ask_every_guild(double, survivors)
            for message_id in again.values():
                await double.wait_for_reply(message_id, timeout=30)
            assert all(replies_to(double, m) == 1 for m in again.values())
    # ARTICLEBOT_LOG_FORMAT=json: every line an object; the token nowhere.
    entries = [json.loads(line) for line in shards[0].stderr.splitlines()]
    assert any(e["message"].startswith("connected as") for e in entries)
    assert {"time", "level", "logger", "message"} <= set(entries[0])
    assert TOKEN not in shards[0].stderr


IDENTIFY_GAP = 5.0
FAST = RecoveryPolicy(max_failures=3, window_seconds=60, first_delay=0.05, max_delay=0.2)


def sharded_bot(index: SearchIndex, **options: Any) -> ShardedArticleBot:
    engine, limiter = Engine(index, top_k=1), Limiter(0.0, 1000.0)
    return ShardedArticleBot(engine, limiter, guild_ready_timeout=0.05, recovery=FAST, **options)


def bad_mention_roles(double: DiscordDouble) -> dict[str, Any]:
    """``mention_roles`` as objects, where Discord sends ids: discord.py cannot read it."""
    return {"mention_roles": [{"id": "1", "name": "@everyone"}]}


def identifies_of(double: DiscordDouble, shard: int) -> int:
    return sum(1 for i in double.identifies if i["shard"][0] == shard)


async def answered(double: DiscordDouble, guild_id: int) -> None:
    message = await double.message(f"{double.bot.mention} {QUESTION}", guild_id=guild_id)
    reply = await double.wait_for_reply(message, timeout=10)
    assert "Shamkhani" in embed_of(reply)["description"]


async def test_an_unreadable_event_reconnects_only_its_shard(seed_index: SearchIndex) -> None:
    async with DiscordDouble(token=TOKEN) as double:
        guilds = [g.id for g in add_guilds(double, 4)]
        first = next(g for g in guilds if shard_of(g, 2) == 0)
        second = next(g for g in guilds if shard_of(g, 2) == 1)
        # discord.py identifies one shard each 5 s (Discord's limit with max_concurrency 1).
        bot = sharded_bot(seed_index, shard_count=2)
        async with running_client(double, bot, timeout=IDENTIFY_GAP * 3) as bot:
            await double.message(
                f"{double.bot.mention} {QUESTION}", guild_id=second, raw=bad_mention_roles(double)
            )
            for _ in range(int(IDENTIFY_GAP * 3 / 0.05)):
                if identifies_of(double, 1) == 2 and connected(bot):
                    break
                await asyncio.sleep(0.05)
            assert (identifies_of(double, 0), identifies_of(double, 1)) == (1, 2)
            await answered(double, second)
            await answered(double, first)


async def test_repeated_unreadable_events_stop_the_sharded_bot_with_one_line(
    seed_index: SearchIndex,
) -> None:
    async with DiscordDouble(token=TOKEN) as double:
        guild = double.guild.id
        bot = sharded_bot(seed_index, shard_count=1)
        with pointed_at(double):
            running = asyncio.create_task(run_until_signalled(bot, TOKEN, double.api_base))
            for _ in range(FAST.max_failures):
                await double.wait_ready(timeout=5)
                await double.message(
                    f"{double.bot.mention} {QUESTION}",
                    guild_id=guild,
                    raw=bad_mention_roles(double),
                )
                await asyncio.sleep(0.4)
            with pytest.raises(GatewayFailing) as stopped:
                await asyncio.wait_for(running, 5)
        assert "\n" not in str(stopped.value) and bot.is_closed()


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["--shard-ids", "2", "--shard-count", "2"], {}, "shard 2 does not exist with 2 shard(s)"),
        (["--shard-ids", "0-1"], {}, "ARTICLEBOT_SHARD_IDS (--shard-ids) needs"),
        ([], {"ARTICLEBOT_SHARD_COUNT": "none"}, "ARTICLEBOT_SHARD_COUNT must be auto or"),
        (["--processes", "2"], {}, "--processes needs --shard-count N"),
        (["--processes", "3", "--shard-count", "2"], {}, "--processes 3 is more than the 2 shard"),
        (
            ["--processes", "2", "--shard-count", "4", "--shard-ids", "3"],
            {},
            "--processes 2 is more than the 1 shard",
        ),
    ],
)
async def test_shard_options_that_cannot_work_are_one_line_and_exit_2_before_connecting(
    seed_corpus: Path, tmp_path: Path, args: list[str], env: dict[str, str], message: str
) -> None:
    async with DiscordDouble(token=TOKEN) as double:
        environment = process_env(double, seed_corpus, tmp_path, DISCORD_TOKEN=TOKEN, **env)
        code, _, err = await run(["run", *args], environment, tmp_path)
        assert code == 2 and err.count("\n") == 1, err
        assert message in err
        assert double.gateway_connections == []


async def test_a_bad_shard_option_value_is_a_usage_error(seed_corpus: Path, tmp_path: Path) -> None:
    async with DiscordDouble(token=TOKEN) as double:
        environment = process_env(double, seed_corpus, tmp_path, DISCORD_TOKEN=TOKEN)
        code, _, err = await run(["run", "--shard-ids", "3-1"], environment, tmp_path)
        assert code == 2 and "--shard-ids: must be ranges from low to high" in err


CLOVES = """Zanzibar clove harvest doubles after the long rains

The clove harvest on Pemba island doubled this year, the Zanzibar State Trading Corporation said.

Amani Juma, the corporation's director, said farmers sold 8,000 tonnes of cloves by October.

source: example.org
"""


@pytest.mark.slow
async def test_every_process_answers_from_a_rebuilt_index_without_a_restart(
    seed_copy: Path, tmp_path: Path
) -> None:
    corpus = seed_copy  # written to: a new article arrives
    async with DiscordDouble(token=TOKEN) as double:
        owned = guild_per_shard(double, 2)
        async with shard_processes(double, corpus, tmp_path, [[0], [1]], 2) as shards:
            was, now = await add_and_reindex(
                double, corpus, tmp_path, shards, ("cloves.txt", CLOVES)
            )
            assert was is not None and now is not None and now > was
            assert all(
                "Juma" in text for text in await answers_in(double, owned, "Who is Amani Juma?")
            )
