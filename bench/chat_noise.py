"""The same questions with chat pleasantries around them: does "lol" change the answer?

People in a Discord channel write "hey who scored?", "who scored thanks", "pls who scored",
"who scored lol", "can you tell me who scored", "who scored, according to the article". None
of those words says what is asked; searched as content words the article lacks, they count
against the answer and push it into abstention. This asks each question of
a BBC question set (``bench/news_eval.py``'s sets, each of its own article) as written and
with each pleasantry, and prints what a user is given beside the plain question's figures:
right sentence first and not abstained, false abstention, unanswerable questions declined;
and the same for the later turns of the set's conversations (the first turn as written).
The pleasantries are words of ``index/data/fillers.txt``: this shows what they cost a
question, not how much of what people type the list covers. Two more rows type the question
all in lowercase (names are then known only by the corpus's words) and all in capitals.

    python bench/chat_noise.py [--dev | --dev2] [--data DIR]
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from common import require_data
from news_eval import DATA, SETS, ask, converse, default_data, load_articles, load_jsonl, measures
from qa_table import follow_up_rates

from index.build import build_index


def _lower_first(q: str) -> str:
    return q[:1].lower() + q[1:]


WRAPS: dict[str, Callable[[str], str]] = {
    "as written": lambda q: q,
    '"hey …"': lambda q: "hey " + _lower_first(q),
    '"pls …"': lambda q: "pls " + _lower_first(q),
    '"… thanks"': lambda q: q + " thanks",
    '"… lol"': lambda q: q + " lol",
    '"hi, … ty"': lambda q: "hi, " + _lower_first(q) + " ty",
    '"do you know …"': lambda q: "do you know " + _lower_first(q),
    '"can you tell me …"': lambda q: "can you tell me " + _lower_first(q),
    '"quick question: …"': lambda q: "quick question: " + _lower_first(q),
    '"according to the article, …"': lambda q: "according to the article, " + _lower_first(q),
    '"… in this article?"': lambda q: q.rstrip("?") + " in this article?",
    '"so …"': lambda q: "so " + _lower_first(q),
    '"wait, …"': lambda q: "wait, " + _lower_first(q),
    '"just wondering, …"': lambda q: "just wondering, " + _lower_first(q),
    '"… bro"': lambda q: q + " bro",
    "all in lowercase": lambda q: q.lower(),
    "ALL IN CAPITALS": lambda q: q.upper(),
}


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--data", type=Path, default=default_data())
    sets = ap.add_mutually_exclusive_group()
    sets.add_argument("--dev", action="store_true", help="the development set")
    sets.add_argument("--dev2", action="store_true", help="the second development set")
    args = ap.parse_args()
    require_data(args.data, "bbc_dev.jsonl")
    name = "development" if args.dev else "development 2" if args.dev2 else "held out"
    questions = load_jsonl(DATA / SETS[name][0])
    conversations = load_jsonl(DATA / SETS[name][1])
    articles = load_articles(args.data)
    used = {q["article"] for q in questions} | {c["article"] for c in conversations}
    index = build_index([articles[a] for a in sorted(used)])
    kinds = [q.get("kind", "") for q in questions]
    print(
        f"BBC news, {name} set: {len(questions)} questions and the later turns of "
        f"{len(conversations)} conversations, each asked of its own article\n"
    )
    print(
        "| asked | right and not abstained | false abstention | unanswerable declined "
        "| follow-ups right | follow-ups right, not abstained |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for label, wrap in WRAPS.items():
        asked = [dict(q, question=wrap(q["question"])) for q in questions]
        m = measures(ask(index, asked, own_article=True), kinds)
        talks = [
            dict(
                c,
                turns=[c["turns"][0]]
                + [dict(t, question=wrap(t["question"])) for t in c["turns"][1:]],
            )
            for c in conversations
        ]
        later, _, _ = converse(index, talks, own_article=True)
        follow, kept = follow_up_rates(later)
        right, false = m["sentence@1 and not abstained"], m["false abstention"]
        print(
            f"| {label} | {right:.3f} | {false:.3f} | {m['unanswerable declined']} "
            f"| {follow:.3f} | {kept:.3f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
