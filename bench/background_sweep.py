"""The English background to idf (``index.background``) at several sizes: what each does to
the news development sets, asked of their own articles together and of each article alone
(as a user with one article asks), and to SQuAD (one article an index).

Tune on the development sets and SQuAD; ``bench/news_eval.py`` with no flag is the held-out
set, reported, never swept. Every index is built again for each size.

    python bench/background_sweep.py
    python bench/background_sweep.py --sizes 0,100,300 --no-squad
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from common import print_table, require_data
from news_eval import DATA, ask, default_data, load_articles, load_jsonl
from squad_eval import load as load_squad
from squad_eval import ours as squad_ours

from index import answering, background, choice
from index.bm25params import TUNED
from index.build import build_index
from index.evaluation import Outcome
from index.models import Article

SETS = ("news_dev.jsonl", "news_dev2.jsonl")


def _figures(outs: list[Outcome]) -> str:
    """paragraph@1 / right and answered / false abstention / accuracy with abstention."""
    answerable = [o for o in outs if o.case.answers]
    n = max(len(answerable), 1)
    right = sum(o.sentence_right and not o.answer.abstained for o in answerable)
    declined = sum(o.answer.abstained for o in outs if not o.case.answers)
    return " / ".join(
        f"{v:.3f}"
        for v in (
            sum(o.passage_rank == 1 for o in answerable) / n,
            right / n,
            sum(o.answer.abstained for o in answerable) / n,
            (right + declined) / max(len(outs), 1),
        )
    )


def news(articles: dict[str, Article], questions: list[dict[str, Any]], alone: bool) -> str:
    """The figures of one set, its questions asked of their articles together or alone."""
    answering._RANKINGS.clear()
    choice._LEADERS.clear()
    if not alone:
        used = sorted({q["article"] for q in questions})
        return _figures(ask(build_index([articles[a] for a in used]), questions, True))
    outs: list[Outcome] = []
    by: dict[str, list[dict[str, Any]]] = {}
    for q in questions:
        by.setdefault(q["article"], []).append(q)
    for a, group in by.items():
        outs += ask(build_index([articles[a]]), group, True)
    return _figures(outs)


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--data", type=Path, default=default_data())
    ap.add_argument("--sizes", default="0,30,100,300,1000", help="background passages")
    ap.add_argument("--no-squad", action="store_true", help="leave SQuAD out (faster)")
    args = ap.parse_args()
    require_data(args.data, "bbc_dev.jsonl")
    articles = load_articles(args.data)
    sets = [load_jsonl(DATA / name) for name in SETS]
    squad = None if args.no_squad else load_squad(args.data, None)
    now = background.BACKGROUND_PASSAGES
    rows = []
    for size in [int(s) for s in args.sizes.split(",")]:
        background.BACKGROUND_PASSAGES = size
        row = [f"{size}{' (now)' if size == now else ''}"]
        for alone in (False, True):
            row += [news(articles, qs, alone) for qs in sets]
        if squad is not None:
            got = squad_ours(*squad, TUNED, False)
            row.append(f"{got['passage@1']:.3f} / {got['sentence@1']:.3f}")
        rows.append(row)
        print(f"background {size}: done", file=sys.stderr, flush=True)
    background.BACKGROUND_PASSAGES = now
    heads = ["passages", "dev, together", "dev2, together", "dev, alone", "dev2, alone"]
    print_table(
        "English background to idf: paragraph@1 / right and answered / false abstention / "
        "accuracy with abstention (news); passage@1 / sentence@1 (SQuAD)",
        heads + ([] if squad is None else ["SQuAD"]),
        rows,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
