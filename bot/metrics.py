"""What the bot counts for Prometheus: questions, abstentions, answer time, refusals, and
gauges read at scrape time (gateway latency per shard, index size and age).

The registry is the process's own (not prometheus-client's global one), so tests and
several bots in one process never share counts. No Discord import: the gauges come from a
:class:`Probe` the Discord side supplies.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

# Answer time is the core's work on the event loop: typically well under 10 ms.
LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


@dataclass(frozen=True, slots=True)
class Probe:
    """Read-outs of the running bot, each called at scrape time."""

    ready: Callable[[], bool]
    latencies: Callable[[], list[tuple[int, float]]]
    passages: Callable[[], int]
    index_path: Path


class _Gauges(Collector):
    """Gauges computed when scraped, so they follow a reloaded index and reconnected shards."""

    def __init__(self, probe: Probe) -> None:
        self._probe = probe

    def collect(self) -> Iterator[Metric]:
        probe = self._probe
        latency = GaugeMetricFamily(
            "articlebot_gateway_latency_seconds",
            "Heartbeat round trip of each shard's gateway connection",
            labels=["shard"],
        )
        for shard, seconds in probe.latencies():
            if seconds == seconds and seconds != float("inf"):  # NaN/inf before a heartbeat
                latency.add_metric([str(shard)], seconds)
        yield latency
        yield GaugeMetricFamily(
            "articlebot_ready", "1 once connected with the index loaded", value=probe.ready()
        )
        yield GaugeMetricFamily(
            "articlebot_index_passages", "Passages in the index answered from", probe.passages()
        )
        try:
            stat = probe.index_path.stat()
        except OSError:
            return
        yield GaugeMetricFamily("articlebot_index_bytes", "Size of the index file", stat.st_size)
        yield GaugeMetricFamily(
            "articlebot_index_age_seconds",
            "Seconds since the index file was written",
            max(0.0, time.time() - stat.st_mtime),
        )


class Metrics:
    """The counters the bot updates and the registry ``/metrics`` renders."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.questions = Counter(
            "articlebot_questions", "Questions answered", registry=self.registry
        )
        self.abstentions = Counter(
            "articlebot_abstentions",
            "Answers that said the articles do not say",
            registry=self.registry,
        )
        self.answer_seconds = Histogram(
            "articlebot_answer_seconds",
            "Time the core took to answer a question",
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.refusals = Counter(
            "articlebot_rate_limited",
            "Questions refused by the per-person cooldown or the global rate cap",
            registry=self.registry,
        )

    def watch(self, probe: Probe) -> None:
        """Add the scrape-time gauges of ``probe`` (once)."""
        self.registry.register(_Gauges(probe))

    def answered(self, abstained: bool, seconds: float) -> None:
        """Count one answer."""
        self.questions.inc()
        if abstained:
            self.abstentions.inc()
        self.answer_seconds.observe(seconds)

    def refused(self) -> None:
        """Count one question refused by a rate limit."""
        self.refusals.inc()

    def render(self) -> bytes:
        """The Prometheus text exposition of everything."""
        return generate_latest(self.registry)


__all__ = ["CONTENT_TYPE", "LATENCY_BUCKETS", "Metrics", "Probe"]
