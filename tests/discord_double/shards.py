"""Several ``articlebot run`` processes, each on some of the double's shards, with their
health ports: the scale-out tests and bench/discord_shards.py share it."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import time
import urllib.error
import urllib.request
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.shards import shard_of

from .articlebot import TOKEN, embed_of
from .double import DiscordDouble
from .models import Guild
from .process import process_env, run, start, stop


def free_port() -> int:
    """A port of 127.0.0.1 nothing listens on (at the time of asking)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(url: str, timeout: float = 5.0) -> tuple[int, str, float]:
    """Status, body and seconds of one GET (an HTTP error status is returned, not raised)."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            body = response.read().decode()
            return response.status, body, time.perf_counter() - started
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(), time.perf_counter() - started


@dataclass
class ShardProcess:
    """One ``articlebot run`` process, the shards it runs and its health port."""

    process: asyncio.subprocess.Process
    shard_ids: tuple[int, ...]
    port: int
    stderr: str = ""  # what it wrote, once stopped

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    async def get(self, path: str) -> tuple[int, str, float]:
        return await asyncio.to_thread(get, self.url(path))

    async def wait_healthy(self, timeout: float = 60.0) -> None:
        """Wait for ``/healthz`` to say ready (the process may still be loading)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.returncode is not None:
                _, err = await self.process.communicate()
                raise AssertionError(f"shards {self.shard_ids} exited early: {err.decode()}")
            try:
                status, _, _ = await self.get("/healthz")
                if status == 200:
                    return
            except OSError:
                pass  # not listening yet
            await asyncio.sleep(0.2)
        raise TimeoutError(f"shards {self.shard_ids} not healthy within {timeout}s")


def add_guilds(double: DiscordDouble, total: int) -> list[Guild]:
    """Guilds until the double has ``total``, all of them, the default first."""
    for number in range(len(double.guilds), total):
        double.add_guild(f"Guild {number}")
    return double.guilds


@contextlib.asynccontextmanager
async def shard_processes(
    double: DiscordDouble,
    corpus: Path,
    tmp_path: Path,
    groups: Sequence[Sequence[int]],
    shard_count: int,
    **extra: str,
) -> AsyncIterator[list[ShardProcess]]:
    """One healthy ``articlebot run`` per group of shard ids, all reading one index file
    (built first), each with its health port; stopped (SIGTERM) afterwards, when each
    one's ``stderr`` is kept."""
    settings = {
        "DISCORD_TOKEN": TOKEN,
        "ARTICLEBOT_SHARD_COUNT": str(shard_count),
        "ARTICLEBOT_USER_COOLDOWN_SECONDS": "0",
        "ARTICLEBOT_MAX_QUESTIONS_PER_SECOND": "10000",
        "ARTICLEBOT_LOG_LEVEL": "WARNING",
    }
    env = process_env(double, corpus, tmp_path, **{**settings, **extra})
    code, _, err = await run(["index"], env, tmp_path)
    assert code == 0, err
    processes: list[ShardProcess] = []
    try:
        for ids in groups:
            port = free_port()
            shard_env = dict(
                env,
                ARTICLEBOT_SHARD_IDS=",".join(map(str, ids)),
                ARTICLEBOT_HEALTH_PORT=str(port),
            )
            process = await start(["run"], shard_env, tmp_path)
            processes.append(ShardProcess(process, tuple(ids), port))
        for shard in processes:
            await shard.wait_healthy()
        yield processes
    finally:
        for shard in processes:
            _, shard.stderr = await stop(shard.process)


def metric(text: str, name: str, labels: str = "") -> float | None:
    """The value of one sample of a Prometheus text page (None when absent)."""
    wanted = f"{name}{{{labels}}}" if labels else name
    for line in text.splitlines():
        key, _, value = line.rpartition(" ")
        if key == wanted:
            return float(value)
    return None


async def index_passages(shards: Sequence[ShardProcess]) -> set[float | None]:
    """The index sizes the processes report on ``/metrics`` (one value when all agree)."""
    return {metric((await s.get("/metrics"))[1], "articlebot_index_passages") for s in shards}


async def add_and_reindex(
    double: DiscordDouble,
    corpus: Path,
    tmp: Path,
    shards: Sequence[ShardProcess],
    article: tuple[str, str],
) -> tuple[float | None, float | None]:
    """Write ``article`` (file name, text) into ``corpus``, rebuild with ``articlebot index``
    and wait until every process serves the new index: its passages before and after (the
    same in every process, or the unpacking fails)."""
    before = await index_passages(shards)
    name, text = article
    (corpus / name).write_text(text, encoding="utf-8")
    code, _, err = await run(["index"], process_env(double, corpus, tmp), tmp)
    assert code == 0, err
    for shard in shards:  # each process's watcher swaps the new file in
        for _ in range(100):
            if metric((await shard.get("/metrics"))[1], "articlebot_index_passages") not in before:
                break
            await asyncio.sleep(0.1)
    ((was,), (now,)) = before, await index_passages(shards)
    return was, now


def spread_guilds(double: DiscordDouble, count: int, shard_count: int) -> dict[int, int]:
    """``count`` new guilds, each with its shard; every shard gets one at least (asserted)."""
    owners = {g.id: shard_of(g.id, shard_count) for g in add_guilds(double, count)}
    assert set(owners.values()) == set(range(shard_count)), owners
    return owners


def guild_per_shard(double: DiscordDouble, shard_count: int) -> list[int]:
    """A new guild for each shard (shard ``i``'s at ``i``), among a few added to ``double``."""
    guilds = [g.id for g in add_guilds(double, 2 * shard_count)]
    return [next(g for g in guilds if shard_of(g, shard_count) == n) for n in range(shard_count)]


async def answers_in(double: DiscordDouble, guild_ids: Sequence[int], question: str) -> list[str]:
    """The text of the bot's answer to ``question`` asked by mention in each guild."""
    out = []
    for guild_id in guild_ids:
        message = await double.message(f"{double.bot.mention} {question}", guild_id=guild_id)
        reply = await double.wait_for_reply(message, timeout=30)
        out.append(str(embed_of(reply)["description"]))
    return out


__all__ = [
    "ShardProcess",
    "add_and_reindex",
    "add_guilds",
    "answers_in",
    "free_port",
    "get",
    "guild_per_shard",
    "index_passages",
    "metric",
    "shard_processes",
    "spread_guilds",
]
