"""What recording feedback costs the event loop per answer: building the record and queueing it.

Answers from the seed index (the seed questions, answered for real) are recorded from a
running event loop while the writer thread writes them to an SQLite file, in bursts (many
answers at once, as under load) and one by one. The cost is measured around exactly what a
handler adds: ``answer_record(...)`` and ``writer.record(...)`` (a vote: ``writer.vote``).
The target is 1 ms at p99.

``--discord N`` also runs the Discord latency bench (tests/discord_double/latency.py: the
real ArticleBot on the Discord double, ``/ask`` dispatch → callback) N questions with
feedback off and on, timing what the handler spends in ``answered`` (record the answer,
add the vote buttons) on the event loop. The vote buttons are Discord UI objects with
reference cycles, so now and then the cyclic collector runs while they are made; its pause
(inflated here by the double living in the same process) is counted in. ``--no-gc`` shows
the cost without it.

    python bench/feedback_cost.py                  # 20,000 answers and 20,000 votes
    python bench/feedback_cost.py --answers 2000 --discord 300
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import bot.discord_app.commands as commands  # noqa: E402
from bench.common import percentile  # noqa: E402
from bot.feedback import FeedbackWriter, Front, VoteRecord, answer_record  # noqa: E402
from index.answering import answer  # noqa: E402
from index.build import build_index  # noqa: E402
from index.corpus import load_corpus  # noqa: E402
from index.models import Answer  # noqa: E402
from index.query import parse_query  # noqa: E402

QUESTIONS = ROOT / "tests" / "data" / "seed_questions.jsonl"
CORPUS = ROOT / "tests" / "data" / "corpus"


def seed_answers() -> list[Answer]:
    """The seed questions answered over the seed article (a tests/ fixture copy)."""
    corpus = load_corpus(CORPUS if CORPUS.is_dir() else ROOT / "corpus")
    index = build_index(corpus.articles, corpus_hash=corpus.fingerprint)
    with QUESTIONS.open(encoding="utf-8") as f:
        asked = [json.loads(line)["question"] for line in f if line.strip()]
    return [answer(index, parse_query(index, q), k=3) for q in asked]


async def measure(
    writer: FeedbackWriter, answers: list[Answer], n: int, burst: int
) -> list[tuple[float, float]]:
    """(wall, CPU) microseconds each answer's recording took on the loop, ``burst`` answers
    at a time."""
    costs: list[tuple[float, float]] = []
    for start in range(0, n, burst):
        for i in range(start, min(n, start + burst)):
            t0, c0 = time.perf_counter(), time.thread_time()
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
            costs.append(((time.perf_counter() - t0) * 1e6, (time.thread_time() - c0) * 1e6))
        await asyncio.sleep(0.002)  # let other work in; the writer thread runs meanwhile
    return costs


def discord_figures(n: int, tmp: Path) -> None:
    """``/ask`` latency through the double with feedback off and on, and the time spent in
    ``answered`` on the event loop per answer."""
    from index.build import open_index
    from tests.discord_double.latency import measure

    index = open_index(CORPUS, tmp / "seed.idx").index
    spent: list[tuple[float, float]] = []  # (wall µs, this thread's CPU µs) per call
    real = commands.answered

    def timed(*args: Any, **kwargs: Any) -> Any:
        t0, c0 = time.perf_counter(), time.thread_time()
        try:
            return real(*args, **kwargs)
        finally:
            spent.append(((time.perf_counter() - t0) * 1e6, (time.thread_time() - c0) * 1e6))

    commands.answered = timed  # type: ignore[assignment]
    try:
        off = asyncio.run(measure(index, n))
        spent_off = spent[-n:]
        spent.clear()
        writer = FeedbackWriter(tmp / "discord.db", secret="bench")
        on = asyncio.run(measure(index, n, feedback=writer))
        writer.close()
    finally:
        commands.answered = real  # type: ignore[assignment]
    print()
    print(f"Discord /ask, dispatch → callback, {n} questions one after another:")
    print("| feedback | p50 ms | p99 ms | max ms |")
    print("|---|---|---|---|")
    for label, values in (("off", off), ("on", on)):
        ms = [v * 1e3 for v in values]
        print(f"| {label} | {percentile(ms, 50):.2f} | {percentile(ms, 99):.2f} | {max(ms):.2f} |")
    print()
    print("Time the /ask handler spends in `answered` per answer (on: record + vote buttons);")
    print("wall time counts the host descheduling the process, CPU time only its own work:")
    print("| feedback | clock | p50 µs | p90 µs | p99 µs | max µs |")
    print("|---|---|---|---|---|---|")
    for label, pairs in (("off", spent_off), ("on", spent[-n:])):
        for clock, values in (("wall", [w for w, _ in pairs]), ("CPU", [c for _, c in pairs])):
            print(
                f"| {label} | {clock} | {percentile(values, 50):.1f} | "
                f"{percentile(values, 90):.1f} | {percentile(values, 99):.1f} | "
                f"{max(values):.1f} |"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--answers", type=int, default=20_000)
    parser.add_argument("--discord", type=int, default=0, metavar="N", help="also via Discord")
    parser.add_argument(
        "--no-gc",
        action="store_true",
        help="switch the cyclic garbage collector off (its pauses land on whatever allocates)",
    )
    args = parser.parse_args()
    if args.no_gc:
        gc.disable()
    answers = seed_answers()
    with tempfile.TemporaryDirectory() as tmp:
        writer = FeedbackWriter(Path(tmp) / "feedback.db", secret="bench")
        writer.flush()
        print("| answers at a time | clock | answers | p50 µs | p99 µs | max µs |")
        print("|---|---|---|---|---|---|")
        for burst in (1, 10, 200):
            pairs = asyncio.run(measure(writer, answers, args.answers // 3, burst))
            for clock, costs in (("wall", [w for w, _ in pairs]), ("CPU", [c for _, c in pairs])):
                print(
                    f"| {burst} | {clock} | {len(costs):,} | {percentile(costs, 50):.1f} | "
                    f"{percentile(costs, 99):.1f} | {max(costs):.1f} |"
                )
        ok = writer.flush(120)
        writer.close()
        print(f"everything written: {ok}")
        if args.discord:
            discord_figures(args.discord, Path(tmp))


if __name__ == "__main__":
    main()
