"""End-to-end question cost through ``articlebot chat --json``, as a user's pipe pays it.

A chat run of N questions and one of a single question, each in a fresh process and repeated;
the per-question cost is the difference of their medians over N - 1, so start-up, the index
check and the first question's one-off work cancel out.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

WORDS = ("What did", "Who is", "Where was", "When did", "Why was")


def articlebot_command() -> list[str]:
    """The ``articlebot`` console script of this environment (or its equivalent)."""
    script = Path(sys.executable).with_name("articlebot")
    if script.exists():
        return [sys.executable, str(script)]
    return [sys.executable, "-c", "import sys; from bot.cli import main; sys.exit(main())"]


def bench_env(cwd: Path) -> dict[str, str]:
    """The environment of a benchmarked run: no ``.env`` (cwd is empty), bytecode cached."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(cwd / "pycache")
    return env


def questions_of(terms: list[list[str]]) -> list[str]:
    """Questions a user might type about the passages the terms were drawn from."""
    return [f"{WORDS[i % len(WORDS)]} {' '.join(t)}?" for i, t in enumerate(terms)]


def with_typo(question: str) -> str:
    """The question with two letters of its longest word swapped (a typo the speller fixes)."""
    words = question.rstrip("?").split()
    i = max(range(len(words)), key=lambda j: len(words[j]))
    w = words[i]
    words[i] = w[:1] + w[2] + w[1] + w[3:] if len(w) > 3 else w
    return " ".join(words) + "?"


def chat_run(where: list[str], lines: list[str], cwd: Path) -> tuple[float, float, str]:
    """Wall and CPU seconds (user + system) of one ``chat --json`` process answering
    ``lines``, and what it printed (checked: one JSON a line)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    out = subprocess.run(
        [*articlebot_command(), "chat", "--json", *where],
        input="\n".join(lines) + "\n",
        cwd=cwd,
        env=bench_env(cwd),
        capture_output=True,
        text=True,
        check=True,
    )
    took = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    asked = sum(1 for line in lines if line.strip())
    if len(out.stdout.splitlines()) < asked:
        raise RuntimeError(f"chat answered {len(out.stdout.splitlines())} of {asked} questions")
    return took, cpu, out.stdout


def chat_wall(where: list[str], lines: list[str], cwd: Path) -> float:
    """Seconds of one ``chat --json`` process answering ``lines`` (checked: one JSON a line)."""
    return chat_run(where, lines, cwd)[0]


@dataclass(frozen=True, slots=True)
class ChatCost:
    """Medians of the runs: one question (s), N questions (s), and the cost of each (ms), in
    wall time and in CPU time (user + system of the ``chat`` process)."""

    one_s: float
    many_s: float
    per_question_ms: float
    questions: int
    per_question_cpu_ms: float = 0.0


def chat_cost(where: list[str], questions: list[str], runs: int = 3) -> ChatCost:
    """Per-question cost of ``chat --json`` over the index ``where`` names (see the module).
    ``questions`` may hold blank lines (a new conversation), which are not counted."""
    asked = sum(1 for q in questions if q.strip())
    with tempfile.TemporaryDirectory(prefix="articlebot-chat-") as tmp:
        cwd = Path(tmp)
        chat_run(where, questions[:1], cwd)  # warm-up: bytecode, page cache, digest table
        one: list[tuple[float, float]] = []
        many: list[tuple[float, float]] = []
        for _ in range(runs):
            one.append(chat_run(where, questions[:1], cwd)[:2])
            many.append(chat_run(where, questions, cwd)[:2])
    one_s, many_s = (statistics.median(w for w, _ in runs_) for runs_ in (one, many))
    one_cpu, many_cpu = (statistics.median(c for _, c in runs_) for runs_ in (one, many))
    per = (many_s - one_s) / (asked - 1) * 1e3
    per_cpu = (many_cpu - one_cpu) / (asked - 1) * 1e3
    return ChatCost(one_s, many_s, per, asked, per_cpu)
