"""``articlebot run --processes N``: one parent forks a process per group of shards, which
share its memory; every guild is answered once; the group stops together."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
from pathlib import Path

import pytest

from bot.discord_app.forked import exit_code, shard_groups
from tests.discord_double import DiscordDouble
from tests.discord_double.articlebot import TOKEN, embed_of
from tests.discord_double.process import process_env, run, start, stop
from tests.discord_double.shards import (
    ShardProcess,
    add_and_reindex,
    add_guilds,
    answers_in,
    free_port,
    guild_per_shard,
    metric,
    spread_guilds,
)

QUESTION = "Who is Ali Shamkhani?"
GUILDS = 12


def children_of(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue  # ended meanwhile
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return sorted(found)


def free_ports(count: int) -> int:
    """The first of ``count`` consecutive ports of 127.0.0.1 nothing listens on."""
    while True:
        first = free_port()
        try:
            for port in range(first + 1, first + count):
                with socket.socket() as sock:
                    sock.bind(("127.0.0.1", port))
        except OSError:
            continue
        return first


def memory_kb(pid: int) -> dict[str, int]:
    """Rss, Pss and the private parts of ``pid`` (kB, /proc smaps_rollup)."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, _, rest = line.partition(":")
        fields[name] = int(rest.split()[0])
    return fields


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize(
    ("ids", "processes", "groups"),
    [
        (range(8), 3, [(0, 1, 2), (3, 4, 5), (6, 7)]),
        (range(2), 2, [(0,), (1,)]),
        ((4, 5, 9), 1, [(4, 5, 9)]),
    ],
)
def test_shard_groups_are_consecutive_runs_differing_by_one_at_most(
    ids: range | tuple[int, ...], processes: int, groups: list[tuple[int, ...]]
) -> None:
    assert shard_groups(list(ids), processes) == groups


def test_more_processes_than_shards_cannot_be_grouped() -> None:
    with pytest.raises(ValueError, match="3 process"):
        shard_groups([0, 1], 3)


def test_a_killed_child_reports_128_plus_the_signal() -> None:
    assert exit_code(signal.SIGKILL) == 128 + signal.SIGKILL  # a wait status of SIGKILL
    assert exit_code(3 << 8) == 3


async def test_a_bad_processes_value_is_a_usage_error(seed_corpus: Path, tmp_path: Path) -> None:
    async with DiscordDouble(token=TOKEN) as double:
        environment = process_env(double, seed_corpus, tmp_path, DISCORD_TOKEN=TOKEN)
        code, _, err = await run(["run", "--processes", "0"], environment, tmp_path)
        assert code == 2 and "--processes: must be 1-64" in err


async def forked_group(
    double: DiscordDouble, corpus: Path, tmp_path: Path, processes: int, shard_count: int
) -> tuple[asyncio.subprocess.Process, list[ShardProcess]]:
    """``articlebot run --processes N`` healthy on consecutive health ports, and its children."""
    env = process_env(
        double,
        corpus,
        tmp_path,
        DISCORD_TOKEN=TOKEN,
        ARTICLEBOT_USER_COOLDOWN_SECONDS="0",
        ARTICLEBOT_LOG_LEVEL="WARNING",
    )
    port = free_ports(processes)
    args = ["run", "--processes", str(processes), "--shard-count", str(shard_count)]
    parent = await start([*args, "--health-port", str(port)], env, tmp_path)
    groups = shard_groups(list(range(shard_count)), processes)
    shards = [ShardProcess(parent, ids, port + n) for n, ids in enumerate(groups)]
    for shard in shards:
        await shard.wait_healthy()
    return parent, shards


@pytest.mark.slow
async def test_forked_processes_answer_every_guild_once_and_stop_together(
    seed_corpus: Path, tmp_path: Path
) -> None:
    async with DiscordDouble(token=TOKEN) as double:
        owners = spread_guilds(double, GUILDS, 2)  # the guilds are on both shards
        guilds = list(owners)
        parent, shards = await forked_group(double, seed_corpus, tmp_path, 2, 2)
        try:
            children = children_of(parent.pid)
            assert len(children) == 2
            assert sorted(tuple(i["shard"]) for i in double.identifies) == [(0, 2), (1, 2)]
            for child in children:  # most of a child's pages are the parent's, shared
                held = memory_kb(child)
                private = held["Private_Dirty"] + held["Private_Clean"]
                assert private < held["Rss"] / 2, held
            asked = {
                g: await double.message(f"{double.bot.mention} {QUESTION}", guild_id=g)
                for g in guilds
            }
            for message_id in asked.values():
                reply = await double.wait_for_reply(message_id, timeout=30)
                assert "Shamkhani" in embed_of(reply)["description"]
            await asyncio.sleep(0.5)  # a second (wrong) answer would have come by now
            for message_id in asked.values():
                assert sum(1 for r in double.requests if r.ok and r.replies_to(message_id)) == 1
            for shard in shards:
                status, page, _ = await shard.get("/metrics")
                own = sum(1 for g in guilds if owners[g] in shard.shard_ids)
                assert status == 200 and metric(page, "articlebot_questions_total") == own
        finally:
            code, err = await stop(parent)
        assert code == 0, err
        assert not any(alive(pid) for pid in children)


@pytest.mark.slow
async def test_a_child_that_dies_stops_the_group_with_its_code(
    seed_corpus: Path, tmp_path: Path
) -> None:
    async with DiscordDouble(token=TOKEN) as double:
        add_guilds(double, 4)
        parent, _ = await forked_group(double, seed_corpus, tmp_path, 2, 2)
        try:
            children = children_of(parent.pid)
            assert len(children) == 2
            os.kill(children[1], signal.SIGKILL)
            await asyncio.wait_for(parent.wait(), 30)
        finally:
            code, _ = await stop(parent)
        assert code == 128 + signal.SIGKILL
        assert not alive(children[0])


GLACIER = """Glacier lake in Bhutan drained before the monsoon

Engineers lowered the Thorthormi glacier lake by four metres, Bhutan's hydromet department said.

Karma Dorji, the department's chief engineer, said the work took two winters.

source: example.org
"""


@pytest.mark.slow
async def test_forked_processes_answer_from_a_rebuilt_index_without_a_restart(
    seed_copy: Path, tmp_path: Path
) -> None:
    corpus = seed_copy  # written to: a new article arrives
    async with DiscordDouble(token=TOKEN) as double:
        owned = guild_per_shard(double, 2)
        parent, shards = await forked_group(double, corpus, tmp_path, 2, 2)
        try:
            was, now = await add_and_reindex(
                double, corpus, tmp_path, shards, ("glacier.txt", GLACIER)
            )
            assert was is not None and now is not None and now > was
            assert all(
                "Dorji" in text for text in await answers_in(double, owned, "Who is Karma Dorji?")
            )
        finally:
            code, err = await stop(parent)
        assert code == 0, err
