"""How fast the Discord bot is back after a failure: a failed start-up sync, bad payloads.

The real ``articlebot run`` in its own process, the Discord double as Discord. Its start-up
registration gets a reply without command ids; then come a MESSAGE_CREATE whose
``mention_roles`` holds objects and a DM with ``"guild_id": null`` (each makes discord.py
raise while parsing). After each, a mention is timed: the pause before the bot reconnects,
and the answer after it. The target (docs/reliability.md) is an answer within 5 s of
reconnecting.

    python bench/discord_recovery.py
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.discord_double import DiscordDouble  # noqa: E402  (after sys.path)
from tests.discord_double.articlebot import TOKEN  # noqa: E402
from tests.discord_double.process import guild_env, start, stop  # noqa: E402

GUILD_SYNC = "PUT /applications/*/guilds/*/commands"
QUESTION = "Who is Ali Shamkhani?"


async def answer_ms(double: DiscordDouble) -> float:
    """Milliseconds from a mention of the bot to its accepted reply."""
    started = time.perf_counter()
    message = await double.message(f"{double.bot.mention} {QUESTION}")
    await double.wait_for_reply(message, timeout=10)
    return (time.perf_counter() - started) * 1000


async def run_bench() -> list[str]:
    """One line per failure: what it was and how the bot came back."""
    lines: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        async with DiscordDouble(token=TOKEN) as double:
            double.reply_next(GUILD_SYNC, [{"name": "ask", "description": "no id"}])
            env = guild_env(
                double,
                ROOT / "corpus",
                Path(tmp),
                ARTICLEBOT_LOG_LEVEL="WARNING",
            )
            process = await start(["run"], env, Path(tmp))
            try:
                await double.wait_ready(timeout=60)
                await double.wait_for_request(lambda r: r.method == "PUT", 30)
                first = await answer_ms(double)
                lines.append(f"sync reply without ids: next mention answered in {first:.0f} ms")
                dm = double.dm_channel(double.users[0]).id
                bad = (
                    ("mention_roles holding objects", None, {"mention_roles": [{"id": "1"}]}),
                    ('DM with "guild_id": null', dm, {"guild_id": None}),
                )
                for name, channel, raw in bad:
                    sent = time.perf_counter()
                    content = QUESTION if channel else f"{double.bot.mention} {QUESTION}"
                    await double.message(content, channel_id=channel, raw=raw)
                    await asyncio.sleep(0.05)  # the bot drops the connection at once
                    await double.wait_ready(timeout=60)
                    back = time.perf_counter() - sent
                    lines.append(
                        f"{name}: reconnected after {back:.2f} s, next mention answered "
                        f"{await answer_ms(double):.0f} ms after reconnecting"
                    )
            finally:
                code, err = await stop(process)
            lines.append(
                f"exit code after SIGTERM: {code}; tracebacks logged: {err.count('Traceback')}"
            )
    return lines


def main() -> None:
    for line in asyncio.run(run_bench()):
        print(line)


if __name__ == "__main__":
    main()
