"""End-to-end question cost through ``articlebot chat --json``, as a user's pipe pays it.

A chat run of N questions and one of a single question, each in a fresh process and repeated;
the per-question cost is the difference of their medians over N - 1, so start-up, the index
check and the first question's one-off work cancel out.
"""

from __future__ import annotations

import os
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


def chat_wall(where: list[str], lines: list[str], cwd: Path) -> float:
    """Seconds of one ``chat --json`` process answering ``lines`` (checked: one JSON a line)."""
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
    if len(out.stdout.splitlines()) < len(lines):
        raise RuntimeError(f"chat answered {len(out.stdout.splitlines())} of {len(lines)} lines")
    return took


@dataclass(frozen=True, slots=True)
class ChatCost:
    """Medians of the runs: one question (s), N questions (s), and the cost of each (ms)."""

    one_s: float
    many_s: float
    per_question_ms: float
    questions: int


def chat_cost(where: list[str], questions: list[str], runs: int = 3) -> ChatCost:
    """Per-question cost of ``chat --json`` over the index ``where`` names (see the module)."""
    with tempfile.TemporaryDirectory(prefix="articlebot-chat-") as tmp:
        cwd = Path(tmp)
        chat_wall(where, questions[:1], cwd)  # warm-up: bytecode, page cache, digest table
        one: list[float] = []
        many: list[float] = []
        for _ in range(runs):
            one.append(chat_wall(where, questions[:1], cwd))
            many.append(chat_wall(where, questions, cwd))
    one_s, many_s = statistics.median(one), statistics.median(many)
    per = (many_s - one_s) / (len(questions) - 1) * 1e3
    return ChatCost(one_s, many_s, per, len(questions))
