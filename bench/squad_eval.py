"""Retrieval quality on SQuAD v1.1 dev (13 articles), articlebot beside a naive rank-bm25 baseline.

Each article is its own one-article corpus. For every question: passage@1 (the gold paragraph
ranked first), sentence@1 (a gold answer span inside the top sentence), MRR over the top 10,
and false abstention. For abstention, every question is also asked of the next article in the
list, where it is (almost always) unanswerable: the share abstained there is reported.

The naive baseline is what issue 2 names: lowercase whitespace tokens, whole paragraphs,
``BM25Okapi``, the first sentence with the largest token overlap.

    python bench/squad_eval.py                      # tables
    python bench/squad_eval.py --sweep              # abstention threshold calibration
    python bench/squad_eval.py --data ../shared/data --limit 200
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from rank_bm25 import BM25Okapi

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


from common import require_data  # noqa: E402

from index.answering import answer  # noqa: E402
from index.bm25params import Bm25Params  # noqa: E402
from index.build import build_index  # noqa: E402
from index.models import Article  # noqa: E402
from index.query import parse_query  # noqa: E402
from index.sentences import split_sentences  # noqa: E402
from index.tokenizer import normalize  # noqa: E402


def load(data: Path, limit: int | None) -> tuple[list[dict], dict[str, list[dict]]]:
    docs = [json.loads(line) for line in (data / "squad11_dev13.docs.jsonl").open(encoding="utf-8")]
    questions: dict[str, list[dict]] = defaultdict(list)
    for line in (data / "squad11_dev13.questions.jsonl").open(encoding="utf-8"):
        q = json.loads(line)
        questions[q["doc_id"]].append(q)
    if limit:
        questions = {k: v[:limit] for k, v in questions.items()}
    return docs, questions


def contains(text: str, answers: list[str]) -> bool:
    t = normalize(text)
    return any(normalize(a) in t for a in answers)


def naive(docs: list[dict], questions: dict[str, list[dict]]) -> dict[str, float]:
    """Lowercase whitespace tokens, whole paragraphs, BM25Okapi, first best sentence."""
    p1 = s1 = rr = 0.0
    n = 0
    for doc in docs:
        paras = doc["paragraphs"]
        bm = BM25Okapi([p.lower().split() for p in paras])
        for q in questions[doc["doc_id"]]:
            toks = q["question"].lower().split()
            scores = bm.get_scores(toks)
            order = np.lexsort((np.arange(len(paras)), -scores))
            top = int(order[0])
            n += 1
            p1 += top + 1 == q["paragraph"]
            rank = next((r for r, i in enumerate(order[:10], 1) if i + 1 == q["paragraph"]), None)
            rr += 1 / rank if rank else 0
            sents = [s.of(paras[top]) for s in split_sentences(paras[top])] or [paras[top]]
            qset = set(toks)
            best = max(
                range(len(sents)), key=lambda i: (len(qset & set(sents[i].lower().split())), -i)
            )
            s1 += contains(sents[best], q["answers"])
    return {"passage@1": p1 / n, "sentence@1": s1 / n, "mrr": rr / n, "n": n}


def ours(
    docs: list[dict], questions: dict[str, list[dict]], params: Bm25Params, sweep: bool
) -> dict[str, float]:
    indexes = [
        build_index([Article(d["doc_id"], d["title"], "wikipedia", tuple(d["paragraphs"]))], params)
        for d in docs
    ]
    p1 = s1 = rr = fa = ca = 0.0
    n = 0
    own_cov: list[float] = []
    cross_cov: list[float] = []
    for i, doc in enumerate(docs):
        ix, other = indexes[i], indexes[(i + 1) % len(docs)]
        for q in questions[doc["doc_id"]]:
            a = answer(ix, parse_query(ix, q["question"]), k=10)
            n += 1
            top = a.hits[0] if a.hits else None
            p1 += top is not None and top.passage.paragraph == q["paragraph"]
            rank = next((h.rank for h in a.hits if h.passage.paragraph == q["paragraph"]), None)
            rr += 1 / rank if rank else 0
            s1 += top is not None and contains(top.sentence_text, q["answers"])
            fa += a.abstained
            c = answer(other, parse_query(other, q["question"]), k=1)
            ca += c.abstained
            own_cov.append(a.coverage)
            cross_cov.append(c.coverage)
    if sweep:
        own, cross = np.array(own_cov), np.array(cross_cov)
        print(f"{'threshold':>10}{'false-abs':>11}{'cross-abs':>11}")
        for t in np.arange(0.2, 0.85, 0.05):
            print(f"{t:>10.2f}{(own < t).mean():>11.3f}{(cross < t).mean():>11.3f}")
    return {
        "passage@1": p1 / n,
        "sentence@1": s1 / n,
        "mrr": rr / n,
        "false_abstention": fa / n,
        "cross_abstention": ca / n,
        "n": n,
    }


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    default = next(
        (
            b / "shared" / "data"
            for b in (ROOT.parent, ROOT.parent.parent)
            if (b / "shared").is_dir()
        ),
        ROOT.parent / "shared" / "data",
    )
    ap.add_argument("--data", type=Path, default=default)
    ap.add_argument("--limit", type=int, default=None, help="questions per article")
    ap.add_argument("--variant", default="plus", choices=["okapi", "l", "plus"])
    ap.add_argument("--k1", type=float, default=1.5)
    ap.add_argument("--b", type=float, default=0.3)
    ap.add_argument("--sweep", action="store_true", help="print abstention by threshold")
    args = ap.parse_args()
    require_data(args.data, "squad11_dev13.docs.jsonl", "squad11_dev13.questions.jsonl")
    docs, questions = load(args.data, args.limit)
    t = time.perf_counter()
    base = naive(docs, questions)
    mine = ours(docs, questions, Bm25Params(args.variant, args.k1, args.b), args.sweep)
    print(
        f"SQuAD v1.1 dev, 13 articles, {mine['n']} questions "
        f"(BM25{args.variant} k1={args.k1} b={args.b}; {time.perf_counter() - t:.0f} s)\n"
    )
    print(f"| {'metric':<28} | {'naive rank-bm25':>15} | {'articlebot':>10} |")
    print(f"|{'-' * 30}|{'-' * 17}|{'-' * 12}|")
    for key, label in (
        ("passage@1", "passage@1"),
        ("sentence@1", "sentence@1"),
        ("mrr", "MRR (top 10)"),
    ):
        print(f"| {label:<28} | {base[key]:>15.3f} | {mine[key]:>10.3f} |")
    print(
        f"| {'false abstention (in-article)':<28} | {'—':>15} | {mine['false_abstention']:>10.3f} |"
    )
    print(f"| {'abstained, cross-article':<28} | {'—':>15} | {mine['cross_abstention']:>10.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
