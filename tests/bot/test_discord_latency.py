"""Every interaction is acknowledged far inside Discord's 3-second window (a short run of
``bench/discord_latency.py``; docs/performance.md reports the 200-question figures)."""

from __future__ import annotations

from bench.discord_latency import measure
from index.searchindex import SearchIndex
from tests.discord_double import percentile


async def test_twenty_questions_are_each_acknowledged_within_a_second(
    seed_index: SearchIndex,
) -> None:
    latencies = await measure(seed_index, 20)
    assert len(latencies) == 20
    # The target is p99 < 100 ms (measured: a few ms); the bound leaves room for a busy CI box.
    assert percentile(latencies, 99) < 1.0
