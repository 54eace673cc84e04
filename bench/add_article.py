"""Adding an article by link, then asking about it: seconds on 1,000- and 10,000-article corpora.

Targets (issue 13): answerable within 2 s of `articlebot add URL` on 1,000 articles, within
5 s on 10,000. Each run serves a fresh news page on 127.0.0.1 (ARTICLEBOT_FETCH_ALLOW_PRIVATE
set for the run), times `articlebot add URL` and then `articlebot ask --json` about a word only
that page holds (the answer must come from it), then removes the article again (timed too),
so every run starts from the same corpus. Everything runs as users run it: real subprocesses
of the installed console script, the index file on disk.

The corpora come from `bench/gen_corpus.py` (fixed seed, about 20 passages an article) and
are built once into WORK; the full build they need is timed too (what adding would cost
without incremental indexing).

    python bench/add_article.py                       # 1k and 10k, 3 runs each
    python bench/add_article.py --sizes 1000 --runs 5
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from common import ROOT, fmt, load_average
from gen_corpus import generate, write_corpus

from index import TUNED, build_index, default_workers, identity_of, load_corpus, save_index
from index.corpus import corpus_files, fingerprint
from index.freshness import corpus_fingerprint, table_path
from index.identity import wanted_identity
from index.store import read_manifest
from tests.newspages import news_page, serving

ARTICLEBOT = Path(sys.executable).parent / "articlebot"


def _prepare(n_articles: int, work: Path) -> tuple[Path, Path, float]:
    """The corpus folder and a fresh index for it; seconds a full build took (nan if cached)."""
    corpus, index = work / f"corpus{n_articles}", work / f"corpus{n_articles}.idx"
    if not corpus.exists():
        write_corpus(generate(n_articles * 20, 20240107), corpus)
    fresh = False
    if index.exists():
        have = identity_of(read_manifest(index))
        fresh = not have.stale_reason(wanted_identity(fingerprint(corpus_files(corpus)), TUNED))
    took = float("nan")
    if not fresh:
        started = time.perf_counter()
        loaded = load_corpus(corpus)
        index_of = build_index(
            loaded.articles, TUNED, loaded.fingerprint, workers=default_workers()
        )
        save_index(index_of, index)
        took = time.perf_counter() - started
    # As on a corpus in use: the stat table beside the index vouches for every file (the first
    # check after a build hashes them all once; every add and ask after it reads none).
    corpus_fingerprint(corpus, table_path(index))
    return corpus, index, took


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _cli(
    args: list[str], corpus: Path, index: Path
) -> tuple[tuple[float, float], subprocess.CompletedProcess[str]]:
    """Run articlebot; its wall time and CPU time (what it would take on an idle machine)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARTICLEBOT_")}
    env["ARTICLEBOT_FETCH_ALLOW_PRIVATE"] = "true"
    started, cpu = time.perf_counter(), _children_cpu()
    out = subprocess.run(
        [str(ARTICLEBOT), "--corpus", str(corpus), "--index", str(index), *args],
        capture_output=True, text=True, env=env, check=False, timeout=600,
    )  # fmt: skip
    took = (time.perf_counter() - started, _children_cpu() - cpu)
    if out.returncode != 0:
        raise SystemExit(f"articlebot {' '.join(args)} failed: {out.stderr.strip()}")
    return took, out


Timing = tuple[float, float]  # wall, CPU seconds


def _run_once(corpus: Path, index: Path, run: int) -> tuple[Timing, Timing, Timing]:
    word = f"Quexolian{run}"
    page = news_page(
        title=f"Ferry service {word} resumes after storm",
        paragraphs=(
            f"The {word} ferry resumed sailings on Monday after storms kept it in port for "
            "nine days, the operator said.",
            "Passengers queued from dawn, and the first crossing left fully booked at 7am.",
            "The operator said repairs to the pier had cost 1.2 million pounds in all.",
        ),
        canonical=f"https://ferries.example.com/news/{word.lower()}",
    )
    with serving() as server:
        url = server.page("/story", page)
        add_s, added = _cli(["add", "--json", url], corpus, index)
    article = json.loads(added.stdout)["id"]
    ask_s, asked = _cli(["ask", "--json", f"When did the {word} ferry resume?"], corpus, index)
    top = json.loads(asked.stdout)["answers"][0]["article"]["id"]
    if top != article:
        raise SystemExit(f"the answer came from {top}, not the added article {article}")
    remove_s, _ = _cli(["remove", article], corpus, index)
    return add_s, ask_s, remove_s


def _medians(runs: list[tuple[Timing, Timing, Timing]]) -> Callable[[int, int], float]:
    """median(step, part): the median over runs of step 0 add, 1 ask, 2 remove; part 0 wall,
    1 CPU."""

    def median(step: int, part: int) -> float:
        return sorted(r[step][part] for r in runs)[len(runs) // 2]

    return median


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="articles")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--work", type=Path, default=Path("/tmp/articlebot-bench-add"))
    args = p.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    print(f"# adding an article ({load_average()}, root {ROOT})")
    print(
        "| corpus | full build | add: wall (CPU) | ask: wall (CPU) "
        "| add + ask: wall median / worst (CPU) | remove: wall (CPU) |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for n in args.sizes:
        corpus, index, built = _prepare(n, args.work)
        runs = [_run_once(corpus, index, r) for r in range(args.runs)]
        mid = len(runs) // 2
        median = _medians(runs)
        total = sorted(r[0][0] + r[1][0] for r in runs)
        total_cpu = sorted(r[0][1] + r[1][1] for r in runs)[mid]
        n_files = len(corpus_files(corpus))
        print(
            f"| {n_files:,} articles | {fmt(built, 1)} s "
            f"| {fmt(median(0, 0))} s ({fmt(median(0, 1))} s) "
            f"| {fmt(median(1, 0))} s ({fmt(median(1, 1))} s) "
            f"| {fmt(total[mid])} s / {fmt(total[-1])} s ({fmt(total_cpu)} s) "
            f"| {fmt(median(2, 0))} s ({fmt(median(2, 1))} s) |"
        )
    print(f"# {load_average()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
