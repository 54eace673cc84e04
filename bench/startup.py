"""Start-up: wall time of ``articlebot ask`` on a built index of the bundled article.

Each command runs in a fresh process, the commands taking turns, N times after a warm-up; the
table gives the median, fastest and slowest. Beside ``ask`` (terminal output, and ``--json``):
a bare interpreter and ``python -c "import rank_bm25"``, the floor any BM25 command pays.
Compiled bytecode is cached (in a temporary ``PYTHONPYCACHEPREFIX``) as in any normal install,
even where ``PYTHONDONTWRITEBYTECODE`` is set; ``--no-bytecode-cache`` measures without it.
``--importtime`` adds where ``ask``'s import time goes (``python -X importtime``), by package.

Then the start-up of a big corpus: a one-question ``articlebot chat --json`` run, the question
with a typo (so the speller's index is needed), on a generated corpus of ``--passages``
passages (``bench/gen_corpus.py``, 100k by default) whose index is fresh: the index check,
the load and the first answer, as a script asking one question pays them.

    python bench/startup.py                 # 15 runs each; then the 100k-passage chat
    python bench/startup.py --runs 31 --importtime
    python bench/startup.py --runs 7 --baseline /tmp/main   # beside another tree, in turns
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from chatrun import articlebot_command, questions_of, with_typo
from common import ROOT, fmt, load_average, parse_size, print_table, size_label
from gen_corpus import generate, sample_queries, write_corpus

QUESTION = "Who is Ali Shamkhani?"
_IMPORT_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \| ( *)(\S+)")


def children_cpu() -> float:
    """CPU seconds (user + system) of every finished child process so far."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def wall(cmd: list[str], cwd: Path, env: dict[str, str], stdin: str = "") -> tuple[float, float]:
    """Seconds from start to exit of one run, and the CPU seconds it used (output discarded;
    a failure stops the bench). CPU time is what a loaded machine inflates least."""
    cpu, started = children_cpu(), time.perf_counter()
    subprocess.run(
        cmd,
        cwd=cwd,
        env=env,
        input=stdin,
        text=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=True,
    )
    return time.perf_counter() - started, children_cpu() - cpu


def import_profile(
    cmd: list[str], cwd: Path, env: dict[str, str]
) -> tuple[dict[str, float], float]:
    """Import time (ms) by the package responsible: a module's own (self) time counts for the
    nearest non-standard-library package among it and its importers (``asyncio`` imported by
    ``pydantic_settings`` counts for ``pydantic_settings``), so the shares add up; and the total.
    """
    out = subprocess.run(
        [cmd[0], "-X", "importtime", *cmd[1:]],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    lines = [
        (len(m.group(3)), m.group(4), int(m.group(1)) / 1e3)
        for m in map(_IMPORT_LINE.match, out.stderr.splitlines())
        if m
    ]
    by_package: dict[str, float] = defaultdict(float)
    chain: list[tuple[int, str]] = []  # importers of the current line, outermost first
    # Children are printed before their importer: read backwards to meet importers first.
    for depth, name, own in reversed(lines):
        while chain and chain[-1][0] >= depth:
            chain.pop()
        chain.append((depth, name))
        owner = next((n for _, n in reversed(chain) if not _stdlib(n)), "(Python itself)")
        by_package[owner.split(".")[0]] += own
    return dict(by_package), sum(by_package.values())


def _stdlib(module: str) -> bool:
    top = module.split(".")[0]
    return top in sys.stdlib_module_names or top.startswith("_")


def big_corpus_start(
    n: int, runs: int, variants: dict[str, dict[str, str]]
) -> tuple[dict[str, list[tuple[float, float]]], str]:
    """Wall and CPU times of a one-question ``chat --json`` run (a typo in it) on ``n``
    passages, for each variant (label → environment), runs taking turns."""
    gen = generate(n)
    question = with_typo(questions_of(sample_queries(gen.tokens, 1))[0])
    with tempfile.TemporaryDirectory(prefix="articlebot-startup-big-") as tmp:
        cwd = Path(tmp)
        folder = cwd / "corpus"
        write_corpus(gen, folder)
        del gen
        wheres = {}
        for i, (label, env) in enumerate(variants.items()):
            wheres[label] = ["--corpus", str(folder), "--index", str(cwd / f"index{i}.idx")]
            subprocess.run(
                [*articlebot_command(), "index", *wheres[label]],
                cwd=cwd,
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        took: dict[str, list[tuple[float, float]]] = {label: [] for label in variants}
        for run in range(runs + 1):  # the first: bytecode, page cache, digest table
            for label, env in variants.items():
                cmd = [*articlebot_command(), "chat", "--json", *wheres[label]]
                timed = wall(cmd, cwd, env, question + "\n")
                if run:
                    took[label].append(timed)
        return took, question


COLUMNS = ["median", "min", "max", "CPU median"]


def _row(runs: list[tuple[float, float]]) -> list[str]:
    walls = [w for w, _ in runs]
    cpu = statistics.median(c for _, c in runs)
    return [fmt(statistics.median(walls), 3), fmt(min(walls), 3), fmt(max(walls), 3), fmt(cpu, 3)]


def main(argv: list[str] | None = None) -> int:
    """Build the index once, time the commands, print the tables."""
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--runs", type=int, default=15, help="runs of each command (default 15)")
    p.add_argument("--warmup", type=int, default=1, help="untimed runs first (default 1)")
    p.add_argument("--importtime", action="store_true", help="also profile ask's imports")
    p.add_argument(
        "--corpus",
        type=Path,
        default=ROOT / "corpus",
        help="the corpus folder to index (default: the repository's corpus/)",
    )
    p.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="compile every module from source in every run",
    )
    p.add_argument(
        "--baseline",
        type=Path,
        help="also time another source tree of articlebot (its index and bot packages "
        "first on PYTHONPATH), runs taking turns with this one's",
    )
    p.add_argument(
        "--passages",
        default="100k",
        help="passages of the generated corpus for the one-question chat (default 100k; 0: skip)",
    )
    args = p.parse_args(argv)
    ab = articlebot_command()
    with tempfile.TemporaryDirectory(prefix="articlebot-startup-") as tmp:
        cwd = Path(tmp)  # no .env here: the defaults, as on a fresh checkout
        env = dict(os.environ)
        if args.no_bytecode_cache:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
        else:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(cwd / "pycache")
        variants = {"": env}
        if args.baseline:
            base = variants[" (baseline)"] = dict(env, PYTHONPATH=str(args.baseline.resolve()))
            base["PYTHONPYCACHEPREFIX"] = str(cwd / "pycache-baseline")
        commands: dict[str, tuple[list[str], dict[str, str]]] = {
            "python -c pass": ([sys.executable, "-c", "pass"], env),
            'python -c "import rank_bm25"': ([sys.executable, "-c", "import rank_bm25"], env),
        }
        for i, (label, venv) in enumerate(variants.items()):
            index = str(cwd / f"articlebot{i}.idx")
            where = ["--corpus", str(args.corpus.resolve()), "--index", index]
            subprocess.run(
                [*ab, "index", *where], cwd=cwd, env=venv, check=True, stdout=subprocess.DEVNULL
            )
            commands[f'articlebot ask "{QUESTION}"{label}'] = ([*ab, "ask", QUESTION, *where], venv)
            commands[f'articlebot ask "{QUESTION}" --json{label}'] = (
                [*ab, "ask", QUESTION, *where, "--json"],
                venv,
            )
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for run in range(args.warmup + args.runs):
            for name, (cmd, cmd_env) in commands.items():
                took = wall(cmd, cwd, cmd_env)
                if run >= args.warmup:  # warm-up runs fill the bytecode and page caches
                    times[name].append(took)
        cache = "no bytecode cache" if args.no_bytecode_cache else "bytecode cached"
        print(f"{args.runs} runs each; {cache}; {load_average()}; Python {sys.version.split()[0]}")
        print_table(
            "Wall time of a fresh process (s), and its CPU time (user + system)",
            ["command", *COLUMNS],
            [[f"`{name}`", *_row(t)] for name, t in times.items()],
        )
        if args.importtime:
            for name in (f'articlebot ask "{QUESTION}"', 'python -c "import rank_bm25"'):
                by_package, total = import_profile(commands[name][0], cwd, env)
                top = sorted(by_package.items(), key=lambda kv: -kv[1])[:12]
                print_table(
                    f"Import time of `{name}`: {total:.0f} ms in all, by the package that imports",
                    ["package", "ms", "share"],
                    [[pkg, fmt(ms, 1), f"{ms / total:.0%}"] for pkg, ms in top],
                )
    n = parse_size(args.passages)
    if n:
        big, question = big_corpus_start(n, args.runs, variants)
        print(load_average())
        print_table(
            f"One-question `articlebot chat --json` on {size_label(n)} passages, fresh index, "
            f'with a typo ("{question}"), {args.runs} runs (s)',
            ["code", *COLUMNS],
            [[label.strip(" ()") or "this tree", *_row(t)] for label, t in big.items()],
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
