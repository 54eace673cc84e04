"""One constant of the answer engine at a time, over both news development sets: what each
value does to the answers asked of their own article (right sentence first and not
abstained, accuracy with abstention, follow-up turns right, paragraph@1), beside today's.

Tune on the development sets only; ``bench/news_eval.py`` with no flag is the held-out
set, reported, never swept. Each value is measured with the others at today's setting;
the answer memo is cleared between values.

    python bench/rerank_sweep.py
    python bench/rerank_sweep.py --only answering.RERANK_DEPTH=3,5,10
    python bench/rerank_sweep.py --web /tmp/trafilatura/tests/cache   # other outlets too

``--web`` adds the other outlets' development set (``bench/web_eval.py``, which says where its
pages come from) as a third column.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from common import require_data
from news_eval import DATA, SETS, ask, converse, default_data, load_articles, load_jsonl
from web_eval import CONVERSATIONS, QUESTIONS, load_pages

from index import answering, choice
from index.build import build_index
from index.searchindex import SearchIndex

SWEEP: dict[str, list[float]] = {
    "answering.PASSAGE_TYPE_BONUS": [0.05, 0.1, 0.15, 0.2],
    "answering.PROXIMITY_BONUS": [0.15, 0.3, 0.45],
    "answering.EXACT_BONUS": [0.1, 0.2, 0.3],
    "answering.RERANK_DEPTH": [3, 5, 7, 10],
    "answering.ABSTAIN_BELOW": [0.2, 0.25, 0.3],
    "fit.SENTENCE_TYPE_BONUS": [0.1, 0.15, 0.25, 0.35],
    "fit.FOCUS_WEIGHT": [1.0, 2.0, 3.0],
    "rerank.CONTEXT_WEIGHT": [0.3, 0.5, 0.7],
}
Counts = tuple[int, int, int, float]


def _where(name: str) -> tuple[ModuleType, str]:
    module, _, constant = name.rpartition(".")
    return importlib.import_module(f"index.{module}"), constant


def measure(
    sets: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]], SearchIndex]],
) -> list[Counts]:
    """Per set: right and answered, accuracy with abstention (counts), follow-ups right,
    paragraph@1."""
    out = []
    for questions, conversations, index in sets.values():
        answering._RANKINGS.clear()  # answers memoised under other constants
        choice._LEADERS.clear()
        got = ask(index, questions, own_article=True)
        answerable = [o for o in got if o.case.answers]
        right = sum(o.sentence_right and not o.answer.abstained for o in answerable)
        declined = sum(not o.case.answers and o.answer.abstained for o in got)
        later, _, _ = converse(index, conversations, own_article=True)
        follow = sum(o.sentence_right for o in later if o.case.answers)
        para = sum(o.passage_rank == 1 for o in answerable) / max(len(answerable), 1)
        out.append((right, right + declined, follow, round(para, 3)))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--data", type=Path, default=default_data())
    ap.add_argument("--only", help="one constant and its values: module.NAME=v1,v2,…")
    ap.add_argument("--web", type=Path, help="trafilatura's tests/cache: other outlets too")
    args = ap.parse_args(argv)
    require_data(args.data, "bbc_dev.jsonl")
    sweep = SWEEP
    if args.only:
        name, _, values = args.only.partition("=")
        sweep = {name: [float(v) for v in values.split(",")]}
    articles = load_articles(args.data)
    sets = {}
    for name in ("development", "development 2"):
        qfile, cfile = SETS[name]
        questions, conversations = load_jsonl(DATA / qfile), load_jsonl(DATA / cfile)
        used = sorted({q["article"] for q in questions} | {c["article"] for c in conversations})
        sets[name] = (questions, conversations, build_index([articles[a] for a in used]))
    if args.web is not None:
        questions, conversations = load_jsonl(DATA / QUESTIONS), load_jsonl(DATA / CONVERSATIONS)
        used = sorted({q["article"] for q in questions} | {c["article"] for c in conversations})
        require_data(args.web, *(f"{i}.html" for i in used))
        pages = load_pages(args.web, used)
        sets["web"] = (questions, conversations, build_index(list(pages.values())))
    labels = ["dev", "dev2", "web"][: len(sets)]
    today = measure(sets)
    print("columns: right and answered, accuracy (counts), follow-ups right, paragraph@1")
    print("today: " + "  ".join(f"{k} {v}" for k, v in zip(labels, today, strict=True)), flush=True)
    for name, values in sweep.items():
        module, constant = _where(name)
        old = getattr(module, constant)
        for value in values:
            if value == old:
                continue
            setattr(module, constant, type(old)(value))
            got = measure(sets)
            change = [
                tuple(round(b - a, 3) for a, b in zip(x, y, strict=True))
                for x, y in zip(today, got, strict=True)
            ]
            cells = "  ".join(f"{k} {v}" for k, v in zip(labels, change, strict=True))
            print(f"{name}={value}: {cells}", flush=True)
        setattr(module, constant, old)
    return 0


if __name__ == "__main__":
    sys.exit(main())
