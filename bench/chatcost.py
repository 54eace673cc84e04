"""Per-question cost through ``articlebot chat --json``, on real news or a synthetic corpus,
optionally beside another version of the code run back to back (same load).

- ``news`` (default): every article of ``../shared/data/bbc_dev.jsonl`` (BBC copyright,
  evaluation only: written to a scratch folder, never shipped) as a corpus, and the news
  question sets' questions (``bench/data/news_*.jsonl``, development and held out): each
  single question its own conversation (a blank line before it), each conversation's turns
  one after another; asked of all articles at once, so article choice and follow-ups run as
  they do for users.
- ``10k``, ``100k``…: a ``bench/gen_corpus.py`` corpus of that many passages and the
  questions ``bench/scale.py`` asks of it (2-5 words of a random passage, one conversation:
  each question names nothing, so each is read as a follow-up of the one before).
- ``squad100k`` (``squad`` and a size): the 13 SQuAD dev13 articles (``squad11_dev13``,
  CC BY-SA 4.0, evaluation only) among generated articles up to that many passages, and 200
  of their questions piped one after another, as issue 17 measured the cost first.

The cost of a question is ``bench/chatrun.py``'s: a run of all questions minus a run of one,
over their difference, in wall and CPU time (medians of ``--runs``). ``--against DIR`` also
times the code in DIR (a checkout holding ``index/`` and ``bot/``, put first on
``PYTHONPATH``), alternating run by run with this one; ``--dump FILE`` writes what one run
printed, so two versions can be compared answer for answer (``cmp``).

    python bench/chatcost.py                                  # news, ~470 questions
    python bench/chatcost.py 10k 100k news --work /tmp/chatcost --runs 5
    git archive 3a16d5b index bot | tar -x -C /tmp/before     # the code before issue 17's work
    python bench/chatcost.py 100k news --work /tmp/chatcost --against /tmp/before
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
from pathlib import Path

from chatrun import ChatCost, articlebot_command, bench_env, chat_cost, chat_run, questions_of
from common import ROOT, load_average, parse_size, require_data
from gen_corpus import SEED, article_text, generate, sample_queries, write_corpus
from news_eval import default_data, load_articles

from index.models import Article

QUESTION_SETS = ("news_dev.jsonl", "news_questions.jsonl")
CONVERSATION_SETS = ("news_dev_conversations.jsonl", "news_conversations.jsonl")
SYNTHETIC_QUESTIONS = 200


def news_lines(data: Path = ROOT / "bench" / "data") -> list[str]:
    """Every news question, one a line, a blank line before each new conversation."""
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


def squad_corpus(data: Path, folder: Path, passages: int) -> list[str]:
    """Write the SQuAD dev13 articles and generated ones up to ``passages`` passages into
    ``folder``; a fixed sample of ``SYNTHETIC_QUESTIONS`` of their questions."""
    require_data(data, "squad11_dev13.docs.jsonl", "squad11_dev13.questions.jsonl")
    docs = [json.loads(line) for line in (data / "squad11_dev13.docs.jsonl").open(encoding="utf-8")]
    own = sum(len(d["paragraphs"]) for d in docs)
    write_corpus(generate(max(passages - own, 0)), folder)
    for d in docs:
        paragraphs = tuple(d["paragraphs"])
        article = Article(f"squad_{d['doc_id']}", d["title"], "SQuAD v1.1", paragraphs)
        (folder / f"{article.id}.txt").write_text(article_text(article), encoding="utf-8")
    lines = (data / "squad11_dev13.questions.jsonl").read_text(encoding="utf-8").splitlines()
    questions = [json.loads(line)["question"].strip() for line in lines if line.strip()]
    random.Random(SEED).shuffle(questions)
    return questions[:SYNTHETIC_QUESTIONS]


def prepare(corpus: str, work: Path, data: Path) -> tuple[list[str], list[str]]:
    """The corpus folder and index for ``corpus`` under ``work`` (made once, then reused),
    and the ``chat`` arguments and question lines for it."""
    folder, index, questions = work / "corpus", work / "index.idx", work / "questions.txt"
    if not questions.exists():
        if corpus == "news":
            require_data(data, "bbc_dev.jsonl")
            folder.mkdir(parents=True, exist_ok=True)
            for a in load_articles(data).values():
                (folder / f"{a.id}.txt").write_text(article_text(a), encoding="utf-8")
            lines = news_lines()
        elif corpus.startswith("squad"):
            lines = squad_corpus(data, folder, parse_size(corpus.removeprefix("squad")))
        else:
            gen = generate(parse_size(corpus))
            write_corpus(gen, folder)
            lines = questions_of(sample_queries(gen.tokens, SYNTHETIC_QUESTIONS))
        questions.write_text("\n".join(lines) + "\n", encoding="utf-8")
    where = ["--corpus", str(folder), "--index", str(index)]
    if not index.exists():
        subprocess.run(
            [*articlebot_command(), "index", *where],
            cwd=work,
            env=bench_env(work),
            check=True,
            capture_output=True,
        )
    return where, questions.read_text(encoding="utf-8").splitlines()


def _with_path(path: Path | None) -> None:
    """Make the ``chat`` processes import the code in ``path`` (None: this checkout's)."""
    os.environ.pop("PYTHONPATH", None)
    if path is not None:
        os.environ["PYTHONPATH"] = str(path.resolve())


def _median(costs: list[ChatCost]) -> ChatCost:
    """The medians of several measurements."""
    return ChatCost(
        statistics.median(c.one_s for c in costs),
        statistics.median(c.many_s for c in costs),
        statistics.median(c.per_question_ms for c in costs),
        costs[0].questions,
        statistics.median(c.per_question_cpu_ms for c in costs),
    )


def main(argv: list[str] | None = None) -> int:
    """Time the questions of each corpus through ``chat --json``."""
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("corpora", nargs="*", default=["news"], help="news, 10k, 100k… (default news)")
    p.add_argument("--data", type=Path, default=default_data())
    p.add_argument("--work", type=Path, default=Path("/tmp/articlebot-chatcost"))
    p.add_argument("--runs", type=int, default=3, help="runs of each chat (default 3)")
    p.add_argument("--against", type=Path, help="a checkout of other code, timed alternately")
    p.add_argument("--dump", type=Path, help="write one run's JSON lines here (per corpus)")
    args = p.parse_args(argv)
    versions: list[tuple[str, Path | None]] = [("this", None)]
    if args.against:
        versions.insert(0, (str(args.against), args.against))
    for corpus in args.corpora:
        work = args.work / corpus
        work.mkdir(parents=True, exist_ok=True)
        where, lines = prepare(corpus, work, args.data)
        if args.dump:
            out = args.dump.with_name(f"{args.dump.stem}-{corpus}{args.dump.suffix}")
            out.write_text(chat_run(where, lines, work)[2], encoding="utf-8")
        costs: dict[str, list[ChatCost]] = {name: [] for name, _ in versions}
        for _ in range(args.runs):  # alternate, so both see the same load
            for name, path in versions:
                _with_path(path)
                costs[name].append(chat_cost(where, lines, runs=1))
        _with_path(None)
        for name, _ in versions:
            c = _median(costs[name])
            print(
                f"{corpus} ({name}; {load_average()}): {c.questions} questions, one question "
                f"{c.one_s:.3f} s, all {c.many_s:.3f} s; a question {c.per_question_ms:.3f} ms "
                f"wall, {c.per_question_cpu_ms:.3f} ms CPU (medians of {args.runs})",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
