"""``articlebot index``: build the index file from the corpus folder."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from bot.cli_options import JSON, Subcommands, add_command
from bot.context import bm25_params, settings_from

if TYPE_CHECKING:
    from index import Progress

HELP = """Build the index file from the corpus folder (always rebuilds).

Other commands rebuild a stale index by themselves; run this after adding many articles, to
see what was skipped and how long it took.

examples:
  articlebot index
  articlebot index --corpus ~/news --index ~/news.idx
  articlebot index --json
"""


def register(sub: Subcommands) -> None:
    """Add the command to the CLI."""
    p = add_command(
        sub,
        "index",
        "build the index of the corpus",
        HELP,
        [JSON.with_help("print the build report as JSON")],
    )
    p.set_defaults(func=run)


@contextmanager
def _progress(enabled: bool, total_hint: str) -> Iterator[Progress | None]:
    if not enabled:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        transient=True,
    ) as bar:
        task = bar.add_task(total_hint, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def run(args: argparse.Namespace) -> int:
    """Build and save the index; report counts and skipped files."""
    from index import CorpusReader, build_index, default_workers, save_index

    settings = settings_from(args)
    started = time.perf_counter()
    reader = CorpusReader(settings.corpus)  # read file by file as the build goes
    with _progress(sys.stderr.isatty() and not args.json, "indexing articles") as progress:
        index = build_index(
            reader, bm25_params(settings), progress=progress, workers=default_workers()
        )
    corpus = reader.corpus()
    for problem in corpus.problems:
        print(f"articlebot: skipped {problem.message}", file=sys.stderr)
    save_index(index, settings.index, corpus)
    seconds = time.perf_counter() - started
    counts = index.counts
    report = {
        "index": str(settings.index),
        **counts.to_json(),
        "skipped": len(corpus.problems),
        "seconds": round(seconds, 3),
        "bm25": index.params.to_json(),
    }
    if args.json:
        print(json.dumps(report))
    else:
        print(
            f"indexed {counts.articles} article(s): {counts.passages} passages, "
            f"{counts.terms} terms, {len(corpus.problems)} skipped, {seconds:.2f} s "
            f"→ {settings.index}"
        )
    return 0
