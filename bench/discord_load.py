"""Load through the Discord double: many people asking at once, in many channels.

The scripts and their checks are :mod:`tests.discord_double.load` and
:mod:`tests.discord_double.load_check` (tests/bot/test_discord_load.py runs them small, with
the bot in the test's process). Here the bot is the real ``articlebot run`` in its own process
(cooldown off, rate cap high), so its RSS is its own and the figures do not include the
double's work:

    python bench/discord_load.py                      # 1,000 questions, 50 people, 10 channels
    python bench/discord_load.py --n 200 --users 20 --channels 4

It prints throughput, p50/p99 latency (dispatch → the bot's reply accepted by the double)
and the bot's RSS after the 200th and the last answer.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import percentile  # noqa: E402  (after sys.path)
from bot.context import bm25_params  # noqa: E402
from bot.settings import Settings  # noqa: E402
from index.build import open_index  # noqa: E402
from tests.discord_double import DiscordDouble  # noqa: E402
from tests.discord_double.articlebot import TOKEN  # noqa: E402
from tests.discord_double.load import (  # noqa: E402
    SLASH,
    TOPICS,
    LoadResult,
    add_channels,
    add_people,
    plan,
    run_load,
)
from tests.discord_double.load_check import problems  # noqa: E402
from tests.discord_double.process import ARTICLEBOT, guild_env  # noqa: E402


def report(result: LoadResult) -> str:
    """Throughput, latency percentiles and RSS samples, one line each."""
    ms = [v * 1000 for v in result.latencies]
    lines = [
        f"{len(result.asked)} questions, {len(ms)} answered in {result.elapsed:.1f} s: "
        f"{result.throughput:.0f} questions/s",
        f"dispatch → reply: p50 {percentile(ms, 50):.1f} ms, p99 {percentile(ms, 99):.1f} ms,"
        f" max {max(ms):.1f} ms",
    ]
    for kind, ways in (("slash commands", SLASH), ("messages", ("mention", "reply"))):
        part = [
            a.latency * 1000 for a in result.asked if a.latency is not None and a.step.way in ways
        ]
        if part:
            lines.append(
                f"  {kind} ({len(part)}): p50 {percentile(part, 50):.1f} ms, "
                f"p99 {percentile(part, 99):.1f} ms"
            )
    if result.bot_cpu is not None:
        lines.append(
            f"bot CPU {result.bot_cpu:.2f} s in all, "
            f"{result.bot_cpu / max(len(ms), 1) * 1000:.2f} ms a question"
        )
    if result.rss:
        samples = ", ".join(f"{k}th {v / 2**20:.1f} MiB" for k, v in sorted(result.rss.items()))
        lines.append(f"bot RSS after the {samples}")
    return "\n".join(lines)


@contextlib.asynccontextmanager
async def bot_process(
    double: DiscordDouble, corpus: Path, index_file: Path, log: Path
) -> AsyncIterator[int]:
    """``articlebot run`` against ``double`` (no cooldown, a high rate cap); yields its pid."""
    env = guild_env(
        double,
        corpus,
        index_file.parent,
        ARTICLEBOT_INDEX=str(index_file),
        ARTICLEBOT_USER_COOLDOWN_SECONDS="0",
        ARTICLEBOT_MAX_QUESTIONS_PER_SECOND="10000",
        ARTICLEBOT_LOG_LEVEL="WARNING",
    )
    with log.open("wb") as err:
        process = await asyncio.create_subprocess_exec(
            str(ARTICLEBOT),
            "run",
            env=env,
            cwd=index_file.parent,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=err,
        )
        try:
            try:
                await double.wait_ready(timeout=60)
                await double.wait_for_request(lambda r: r.method == "PUT", 30)  # commands synced
            except TimeoutError:
                raise RuntimeError("the bot did not start:\n" + log.read_text()) from None
            yield process.pid
        finally:
            if process.returncode is None:
                process.terminate()
                await asyncio.wait_for(process.wait(), 15)


async def run_bench(n: int, users: int, channels: int, seed: int) -> tuple[LoadResult, list[str]]:
    """The full run: the double here, the bot in its own process; the result and problems."""
    import psutil

    top_k = 3  # the bot's default
    with tempfile.TemporaryDirectory() as tmp:
        index_file = Path(tmp) / "seed.idx"
        # The index the bot will load (its settings' parameters), built here for the checks.
        params = bm25_params(Settings())
        index = open_index(ROOT / "corpus", index_file, params).index
        async with DiscordDouble(token=TOKEN) as double:
            people = add_people(double, users)
            rooms = add_channels(double, channels)
            async with bot_process(
                double, ROOT / "corpus", index_file, Path(tmp) / "bot.log"
            ) as pid:
                bot = psutil.Process(pid)
                # First-use costs are not steady state: someone else asks a few first.
                warm = plan(len(TOPICS) * 5, 1, 1, seed=-1)
                await run_load(double, warm, [double.make_user("warm")], rooms[:1])
                marks = {200, n, *range(1000, n, 1000)}
                rss: dict[int, int] = {}

                def sample(count: int) -> None:
                    if count in marks:
                        rss[count] = bot.memory_info().rss

                scripts = plan(n, users, channels, seed)
                cpu = sum(bot.cpu_times()[:2])
                result = await run_load(double, scripts, people, rooms, on_answer=sample)
                result.bot_cpu = sum(bot.cpu_times()[:2]) - cpu
                result.rss = rss
                found = problems(double, result, index, top_k)
    return result, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="questions (default 1000)")
    parser.add_argument("--users", type=int, default=50, help="people asking (default 50)")
    parser.add_argument("--channels", type=int, default=10, help="channels (default 10)")
    parser.add_argument("--seed", type=int, default=0, help="script seed (default 0)")
    args = parser.parse_args()
    result, found = asyncio.run(run_bench(args.n, args.users, args.channels, args.seed))
    print(report(result))
    if result.rss.get(200) and result.rss.get(args.n):
        growth = result.rss[args.n] / result.rss[200] - 1
        print(f"RSS growth from the 200th to the {args.n:,}th question: {growth:+.1%}")
    print("problems: none" if not found else "problems:\n  " + "\n  ".join(found[:20]))
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
