"""bench/discord_shards.py runs end to end, small: every question answered once."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "discord_shards.py"


@pytest.mark.slow
def test_the_shards_bench_answers_every_question_once() -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH), "--n", "40", "--guilds", "4", "--wave", "10"],
        capture_output=True,
        text=True,
        timeout=110,
    )
    assert done.returncode == 0, done.stderr
    assert "answered 40, lost 0, answered twice 0" in done.stdout
    assert "owns 20 questions, /metrics counts 20" in done.stdout
