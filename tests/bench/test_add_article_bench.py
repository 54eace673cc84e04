"""bench/add_article.py runs end to end on a tiny corpus (its figures are for docs/, not here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"


def test_add_article_bench_adds_asks_and_removes_on_a_tiny_corpus(tmp_path: Path) -> None:
    args = ["--sizes", "5", "--runs", "1", "--work", str(tmp_path)]
    done = subprocess.run(
        [sys.executable, str(BENCH / "add_article.py"), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    row = next(line for line in done.stdout.splitlines() if line.startswith("| 5 articles"))
    assert row.count(" s") >= 5
    assert sorted(p.name for p in (tmp_path / "corpus5").iterdir() if p.suffix == ".txt")
