"""What counting for /metrics costs an answer: the engine with and without its counters,
alternately over the seed article, and one ``Metrics.answered`` call alone.

    python bench/metrics_cost.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.context import open_for  # noqa: E402  (after sys.path)
from bot.discord_app.engine import Engine  # noqa: E402
from bot.discord_app.metered import MeteredEngine  # noqa: E402
from bot.metrics import Metrics  # noqa: E402
from bot.settings import load_settings  # noqa: E402

SEED = ROOT / "tests" / "data" / "corpus"
QUESTIONS = (
    "Who is Ali Shamkhani?",
    "What did the report say?",
    "Where are British troops?",
    "When did tensions erupt?",
)


def main() -> int:
    with tempfile.TemporaryDirectory() as work:
        settings = load_settings(env_file=None, corpus=SEED, index=Path(work) / "seed.idx")
        index = open_for(settings, quiet=True).index
        engines = [("plain", Engine(index)), ("metered", MeteredEngine(index, metrics=Metrics()))]
        for name, engine in engines * 2:
            engine.warm()
            took = []
            for n in range(4000):
                started = time.perf_counter()
                engine.ask(1, n, QUESTIONS[n % len(QUESTIONS)])
                took.append(time.perf_counter() - started)
            took.sort()
            p50, p99 = took[len(took) // 2], took[int(len(took) * 0.99)]
            print(f"{name:8} p50 {p50 * 1e6:4.0f} µs  p99 {p99 * 1e6:5.0f} µs")
    metrics = Metrics()
    started = time.perf_counter()
    for n in range(100_000):
        metrics.answered(n % 7 == 0, 0.001)
    print(f"Metrics.answered: {(time.perf_counter() - started) / 100_000 * 1e6:.2f} µs a call")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
