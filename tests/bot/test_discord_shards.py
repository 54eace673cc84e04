"""Scale-out: two ``articlebot run`` processes on shards {0} and {1} of 2 share the guilds
of one double and one index file; each question is answered once, by the process that owns
its guild; a killed process leaves the other's guilds answering; /healthz and /metrics."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.shards import shard_of
from tests.discord_double import DiscordDouble
from tests.discord_double.articlebot import TOKEN, embed_of
from tests.discord_double.shards import add_guilds, metric, shard_processes

pytestmark = pytest.mark.slow
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


async def test_two_processes_answer_every_guild_once_and_survive_each_other(
    seed_corpus: Path, tmp_path: Path
) -> None:
    async with DiscordDouble(token=TOKEN) as double:
        guilds = [g.id for g in add_guilds(double, GUILDS)]
        owners = {g: shard_of(g, 2) for g in guilds}
        assert set(owners.values()) == {0, 1}  # the guilds are spread over both shards
        async with shard_processes(double, seed_corpus, tmp_path, [[0], [1]], 2) as shards:
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
