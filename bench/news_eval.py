"""Held-out news questions: articlebot on BBC articles it was never tuned on.

``bench/data/news_questions.jsonl`` holds questions written blind to the engine (by someone
who saw neither its code nor its output) about six BBC News articles, with short answer spans
and unanswerable traps. The articles are read at run time from ``../shared/data/bbc_dev.jsonl``
(BBC copyright, evaluation only: never shipped). Every rule of the engine was written before
these questions existed, so these figures, like SQuAD's, measure how it does on news it has
not seen; the seed questions in ``tests/data`` were the development set.

Two settings: each question asked of its own article, and of one corpus of all 1,021 BBC
articles (the folder-of-many-articles case; the answer must come from the right article).
Beside articlebot: the naive rank-bm25 baseline of issue 2 (lowercase whitespace tokens,
whole paragraphs, ``BM25Okapi``, the first sentence with the largest word overlap).

    python bench/news_eval.py
    python bench/news_eval.py --failures
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from rank_bm25 import BM25Okapi

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index.answering import answer  # noqa: E402
from index.build import build_index  # noqa: E402
from index.evaluation import Case, Outcome, judge, score  # noqa: E402
from index.models import Article  # noqa: E402
from index.query import parse_query  # noqa: E402
from index.searchindex import SearchIndex  # noqa: E402
from index.sentences import split_sentences  # noqa: E402
from index.tokenizer import normalize  # noqa: E402

QUESTIONS = ROOT / "bench" / "data" / "news_questions.jsonl"


def load(data: Path) -> tuple[dict[str, Article], list[dict]]:
    """All BBC articles by id, and the questions."""
    articles: dict[str, Article] = {}
    for line in (data / "bbc_dev.jsonl").open(encoding="utf-8"):
        d = json.loads(line)
        paras = tuple(p.strip() for p in d["text"].split("\n\n") if p.strip())
        articles[d["id"]] = Article(d["id"].replace("/", "_"), d["title"], "bbc.co.uk", paras)
    questions = [json.loads(line) for line in QUESTIONS.open(encoding="utf-8") if line.strip()]
    return articles, questions


def contains(text: str, answers: list[str]) -> bool:
    t = normalize(text)
    return any(normalize(a) in t for a in answers)


def naive(articles: dict[str, Article], questions: list[dict]) -> dict[str, float]:
    """The issue's naive baseline, each question against its own article (answerable only)."""
    s1 = p1 = n = 0
    for q in questions:
        if not q["answers"]:
            continue
        paras = list(articles[q["article"]].paragraphs)
        bm = BM25Okapi([p.lower().split() for p in paras])
        toks = q["question"].lower().split()
        scores = bm.get_scores(toks)
        top = int(np.lexsort((np.arange(len(paras)), -scores))[0])
        sents = [s.of(paras[top]) for s in split_sentences(paras[top])] or [paras[top]]
        qset = set(toks)
        best = max(range(len(sents)), key=lambda i: (len(qset & set(sents[i].lower().split())), -i))
        n += 1
        p1 += contains(paras[top], q["answers"])
        s1 += contains(sents[best], q["answers"])
    return {"sentence@1": s1 / n, "passage@1": p1 / n}


def ours(index: SearchIndex, questions: list[dict], own_article: bool) -> list[Outcome]:
    """Each question answered from its own article, or from the whole corpus."""
    outcomes = []
    for q in questions:
        wanted = q["article"].replace("/", "_")
        ans = answer(
            index, parse_query(index, q["question"]), k=3, article=wanted if own_article else None
        )
        outcome = judge(Case(q["question"], tuple(q["answers"])), ans)
        if ans.hits and ans.hits[0].article.id != wanted:  # the right words, another article
            outcome = Outcome(outcome.case, ans, False, None)
        outcomes.append(outcome)
    return outcomes


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--failures", action="store_true", help="list the questions answered wrong")
    args = ap.parse_args()
    articles, questions = load(args.data)
    used = sorted({q["article"] for q in questions})
    started = time.perf_counter()
    own = build_index([articles[a] for a in used])
    whole = build_index(list(articles.values()))
    build_s = time.perf_counter() - started
    base = naive(articles, questions)
    own_out = ours(own, questions, own_article=True)
    whole_out = ours(whole, questions, own_article=False)
    a, w = score(own_out), score(whole_out)
    print(
        f"BBC news, {len(used)} articles, {a.answerable} answerable + {a.unanswerable} "
        f"unanswerable questions written blind; whole corpus {len(articles)} articles "
        f"(indexes built in {build_s:.1f} s)\n"
    )
    every = f"all {len(articles):,}"
    print(f"| {'metric':<34} | {'naive rank-bm25':>15} | {'own article':>11} | {every:>9} |")
    print(f"|{'-' * 36}|{'-' * 17}|{'-' * 13}|{'-' * 11}|")
    print(
        f"| {'sentence@1':<34} | {base['sentence@1']:>15.3f} | {a.sentence_at_1:>11.3f} "
        f"| {w.sentence_at_1:>9.3f} |"
    )
    print(
        f"| {'passage@1':<34} | {base['passage@1']:>15.3f} | {a.passage_at_1:>11.3f} "
        f"| {w.passage_at_1:>9.3f} |"
    )
    print(
        f"| {'false abstention':<34} | {'—':>15} | {a.false_abstention:>11.3f} "
        f"| {w.false_abstention:>9.3f} |"
    )
    label = "unanswerable abstained"
    mine = f"{a.abstained_unanswerable} of {a.unanswerable}"
    theirs = f"{w.abstained_unanswerable} of {w.unanswerable}"
    print(f"| {label:<34} | {'—':>15} | {mine:>11} | {theirs:>9} |")
    if args.failures:
        for o in own_out:
            if o.sentence_right or (not o.case.answers and o.answer.abstained):
                continue
            top = o.answer.hits[0].sentence_text[:100] if o.answer.hits else None
            print(
                f"✗ {o.case.question!r} [{o.answer.query}] abstained={o.answer.abstained} → {top!r}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
