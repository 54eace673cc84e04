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
    cell,
    converse,
    load_jsonl,
    measures,
    rank_bm25,
    rank_bm25s,
)

from index.build import build_index
from index.evaluation import Outcome
from index.htmlarticle import article_from_html
from index.models import Article

QUESTIONS, CONVERSATIONS = "web_dev.jsonl", "web_dev_conversations.jsonl"
DEFAULT_PAGES = Path("/tmp/trafilatura/tests/cache")


def load_pages(folder: Path, ids: list[str]) -> dict[str, Article]:
    """Each page ``<id>.html`` of ``folder`` as ``articlebot add`` reads it, under its id."""
    return {i: replace(article_from_html((folder / f"{i}.html").read_bytes()), id=i) for i in ids}


def _follow_ups(later: list[Outcome]) -> tuple[float, float]:
    """Follow-up turns: right sentence first, and right and not abstained (answerable turns)."""
    answerable = [o for o in later if o.case.answers]
    n = max(len(answerable), 1)
    right = sum(o.sentence_right for o in answerable)
    return right / n, sum(o.sentence_right and not o.answer.abstained for o in answerable) / n


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
    head = ("rank-bm25", "bm25s", "own page", "page alone", "all pages")
    settings = [measures(own, kinds), measures(alone, kinds), measures(whole, kinds)]
    print(f"| {'measure':<38} | " + " | ".join(head) + " |")
    print(f"|{'-' * 40}|" + "|".join("-" * (len(h) + 1) + ":" for h in head) + "|")
    for key in settings[0]:
        base = {"paragraph@1": 0, "sentence@1": 1}.get(key)
        values = (
            None if base is None else naive[base],
            None if base is None else b25s[base],
            *(s[key] for s in settings),
        )
        cells = " | ".join(cell(v).rjust(len(h)) for v, h in zip(values, head, strict=True))
        print(f"| {key:<38} | {cells} |")
    right, answered = _follow_ups(later)
    for label, value in (
        ("follow-up turns: sentence@1", right),
        ("follow-ups: sentence@1, not abstained", answered),
        ("follow-ups that leave their page", f"{left} of {len(later)}"),
        ("follow-ups leaving the turn before's", f"{moved} of {len(later)}"),
    ):
        own_col = value if "leav" not in label else None
        all_col = value if "leav" in label else None
        values = (None, None, own_col, None, all_col)
        cells = " | ".join(cell(v).rjust(len(h)) for v, h in zip(values, head, strict=True))
        print(f"| {label:<38} | {cells} |")
    if args.failures:
        for o, k in zip(own + later, kinds + ["follow-up"] * len(later), strict=True):
            if (o.sentence_right and not o.answer.abstained) or (
                not o.case.answers and o.answer.abstained
            ):
                continue
            top = o.answer.hits[0].sentence_text[:90] if o.answer.hits else None
            said = f"abstained={o.answer.abstained} → {top!r}"
            print(f"✗ [{k}] {o.case.question!r} [{o.answer.query}] {said}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
