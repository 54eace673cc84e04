"""Two ``articlebot run`` processes on shards {0} and {1} of 2, one Discord double with 20
guilds, 2,000 questions: none lost, none answered twice, each by the owner of its guild.

    python bench/discord_shards.py                    # 2,000 questions, 20 guilds
    python bench/discord_shards.py --n 200 --guilds 6

Questions are mentions of the bot, sent in waves of ``--wave`` at once over the guilds'
channels; every reply the double accepted is counted per question. It prints the counts,
latency (dispatch → reply accepted), each process's share and the /metrics scrape time.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import percentile  # noqa: E402  (after sys.path)
from bot.shards import shard_of  # noqa: E402
from tests.conftest import SEED_CORPUS  # noqa: E402
from tests.discord_double import DiscordDouble  # noqa: E402
from tests.discord_double.articlebot import TOKEN  # noqa: E402
from tests.discord_double.shards import add_guilds, metric, shard_processes  # noqa: E402

QUESTIONS = (
    "Who is Ali Shamkhani?",
    "What did the report say?",
    "Where are British troops?",
    "When did the tensions erupt?",
)


async def bench(n: int, guilds: int, wave: int, work: Path) -> int:
    """Run the bench; 0 when every question was answered exactly once."""
    async with DiscordDouble(token=TOKEN) as double:
        guild_ids = [g.id for g in add_guilds(double, guilds)]
        async with shard_processes(double, SEED_CORPUS, work, [[0], [1]], 2) as shards:
            sent: dict[int, tuple[int, float]] = {}  # message id → (guild, sent at)
            started = time.perf_counter()
            for first in range(0, n, wave):
                batch = range(first, min(n, first + wave))
                for i in batch:
                    guild = guild_ids[i % len(guild_ids)]
                    text = f"{double.bot.mention} {QUESTIONS[i % len(QUESTIONS)]}"
                    at = time.perf_counter()
                    sent[await double.message(text, guild_id=guild)] = (guild, at)
                await asyncio.sleep(0)
            deadline = time.monotonic() + 120
            replies: dict[int, list[float]] = {}
            while time.monotonic() < deadline:
                replies = {}
                for r in double.requests:
                    ref = (r.data or {}).get("message_reference") if r.ok else None
                    if r.method == "POST" and ref and int(ref["message_id"]) in sent:
                        replies.setdefault(int(ref["message_id"]), []).append(r.received_at)
                if len(replies) == n:
                    break
                await asyncio.sleep(0.2)
            elapsed = time.perf_counter() - started
            await asyncio.sleep(1.0)  # let a duplicate, if any, arrive
            counts = {m: 0 for m in sent}
            for r in double.requests:
                ref = (r.data or {}).get("message_reference") if r.ok else None
                if r.method == "POST" and ref and int(ref["message_id"]) in counts:
                    counts[int(ref["message_id"])] += 1
            lost = sum(1 for c in counts.values() if c == 0)
            twice = sum(1 for c in counts.values() if c > 1)
            latencies = [(replies[m][0] - sent[m][1]) * 1e3 for m in replies]
            print(
                f"{n} questions in {guilds} guilds, 2 processes (shards 0 and 1 of 2): "
                f"answered {n - lost}, lost {lost}, answered twice {twice}; "
                f"{n / elapsed:.0f} questions/s"
            )
            print(
                f"latency p50 {percentile(latencies, 50):.0f} ms, "
                f"p99 {percentile(latencies, 99):.0f} ms (dispatch → reply accepted)"
            )
            for shard in shards:
                times = []
                page = ""
                for _ in range(20):
                    _, page, took = await shard.get("/metrics")
                    times.append(took * 1e3)
                own = sum(1 for g, _ in sent.values() if shard_of(g, 2) in shard.shard_ids)
                print(
                    f"shard {shard.shard_ids[0]}: owns {own} questions, /metrics counts "
                    f"{metric(page, 'articlebot_questions_total'):.0f}; scrape p50 "
                    f"{percentile(times, 50):.1f} ms, max {max(times):.1f} ms"
                )
            return 0 if lost == twice == 0 else 1


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--n", type=int, default=2000, help="questions (default 2000)")
    p.add_argument("--guilds", type=int, default=20, help="guilds (default 20)")
    p.add_argument("--wave", type=int, default=50, help="questions sent at once (default 50)")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as work:
        return asyncio.run(bench(args.n, args.guilds, args.wave, Path(work)))


if __name__ == "__main__":
    raise SystemExit(main())
