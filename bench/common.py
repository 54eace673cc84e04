"""What the speed benchmarks share: timing, percentiles, memory and plain-text tables."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def seconds(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Wall time of one call, and what it returned."""
    started = time.perf_counter()
    out = fn()
    return time.perf_counter() - started, out


def latencies_ms(
    fn: Callable[[Any], Any], items: Sequence[Any], budget_s: float | None = None
) -> list[float]:
    """Milliseconds of ``fn(item)`` for each item, stopping early once ``budget_s`` is spent."""
    out: list[float] = []
    spent = 0.0
    for item in items:
        started = time.perf_counter()
        fn(item)
        took = time.perf_counter() - started
        out.append(took * 1e3)
        spent += took
        if budget_s is not None and spent > budget_s:
            break
    return out


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) by linear interpolation, as numpy computes it."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def rss_mb() -> tuple[float, float]:
    """Resident memory of this process in MB: (anonymous, file pages).

    Mapped file pages are the index file's pages this process has touched (the kernel maps
    64 KB around each page touched): page cache shared with every process mapping the file,
    and reclaimable; anonymous memory is what the process itself allocated.
    """
    import psutil

    info = psutil.Process().memory_info()
    shared = float(getattr(info, "shared", 0))  # Linux: RssFile + RssShmem
    return (info.rss - shared) / 1e6, shared / 1e6


def load_average() -> str:
    """The 1-minute load average and CPU count: timings on a busy machine are slower."""
    try:
        return f"load {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs"
    except OSError:
        return f"{os.cpu_count()} CPUs"


def fmt(value: float, digits: int = 2) -> str:
    """A number for a table cell: fixed digits, thousands separators, blanks for nan."""
    if value != value:  # nan
        return "–"
    return f"{value:,.{digits}f}"


def size_label(n: int) -> str:
    """1000 → "1k", 1000000 → "1M"."""
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1000 and n % 1000 == 0:
        return f"{n // 1000}k"
    return str(n)


def parse_size(text: str) -> int:
    """ "10k" → 10000, "1m" → 1000000, "2500" → 2500."""
    t = text.strip().lower()
    mult = {"k": 1000, "m": 1_000_000}.get(t[-1:], 1)
    return int(float(t[:-1] if mult > 1 else t) * mult)


def print_table(title: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A Markdown table (pastes into docs/ as it is), right-aligned but the first column."""
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        parts = [
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "| " + " | ".join(parts) + " |"

    print(f"\n{title}\n")
    print(line(headers))
    print(
        "|"
        + "|".join(("-" * (w + 1) + ":") if i else ("-" * (w + 2)) for i, w in enumerate(widths))
        + "|"
    )
    for r in rows:
        print(line(r))
    sys.stdout.flush()


def require_data(folder: Path, *names: str) -> None:
    """Exit 2 with one line naming what is missing when a benchmark's data files are absent."""
    missing = [name for name in names if not (folder / name).is_file()]
    if missing:
        print(
            f"{Path(sys.argv[0]).name}: missing {', '.join(missing)} in {folder} "
            "(pass --data FOLDER; the data sets are described in docs/quality.md)",
            file=sys.stderr,
        )
        raise SystemExit(2)
