"""Memory of several bot processes over one index file: proportional set size (PSS).

Each process is what ``articlebot run`` holds before it connects (discord.py, the bot, its
engine over the memory-mapped index, warmed, then a few hundred questions asked so the pages
a bot touches are mapped). PSS divides every shared page among the processes mapping it, so
the sum over processes is the machine's real cost; the target is that each process after the
first adds at most 30% of the first one's PSS.

    python bench/shared_memory.py --passages 100000 --processes 3 --work /tmp/shared100k

``--fork``: the processes are forked from one parent that imported everything and warmed
the answering code first (``articlebot run --processes N``, :mod:`bot.discord_app.forked`);
for each count the group (parent and children) is started anew, and its PSS counts the
parent too.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import load_average  # noqa: E402
from bench.gen_corpus import generate, write_corpus  # noqa: E402

QUESTIONS = 300


def pss_kb(pid: int) -> dict[str, int]:
    """Pss, Rss and the private and file-backed parts of ``pid`` (kB, /proc smaps_rollup)."""
    fields: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, _, rest = line.partition(":")
        parts = rest.split()
        if parts and parts[0].isdigit():
            fields[name] = int(parts[0])
    return fields


def serve(corpus: Path, index_path: Path, corpus_words: bool, fork: int = 0) -> None:
    """One bot process's memory: the bot built over the index, warmed, questions asked.

    ``corpus_words``: no warm-up, and questions made of word forms the corpus uses, so the
    stemmer (nltk, ~22 MB a process) is never imported; else questions of index terms
    (stems, mostly not words the corpus uses: stemmed, as a bot's unknown words are).
    ``fork``: this process prepares as ``articlebot run --processes N`` does and forks
    ``fork`` children that serve; each says ``ready PID``."""
    from bot.context import open_for
    from bot.discord_app.client import build_bot
    from bot.discord_app.engine import Engine
    from bot.discord_app.forked import run_forked
    from bot.metrics import Metrics
    from bot.settings import load_settings

    settings = load_settings(env_file=None, corpus=corpus, index=index_path)
    opened = open_for(settings, quiet=True).index
    if fork:
        if not corpus_words:
            Engine(opened).warm()
        run_forked(
            [(n,) for n in range(fork)],
            lambda *_: _serve(build_bot, settings, opened, Metrics(), corpus_words),
        )
        return
    _serve(build_bot, settings, opened, Metrics(), corpus_words)


def _serve(build_bot: Any, settings: Any, opened: Any, metrics: Any, corpus_words: bool) -> int:
    from index.strtable import StringTable

    bot = build_bot(settings, opened, metrics=metrics)
    index = bot.engine.library.index
    if not corpus_words:
        bot.engine.warm()
    # Drawn from the file's tables (a list of them would be this process's own memory).
    terms = StringTable(index.arrays, "surface") if corpus_words else index.terms
    rng = random.Random(os.getpid())
    for n in range(QUESTIONS):
        words = " ".join(rng.choice(terms) for _ in range(3))
        bot.engine.ask(1, n, f"What about {words}?")
    os.write(1, f"ready {os.getpid()}\n".encode())  # one write: forked siblings share stdout
    sys.stdin.read()  # until the parent closes our stdin
    return 0


def _line(n: int, total: int, first: int, newest: dict[str, int], extra_note: str = "") -> str:
    extra = (total - first) / (n - 1) if n > 1 else 0
    own = newest.get("Private_Dirty", 0) + newest.get("Private_Clean", 0)
    return (
        f"{n} process(es): PSS total {total / 1024:7.1f} MB; first alone "
        f"{first / 1024:.1f} MB; each extra adds {extra / 1024:6.1f} MB = "
        f"{extra / first:5.1%} of the first (RSS of the newest "
        f"{newest['Rss'] / 1024:.1f} MB, of it file-backed shared "
        f"{newest.get('Shared_Clean', 0) / 1024:.1f} MB, private "
        f"{own / 1024:.1f} MB{extra_note}; {load_average()})"
    )


def separate(command: list[str], processes: int) -> None:
    """Start one process after the other; PSS of all after each."""
    children: list[subprocess.Popen[str]] = []
    first = 0
    try:
        for n in range(1, processes + 1):
            child = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
            )
            children.append(child)
            assert child.stdout is not None and child.stdout.readline().startswith("ready")
            each = [pss_kb(c.pid) for c in children]
            total = sum(e["Pss"] for e in each)
            first = first or total
            print(_line(n, total, first, each[-1]))
    finally:
        for child in children:
            if child.stdin is not None:
                child.stdin.close()
            child.wait(timeout=30)


def forked(command: list[str], processes: int) -> None:
    """For 1, 2, … ``processes`` children: a parent forking that many; PSS of the group."""
    first = 0
    for n in range(1, processes + 1):
        group = subprocess.Popen(
            [*command, "--fork", str(n)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        try:
            assert group.stdout is not None
            pids = [int(group.stdout.readline().split()[1]) for _ in range(n)]
            each = [pss_kb(pid) for pid in (group.pid, *pids)]
            total = sum(e["Pss"] for e in each)
            first = first or total
            parent = each[0].get("Private_Dirty", 0) + each[0].get("Private_Clean", 0)
            print(
                _line(
                    n,
                    total,
                    first,
                    each[-1],
                    f"; the parent's PSS {each[0]['Pss'] / 1024:.1f} MB, "
                    f"private {parent / 1024:.1f} MB",
                )
            )
        finally:
            if group.stdin is not None:
                group.stdin.close()
            group.wait(timeout=30)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--passages", type=int, default=100_000)
    p.add_argument("--processes", type=int, default=3)
    p.add_argument("--work", type=Path, default=Path("/tmp/articlebot-shared"))
    p.add_argument(
        "--corpus-words",
        action="store_true",
        help="ask questions of words the corpus uses, without warm-up (no stemmer import)",
    )
    p.add_argument(
        "--fork",
        nargs="?",
        type=int,
        const=-1,
        default=0,
        help="fork the processes from one prepared parent (articlebot run --processes N)",
    )
    p.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    corpus, index_path = args.work / "corpus", args.work / "index.idx"
    if args.serve:
        serve(corpus, index_path, args.corpus_words, args.fork)
        return 0
    if not corpus.is_dir():
        write_corpus(generate(args.passages), corpus)
    articlebot = Path(sys.executable).parent / "articlebot"
    started = time.perf_counter()
    subprocess.run(
        [articlebot, "index", "--corpus", corpus, "--index", index_path],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    print(
        f"index of {args.passages:,} passages: {index_path.stat().st_size / 1e6:.1f} MB "
        f"(built in {time.perf_counter() - started:.1f} s)"
    )
    command = [
        *(sys.executable, __file__, "--serve", "--work", str(args.work)),
        *(["--corpus-words"] if args.corpus_words else []),
    ]
    if args.fork:
        forked(command, args.processes)
    else:
        separate(command, args.processes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
