"""How fast the Discord bot acknowledges a question: dispatch to callback, through real discord.py.

The measurement is :func:`tests.discord_double.latency.measure` (the real ArticleBot over the
seed index on the Discord double); this prints its figures:

    python bench/discord_latency.py              # 200 questions, one after another
    python bench/discord_latency.py --n 1000 --concurrency 10
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import percentile  # noqa: E402  (after sys.path)
from index.build import open_index  # noqa: E402
from tests.discord_double.latency import measure  # noqa: E402


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
