"""Per-question cost on real news: the BBC articles as a corpus, their blind questions piped
into ``articlebot chat --json``, as a user's pipe pays it.

The corpus is every article of ``../shared/data/bbc_dev.jsonl`` (BBC copyright, evaluation
only: written to a scratch folder, never shipped), in the corpus file format. The questions
are the news question sets' (``bench/data/news_*.jsonl``, development and held out): each
single question is its own conversation (a blank line before it), each conversation's turns
follow one another. Asked of all articles at once, so article choice and follow-ups run as
they do for users. The cost of a question is ``bench/chatrun.py``'s: a run of all questions
minus a run of one, over their difference, in wall and CPU time.

``--dump FILE`` writes what one run printed, so two versions of the engine can be compared
answer for answer (``cmp``).

    python bench/chat_news.py                       # ~400 questions, 3 runs
    python bench/chat_news.py --work /tmp/news --dump /tmp/answers.jsonl
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
from pathlib import Path

from chatrun import articlebot_command, bench_env, chat_cost, chat_run
from common import ROOT, load_average, require_data
from gen_corpus import article_text
from news_eval import default_data, load_articles

from index.models import Article

QUESTION_SETS = ("news_dev.jsonl", "news_questions.jsonl")
CONVERSATION_SETS = ("news_dev_conversations.jsonl", "news_conversations.jsonl")


def question_lines(data: Path = ROOT / "bench" / "data") -> list[str]:
    """Every question, one a line, a blank line before each new conversation."""
    lines: list[str] = []
    for name in QUESTION_SETS:
        for line in (data / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                lines += ["", json.loads(line)["question"]]
    for name in CONVERSATION_SETS:
        for line in (data / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                lines += ["", *(t["question"] for t in json.loads(line)["turns"])]
    return lines[1:]


def write_news_corpus(articles: list[Article], folder: Path) -> None:
    """One ``.txt`` file per article."""
    folder.mkdir(parents=True, exist_ok=True)
    for a in articles:
        (folder / f"{a.id}.txt").write_text(article_text(a), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Build the news corpus's index and time the questions through ``chat --json``."""
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--data", type=Path, default=default_data())
    p.add_argument("--work", type=Path, help="keep the corpus and index here (reused)")
    p.add_argument("--runs", type=int, default=3, help="runs of each chat (default 3)")
    p.add_argument("--dump", type=Path, help="write one run's JSON lines here")
    args = p.parse_args(argv)
    require_data(args.data, "bbc_dev.jsonl")
    with tempfile.TemporaryDirectory(prefix="articlebot-news-") as tmp:
        work = args.work or Path(tmp)
        folder, index = work / "corpus", work / "index.idx"
        if not folder.exists():
            write_news_corpus(list(load_articles(args.data).values()), folder)
        where = ["--corpus", str(folder), "--index", str(index)]
        subprocess.run(
            [*articlebot_command(), "index", *where],
            cwd=work,
            env=bench_env(work),
            check=True,
            capture_output=True,
        )
        lines = question_lines()
        if args.dump:
            args.dump.write_text(chat_run(where, lines, work)[2], encoding="utf-8")
        cost = chat_cost(where, lines, runs=args.runs)
    n_articles = len(list(folder.glob("*.txt")))
    print(
        f"BBC news, {n_articles:,} articles, {cost.questions} questions through "
        f"`chat --json` ({load_average()}): one question {cost.one_s:.3f} s, all "
        f"{cost.many_s:.3f} s; a question {cost.per_question_ms:.3f} ms wall, "
        f"{cost.per_question_cpu_ms:.3f} ms CPU"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
