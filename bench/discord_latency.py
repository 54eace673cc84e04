"""How fast the Discord bot acknowledges a question: dispatch to callback, through real discord.py.

The test double of Discord (tests/discord_double) dispatches ``/ask`` interactions over its
gateway and timestamps the bot's callback; the bot is the real ArticleBot over the seed index,
connected exactly as in production (REST and gateway on 127.0.0.1). Discord allows 3 s.
The double runs in the bot's event loop, so with concurrency > 1 the figures include queueing
behind the double's own work as well as the bot's.

    python bench/discord_latency.py              # 200 questions, one after another
    python bench/discord_latency.py --n 1000 --concurrency 10
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.discord_app import ArticleBot, Engine, Limiter  # noqa: E402  (after sys.path)
from index.build import open_index  # noqa: E402
from index.searchindex import SearchIndex  # noqa: E402
from tests.discord_double import DiscordDouble, percentile, running_client  # noqa: E402

QUESTIONS = ROOT / "tests" / "data" / "seed_questions.jsonl"


def questions() -> list[str]:
    """The seed question set (88 questions about the bundled article)."""
    with QUESTIONS.open(encoding="utf-8") as f:
        return [json.loads(line)["question"] for line in f if line.strip()]


async def measure(index: SearchIndex, n: int, concurrency: int = 1) -> list[float]:
    """Seconds from dispatch to accepted callback for ``n`` ``/ask`` questions."""
    asked = questions()
    async with DiscordDouble() as double:
        # No cooldown and a high cap: the bench measures answering, not refusing.
        bot = ArticleBot(
            Engine(index, top_k=1),
            Limiter(0.0, 1e4),
            sync_guilds=(double.guild.id,),
            guild_ready_timeout=0.05,
        )
        async with running_client(double, bot):
            for warm in asked[:3]:  # first-use costs (stemmer, typo index) are not steady state
                iid = await double.slash_command("ask", {"question": warm})
                await double.wait_for_response(iid)
            sem = asyncio.Semaphore(concurrency)

            async def one(i: int) -> float:
                async with sem:
                    iid = await double.slash_command("ask", {"question": asked[i % len(asked)]})
                    await double.wait_for_response(iid, timeout=10)
                    latency = double.interaction(iid).latency
                    assert latency is not None
                    return latency

            return list(await asyncio.gather(*(one(i) for i in range(n))))


def report(latencies: list[float]) -> str:
    """p50, p99 and max in milliseconds."""
    ms = [v * 1000 for v in latencies]
    return (
        f"{len(ms)} questions: p50 {percentile(ms, 50):.1f} ms, "
        f"p99 {percentile(ms, 99):.1f} ms, max {max(ms):.1f} ms, "
        f"mean {statistics.fmean(ms):.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=200, help="questions (default 200)")
    parser.add_argument("--concurrency", type=int, default=1, help="questions in flight")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        index = open_index(ROOT / "corpus", Path(tmp) / "seed.idx").index
        started = time.perf_counter()
        latencies = asyncio.run(measure(index, args.n, args.concurrency))
        elapsed = time.perf_counter() - started
    print(
        f"/ask, dispatch → callback, concurrency {args.concurrency}: {report(latencies)} "
        f"({elapsed:.1f} s in all)"
    )


if __name__ == "__main__":
    main()
