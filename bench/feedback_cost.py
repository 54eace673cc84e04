"""What recording feedback costs the event loop per answer: building the record and queueing it.

Answers from the seed index (the seed questions, answered for real) are recorded from a
running event loop while the writer thread writes them to an SQLite file, in bursts (many
answers at once, as under load) and one by one. The cost is measured around exactly what a
handler adds: ``answer_record(...)`` and ``writer.record(...)`` (a vote: ``writer.vote``).
The target is 1 ms at p99.

    python bench/feedback_cost.py                  # 20,000 answers and 20,000 votes
    python bench/feedback_cost.py --answers 2000
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import percentile  # noqa: E402
from bot.feedback import FeedbackWriter, Front, VoteRecord, answer_record  # noqa: E402
from index.answer import answer  # noqa: E402
from index.build import build_index  # noqa: E402
from index.corpus import load_corpus  # noqa: E402
from index.models import Answer  # noqa: E402

QUESTIONS = ROOT / "tests" / "data" / "seed_questions.jsonl"
CORPUS = ROOT / "tests" / "data" / "corpus"


def seed_answers() -> list[Answer]:
    """The seed questions answered over the seed article (a tests/ fixture copy)."""
    corpus = load_corpus(CORPUS if CORPUS.is_dir() else ROOT / "corpus")
    index = build_index(corpus.articles, corpus_hash=corpus.fingerprint)
    with QUESTIONS.open(encoding="utf-8") as f:
        asked = [json.loads(line)["question"] for line in f if line.strip()]
    return [answer(index, q, k=3) for q in asked]


async def measure(writer: FeedbackWriter, answers: list[Answer], n: int, burst: int) -> list[float]:
    """Microseconds each answer's recording took on the loop, ``burst`` answers at a time."""
    costs: list[float] = []
    for start in range(0, n, burst):
        for i in range(start, min(n, start + burst)):
            t0 = time.perf_counter()
            rec = answer_record(
                10**18 + i,
                answers[i % len(answers)],
                front=Front.SLASH,
                at=time.time(),
                guild_id=1,
                channel_id=2,
            )
            writer.record(rec)
            writer.vote(VoteRecord(10**18 + i, 10**17 + i, -1 if i % 3 else 1, time.time()))
            costs.append((time.perf_counter() - t0) * 1e6)
        await asyncio.sleep(0.002)  # let other work in; the writer thread runs meanwhile
    return costs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--answers", type=int, default=20_000)
    args = parser.parse_args()
    answers = seed_answers()
    with tempfile.TemporaryDirectory() as tmp:
        writer = FeedbackWriter(Path(tmp) / "feedback.db", secret="bench")
        writer.flush()
        print("| answers at a time | answers | p50 µs | p99 µs | max µs |")
        print("|---|---|---|---|---|")
        for burst in (1, 10, 200):
            costs = asyncio.run(measure(writer, answers, args.answers // 3, burst))
            print(
                f"| {burst} | {len(costs):,} | {percentile(costs, 50):.1f} | "
                f"{percentile(costs, 99):.1f} | {max(costs):.1f} |"
            )
        ok = writer.flush(120)
        writer.close()
        print(f"everything written: {ok}")


if __name__ == "__main__":
    main()
