"""The feedback database at scale: its size after N answers, and how long `report` takes.

Answers are written as the bot writes them (the writer thread, in its batches), spread over
the retention period (90 days), a fifth of them unanswered, one in twenty voted on. Then the
report is built in-process (the queries alone) and run as `articlebot report` (a fresh
process: Python start, imports, queries and printing), for the default week and for all.

    python bench/feedback_scale.py                 # 100,000 answers
    python bench/feedback_scale.py --answers 1000  # a quick look
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import percentile  # noqa: E402
from bot.feedback import AnswerRecord, FeedbackWriter, Front, Reason, VoteRecord  # noqa: E402
from bot.feedback.report import build_report  # noqa: E402
from bot.feedback.store import open_read  # noqa: E402

QUESTIONS = ROOT / "tests" / "data" / "seed_questions.jsonl"
ARTICLEBOT = Path(sys.executable).parent / "articlebot"
DAY = 86_400


def questions() -> list[str]:
    """Real question wordings (the seed set), varied below so that few repeat exactly."""
    with QUESTIONS.open(encoding="utf-8") as f:
        return [json.loads(line)["question"] for line in f if line.strip()]


def fill(path: Path, n: int, seed: int = 7) -> float:
    """Write ``n`` answers (and votes on one in twenty) through the writer; seconds taken."""
    rng = random.Random(seed)
    asked = questions()
    articles = [f"{i:03d}_{rng.getrandbits(64):016x}" for i in range(200)]
    fronts = list(Front)
    now = time.time()
    started = time.perf_counter()
    writer = FeedbackWriter(path, secret="bench")
    for i in range(n):
        question = f"{rng.choice(asked)} {rng.choice(['', 'please', 'now', str(i % 97)])}"
        words = [w.strip("?,.").lower() for w in question.split() if len(w) > 3]
        article = rng.choice(articles)
        abstained = rng.random() < 0.2
        answer_id = 1_100_000_000_000_000_000 + i * 4096 + rng.randrange(4096)
        writer.record(
            AnswerRecord(
                answer_id=answer_id,
                at=now - (n - i) / n * 90 * DAY,  # in the order they were asked
                front=rng.choice(fronts),
                guild_id=900_000_000_000_000_000 + rng.randrange(20),
                channel_id=800_000_000_000_000_000 + rng.randrange(200),
                question=question,
                query=" ".join(words),
                abstained=abstained,
                article_id=article,
                passage_id=f"{article}:{rng.randrange(1, 40)}",
                score=round(rng.uniform(1, 20), 4),
            )
        )
        if i % 20 == 0:
            for voter in range(rng.randrange(1, 4)):
                value = -1 if rng.random() < 0.4 else 1
                reason = rng.choice(list(Reason)) if value < 0 and rng.random() < 0.7 else None
                writer.vote(VoteRecord(answer_id, 10**17 + voter, value, now, reason))
        if i % 5000 == 4999:  # the bot's pace is far slower: keep the queue from ballooning
            writer.flush(60)
    writer.close(120)
    return time.perf_counter() - started


def size_mb(path: Path) -> float:
    """The database's size on disk, with its WAL and shared-memory files."""
    parts = [path, Path(f"{path}-wal"), Path(f"{path}-shm")]
    return sum(p.stat().st_size for p in parts if p.exists()) / 1e6


def report_ms(path: Path, since: float | None, runs: int = 5) -> tuple[list[float], list[float]]:
    """Milliseconds to build the report in-process (read-only connection included): wall
    time and this process's CPU time."""
    wall, cpu = [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        conn = open_read(path)
        build_report(conn, since=since)
        conn.close()
        wall.append((time.perf_counter() - t0) * 1e3)
        cpu.append((time.process_time() - c0) * 1e3)
    return wall, cpu


def cli_ms(args: list[str], runs: int = 3) -> tuple[list[float], list[float]]:
    """Milliseconds of `articlebot ARGS` as a fresh process: wall time, and CPU time
    (user + system; near what the wall time is on an idle machine)."""
    wall, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        done = subprocess.run(
            [str(ARTICLEBOT), *args],
            capture_output=True,
            text=True,
            check=False,
        )
        wall.append((time.perf_counter() - t0) * 1e3)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        used = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        cpu.append(used * 1e3)
        if done.returncode:
            raise SystemExit(done.stderr)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--answers", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "feedback.db"
        took = fill(path, args.answers)
        conn = open_read(path)
        n_answers = conn.execute("SELECT count(*) FROM answers").fetchone()[0]
        n_votes = conn.execute("SELECT count(*) FROM votes").fetchone()[0]
        conn.close()
        print(f"{n_answers:,} answers and {n_votes:,} votes written in {took:.1f} s")
        print(f"database size: {size_mb(path):.1f} MB ({path.name} with -wal and -shm)")
        week = time.time() - 7 * DAY
        print("| report | median ms | max ms | CPU ms (median) |")
        print("|---|---|---|---|")
        for label, (ms, cpu) in (
            ("in-process, last 7 days", report_ms(path, week)),
            ("in-process, all 90 days", report_ms(path, None)),
        ):
            print(
                f"| {label} | {percentile(ms, 50):.0f} | {max(ms):.0f} | "
                f"{percentile(cpu, 50):.0f} |"
            )
        runs: list[tuple[str, list[str]]] = [
            ("`articlebot report --help` (start-up alone)", ["report", "--help"]),
        ]
        for since in ("7d", "all"):
            label = f"`articlebot report --since {since} --json`"
            runs.append((label, ["report", "--db", str(path), "--since", since, "--json"]))
        for label, argv in runs:
            wall, cpu = cli_ms(argv)
            print(
                f"| {label} (a new process) | {percentile(wall, 50):.0f} | {max(wall):.0f} | "
                f"{percentile(cpu, 50):.0f} |"
            )


if __name__ == "__main__":
    main()
