"""News questions: articlebot on BBC articles, beside rank-bm25 and bm25s baselines.

Three question sets, all written blind to the engine (by someone who saw neither its code nor
its output, only the articles), over ``../shared/data/bbc_dev.jsonl`` (BBC copyright,
evaluation only: never shipped):

- held out (default): ``bench/data/news_questions.jsonl`` and ``news_conversations.jsonl``,
  six articles. Reported, never tuned on.
- development (``--dev``): ``bench/data/news_dev.jsonl`` and ``news_dev_conversations.jsonl``,
  other articles. What the engine's thresholds are calibrated on.
- development 2 (``--dev2``): ``bench/data/news_dev2.jsonl`` and
  ``news_dev2_conversations.jsonl``, a second blind set over yet other articles.

Measures, each question asked of its own article unless said: right paragraph first; right
sentence first; right sentence first *and not abstained* (what a user is actually given);
false abstention; unanswerable questions declined; paraphrased questions; accuracy with
abstention (right and answered, or unanswerable and declined) beside always answering (the
same top sentence, never declining), which abstention must not fall below; follow-up turns
(a conversation's later questions) right sentence first; asked of all articles at once, no
filter: right article and paragraph first, and follow-ups whose answer leaves their article
(unless the turn says ``"switch": true``); each asked of an index of its article alone (a user
who added one article). Baselines: issue 2's naive rank-bm25 (lowercase
whitespace tokens, ``BM25Okapi``, the first sentence with the largest word overlap) and
bm25s (its tokenizer with English stopwords, the same sentence pick), which never abstain.

    python bench/news_eval.py [--dev | --dev2] [--failures] [--data DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from rank_bm25 import BM25Okapi

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from common import require_data  # noqa: E402
from qa_table import follow_up_rows, print_failures, print_table  # noqa: E402

from index.answering import answer  # noqa: E402
from index.build import build_index  # noqa: E402
from index.conversation import Conversation  # noqa: E402
from index.evaluation import Case, Outcome, judge  # noqa: E402
from index.models import Answer, Article  # noqa: E402
from index.query import parse_query  # noqa: E402
from index.searchindex import SearchIndex  # noqa: E402
from index.sentences import split_sentences  # noqa: E402
from index.tokenizer import normalize  # noqa: E402

DATA = ROOT / "bench" / "data"
SETS = {
    "held out": ("news_questions.jsonl", "news_conversations.jsonl"),
    "development": ("news_dev.jsonl", "news_dev_conversations.jsonl"),
    "development 2": ("news_dev2.jsonl", "news_dev2_conversations.jsonl"),
}


def default_data() -> Path:
    """``shared/data`` beside the repository (or beside the worktrees' parent)."""
    for base in (ROOT.parent, ROOT.parent.parent):
        if (base / "shared" / "data" / "bbc_dev.jsonl").exists():
            return base / "shared" / "data"
    return ROOT.parent / "shared" / "data"


def load_articles(data: Path) -> dict[str, Article]:
    """Every BBC article by its id ("business/069")."""
    articles: dict[str, Article] = {}
    for line in (data / "bbc_dev.jsonl").open(encoding="utf-8"):
        d = json.loads(line)
        paras = tuple(p.strip() for p in d["text"].split("\n\n") if p.strip())
        articles[d["id"]] = Article(d["id"].replace("/", "_"), d["title"], "bbc.co.uk", paras)
    return articles


def load_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def contains(text: str, answers: Sequence[str]) -> bool:
    t = normalize(text)
    return any(normalize(a) in t for a in answers)


def baseline(
    articles: dict[str, Article], questions: list[dict], rank: Callable[[list[str], str], int]
) -> tuple[float, float]:
    """(paragraph@1, sentence@1) of a plain ranker over each question's own article."""
    p1 = s1 = n = 0
    for q in questions:
        if not q["answers"]:
            continue
        paras = list(articles[q["article"]].paragraphs)
        top = rank(paras, q["question"])
        sents = [s.of(paras[top]) for s in split_sentences(paras[top])] or [paras[top]]
        words = set(q["question"].lower().split())
        best = max(
            range(len(sents)), key=lambda i: (len(words & set(sents[i].lower().split())), -i)
        )
        n += 1
        p1 += contains(paras[top], q["answers"])
        s1 += contains(sents[best], q["answers"])
    return p1 / max(n, 1), s1 / max(n, 1)


def rank_bm25(paras: list[str], question: str) -> int:
    scores = BM25Okapi([p.lower().split() for p in paras]).get_scores(question.lower().split())
    return int(np.lexsort((np.arange(len(paras)), -scores))[0])


def rank_bm25s(paras: list[str], question: str) -> int:
    import bm25s

    model = bm25s.BM25()
    model.index(bm25s.tokenize(paras, stopwords="en", show_progress=False), show_progress=False)
    q = bm25s.tokenize([question], stopwords="en", show_progress=False)
    if not q.vocab:
        return 0
    docs, _ = model.retrieve(q, k=1, show_progress=False)
    return int(docs[0][0])


def judged(q: dict, ans: Answer, wanted: str) -> Outcome:
    """The outcome of one answer; an answer from another article is wrong whatever it says."""
    outcome = judge(Case(q["question"], tuple(q["answers"])), ans)
    if ans.hits and ans.hits[0].article.id != wanted:
        return Outcome(outcome.case, ans, False, None)
    return outcome


def ask(index: SearchIndex, questions: list[dict], own_article: bool) -> list[Outcome]:
    out = []
    for q in questions:
        wanted = q["article"].replace("/", "_")
        query = parse_query(index, q["question"])
        ans = answer(index, query, k=3, article=wanted if own_article else None)
        out.append(judged(q, ans, wanted))
    return out


def converse(
    index: SearchIndex, conversations: list[dict], own_article: bool
) -> tuple[list[Outcome], int, int]:
    """Outcomes of every later turn; how many of them answered from another article than the
    conversation's, and than the turn before's, without being asked to."""
    later: list[Outcome] = []
    left = moved = 0
    for c in conversations:
        wanted = c["article"].replace("/", "_")
        conv = Conversation()
        before: str | None = None
        for i, turn in enumerate(c["turns"]):
            q = {"question": turn["question"], "answers": turn.get("answers", [])}
            ans = conv.ask(index, q["question"], k=3, article=wanted if own_article else None)
            now = ans.hits[0].article.id if ans.hits else None
            if i:
                later.append(judged(q, ans, wanted))
                if now is not None and not turn.get("switch"):
                    left += now != wanted
                    moved += before is not None and now != before
            before = now
    return later, left, moved


def measures(outs: list[Outcome], kinds: list[str]) -> dict[str, float | str]:
    ans = [o for o in outs if o.case.answers]
    una = [o for o in outs if not o.case.answers]
    para = [o for o, k in zip(outs, kinds, strict=True) if k == "paraphrase"]
    n = max(len(ans), 1)
    right_answered = sum(o.sentence_right and not o.answer.abstained for o in ans)
    declined = sum(o.answer.abstained for o in una)
    return {
        "paragraph@1": sum(o.passage_rank == 1 for o in ans) / n,
        "sentence@1": sum(o.sentence_right for o in ans) / n,
        "sentence@1 and not abstained": right_answered / n,
        "false abstention": sum(o.answer.abstained for o in ans) / n,
        "unanswerable declined": f"{declined} of {len(una)}",
        "paraphrase sentence@1": sum(o.sentence_right for o in para) / max(len(para), 1),
        "accuracy with abstention": (right_answered + declined) / max(len(outs), 1),
        "accuracy always answering": sum(o.sentence_right for o in ans) / max(len(outs), 1),
    }


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--data", type=Path, default=default_data())
    sets = ap.add_mutually_exclusive_group()
    sets.add_argument(
        "--dev", action="store_true", help="the development set, not the held-out one"
    )
    sets.add_argument(
        "--dev2", action="store_true", help="the second development set, not the held-out one"
    )
    ap.add_argument("--failures", action="store_true", help="list the questions answered wrong")
    args = ap.parse_args()
    require_data(args.data, "bbc_dev.jsonl")
    name = "development" if args.dev else "development 2" if args.dev2 else "held out"
    qfile, cfile = SETS[name]
    articles = load_articles(args.data)
    questions = load_jsonl(DATA / qfile)
    conversations = load_jsonl(DATA / cfile)
    if not questions:
        print(f"no questions in {DATA / qfile}", file=sys.stderr)
        return 2
    used = sorted({q["article"] for q in questions} | {c["article"] for c in conversations})
    started = time.perf_counter()
    own = build_index([articles[a] for a in used])
    whole = build_index(list(articles.values()))
    build_s = time.perf_counter() - started
    kinds = [q.get("kind", "") for q in questions]
    own_out = ask(own, questions, own_article=True)
    whole_out = ask(whole, questions, own_article=False)
    # A user with one article: each question asked of an index of its article alone.
    single = {a: build_index([articles[a]]) for a in sorted({q["article"] for q in questions})}
    alone_out = [ask(single[q["article"]], [q], own_article=True)[0] for q in questions]
    mine, every = measures(own_out, kinds), measures(whole_out, kinds)
    alone = measures(alone_out, kinds)
    naive, b25s = (
        baseline(articles, questions, rank_bm25),
        baseline(articles, questions, rank_bm25s),
    )
    later, _, _ = converse(own, conversations, own_article=True)
    later_whole, left, moved = converse(whole, conversations, own_article=False)
    n_ans = sum(bool(q["answers"]) for q in questions)
    print(
        f"BBC news, {name} set: {len(used)} articles, {n_ans} answerable + "
        f"{len(questions) - n_ans} unanswerable questions, {len(later)} follow-up turns in "
        f"{len(conversations)} conversations; all {len(articles):,} articles at once "
        f"(indexes built in {build_s:.1f} s)\n"
    )
    rows: list[tuple[str, ...] | tuple[str, float | str | None, ...]] = [
        (
            k,
            naive[0] if k == "paragraph@1" else naive[1] if k == "sentence@1" else None,
            b25s[0] if k == "paragraph@1" else b25s[1] if k == "sentence@1" else None,
            mine[k],
            alone[k],
            every[k],
        )
        for k in mine
    ]
    if later:
        rows += follow_up_rows(later, later_whole, left, moved)
    print_table(("rank-bm25", "bm25s", "own article", "article alone", "all articles"), rows)
    if args.failures:
        print_failures(own_out + later, kinds + ["follow-up"] * len(later))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
