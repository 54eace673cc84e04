"""The feedback benchmarks run end to end on tiny inputs (their figures are for docs/)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"


def run_bench(script: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(BENCH / script), *args], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_feedback_scale_reports_size_and_report_times() -> None:
    out = run_bench("feedback_scale.py", "--answers", "300")
    assert "300 answers and" in out
    assert "database size:" in out
    assert "`articlebot report --since all --json`" in out


def test_feedback_cost_writes_everything_it_recorded() -> None:
    out = run_bench("feedback_cost.py", "--answers", "90")
    assert "| 200 | CPU | 30 |" in out
    assert "everything written: True" in out


def test_feedback_cost_times_answers_through_discord_with_feedback_off_and_on() -> None:
    out = run_bench("feedback_cost.py", "--answers", "30", "--discord", "20")
    assert "| off | CPU |" in out and "| on | CPU |" in out
