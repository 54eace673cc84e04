"""Questions on other outlets' web pages, as ``articlebot add`` reads them.

``bench/news_eval.py`` measures BBC articles only. This measures the same things on nine news
pages of other outlets (KnowTechie, Kulu Media, Luxurious Magazine, The Guardian, The Planetary
Press, Threatpost, Vancouver Sun, Vice, the Wikimedia Foundation's news): pages of
trafilatura's real-world test set (``tests/cache/<id>.html``), turned into articles by
:func:`index.htmlarticle.article_from_html` exactly as ``articlebot add URL`` does, so
extraction, longer paragraphs and other house styles are part of what is measured.

The questions (``bench/data/web_dev.jsonl`` and ``web_dev_conversations.jsonl``, a development
set: tune on it) were written blind to the engine; see ``bench/data/README.md``. The pages are
not shipped (their copyright is their publishers'): clone trafilatura at the commit the answer
spans were checked against.

    git clone https://github.com/adbar/trafilatura /tmp/trafilatura
    git -C /tmp/trafilatura checkout e90b0ef51ab026fdb905fb6c5b3c84dd3d784fd5
    python bench/web_eval.py --data /tmp/trafilatura/tests/cache [--failures]

Settings: own page (the nine pages in one index, each question asked of its page), each page
alone (an index of that page only: a user who added one link), all pages at once (no filter),
and follow-up turns asked of their page.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from common import require_data
from news_eval import (
    DATA,
    ask,
    baseline,
    converse,
    load_jsonl,
    measures,
    rank_bm25,
    rank_bm25s,
)
from qa_table import follow_up_rows, print_failures, print_table

from index.build import build_index
from index.htmlarticle import article_from_html
from index.models import Article

QUESTIONS, CONVERSATIONS = "web_dev.jsonl", "web_dev_conversations.jsonl"
DEFAULT_PAGES = Path("/tmp/trafilatura/tests/cache")


def load_pages(folder: Path, ids: list[str]) -> dict[str, Article]:
    """Each page ``<id>.html`` of ``folder`` as ``articlebot add`` reads it, under its id."""
    return {i: replace(article_from_html((folder / f"{i}.html").read_bytes()), id=i) for i in ids}


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--data", type=Path, default=DEFAULT_PAGES, help="trafilatura's tests/cache")
    ap.add_argument("--failures", action="store_true", help="list the questions answered wrong")
    args = ap.parse_args()
    questions = load_jsonl(DATA / QUESTIONS)
    conversations = load_jsonl(DATA / CONVERSATIONS)
    ids = sorted({q["article"] for q in questions} | {c["article"] for c in conversations})
    require_data(args.data, *(f"{i}.html" for i in ids))
    pages = load_pages(args.data, ids)
    kinds = [q.get("kind", "") for q in questions]
    together = build_index(list(pages.values()))
    own = ask(together, questions, own_article=True)
    alone_index = {i: build_index([a]) for i, a in pages.items()}
    alone = [ask(alone_index[q["article"]], [q], own_article=True)[0] for q in questions]
    whole = ask(together, questions, own_article=False)
    later, _, _ = converse(together, conversations, own_article=True)
    _, left, moved = converse(together, conversations, own_article=False)
    naive, b25s = baseline(pages, questions, rank_bm25), baseline(pages, questions, rank_bm25s)
    n_ans = sum(bool(q["answers"]) for q in questions)
    print(
        f"Web pages of other outlets, development set: {len(ids)} pages, {n_ans} answerable + "
        f"{len(questions) - n_ans} unanswerable questions, {len(later)} follow-up turns in "
        f"{len(conversations)} conversations\n"
    )
    settings = [measures(own, kinds), measures(alone, kinds), measures(whole, kinds)]
    rows: list[tuple[str, float | str | None, ...]] = []
    for key in settings[0]:
        base = {"paragraph@1": 0, "sentence@1": 1}.get(key)
        baselines = (None, None) if base is None else (naive[base], b25s[base])
        rows.append((key, *baselines, *(s[key] for s in settings)))
    rows += follow_up_rows(later, None, left, moved, place="page")
    print_table(("rank-bm25", "bm25s", "own page", "page alone", "all pages"), rows)
    if args.failures:
        print_failures(own + later, kinds + ["follow-up"] * len(later))
    return 0


if __name__ == "__main__":
    sys.exit(main())
