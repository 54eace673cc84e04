"""Every interaction is acknowledged far inside Discord's 3-second window (a short run of
the measurement ``bench/discord_latency.py`` reports)."""

from __future__ import annotations

import statistics

from index.searchindex import SearchIndex
from tests.discord_double.latency import measure


async def test_twenty_questions_are_each_acknowledged_within_a_second(
    seed_index: SearchIndex,
) -> None:
    latencies = await measure(seed_index, 20)
    assert len(latencies) == 20
    # The target is p99 < 100 ms (measured: a few ms); the bound leaves room for a busy CI box.
    p99 = statistics.quantiles(latencies, n=100, method="inclusive")[98]
    assert p99 < 1.0
