"""How fast articlebot acknowledges a question: dispatch to callback, through real discord.py.

The double dispatches ``/ask`` interactions over its gateway and timestamps the bot's
callback; the bot is the real ArticleBot, connected exactly as in production (REST and gateway
on 127.0.0.1). Discord allows 3 s. The double runs in the bot's event loop, so with
concurrency > 1 the figures include queueing behind the double's own work as well as the
bot's. ``bench/discord_latency.py`` reports the figures; tests/bot/test_discord_latency.py
runs it small.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from bot.discord_app import ArticleBot, Engine, Limiter
from index.searchindex import SearchIndex

from .client import running_client
from .double import DiscordDouble

QUESTIONS = Path(__file__).resolve().parents[1] / "data" / "seed_questions.jsonl"


def questions() -> list[str]:
    """The seed question set (88 questions about the bundled article)."""
    with QUESTIONS.open(encoding="utf-8") as f:
        return [json.loads(line)["question"] for line in f if line.strip()]


async def measure(
    index: SearchIndex, n: int, concurrency: int = 1, **bot_options: Any
) -> list[float]:
    """Seconds from dispatch to accepted callback for ``n`` ``/ask`` questions
    (``bot_options`` go to the ArticleBot, e.g. ``feedback=``)."""
    asked = questions()
    async with DiscordDouble() as double:
        # No cooldown and a high cap: the bench measures answering, not refusing.
        bot = ArticleBot(
            Engine(index, top_k=1),
            Limiter(0.0, 1e4),
            sync_guilds=(double.guild.id,),
            guild_ready_timeout=0.05,
            **bot_options,
        )
        async with running_client(double, bot):
            await bot.wait_synced()
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


__all__ = ["measure", "questions"]
