"""Measure candidate abstention rules (issue 12) on the news sets without changing the engine:
each rule is applied on top of :func:`index.answering.answer` inside ``bench/news_eval.py``.
None is in the engine: on the development sets none cut wrong answers without pushing false
abstention above 0.10 (``docs/quality.md``, "Each change and its effect").

    python bench/abstain_probe.py --rule predicate [--min-predicates 2] [--covered-below 0.5]
        [--near 99] [--dev | --dev2] [--failures]
    python bench/abstain_probe.py --rule typed [--dev | --dev2]

``predicate``: decline when the question has at least ``--min-predicates`` predicate words (its
own words not written capitalised past the first word: not names) and none of them is within
``--near`` sentences of the answering sentence, and the passage covers less than
``--covered-below`` of the question. ``sentence``: decline when the answering sentence and its
``--near`` neighbours hold less than ``--sentence-below`` of the question's own words (a word
the corpus lacks counts as missing). ``typed``: decline a "who" question whose answering
sentence names no one the question does not, and a number question whose sentence's only
numbers are the question's. ``window``: decline a typed question ("when", "how many", "who")
when the answering sentence and its ``--near`` neighbours hold no answer of the type asked.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import news_eval  # noqa: E402

from index.answertype import AnswerKind, type_fit  # noqa: E402
from index.coverage import coverage  # noqa: E402
from index.models import Answer  # noqa: E402
from index.query import Query  # noqa: E402
from index.searchindex import SearchIndex  # noqa: E402

_NAME_RE = re.compile(r"\b[A-Z][\w'-]+")
_NUM_RE = re.compile(r"\d[\d,.]*")
_NUMBER_KINDS = frozenset(
    {AnswerKind.NUMBER, AnswerKind.MONEY, AnswerKind.AGE, AnswerKind.SCORE, AnswerKind.YEAR}
)


def name_slots(query: Query) -> set[int]:
    """Slots of question words written capitalised past the question's first word."""
    first = re.match(r"\W*\w+", query.text)
    rest = query.text[first.end() :] if first else query.text
    return {
        t.slot
        for t in query.terms
        if not t.carried
        and t.form
        and re.search(rf"\b{re.escape(t.form[:1].upper() + t.form[1:])}", rest)
    }


def predicate_found(
    index: SearchIndex, query: Query, passage: int, sentence: int, near: int
) -> tuple[int, int]:
    """(predicate words found near the answering sentence, predicate words asked)."""
    names = name_slots(query)
    slots = {t.slot for t in query.terms if not t.carried and t.slot not in names}
    sents = index.sentence_term_ids(passage)
    lo, hi = max(0, sentence - near), min(len(sents), sentence + near + 1)
    present = {t for s in sents[lo:hi] for t in s}
    found = {t.slot for t in query.terms if t.slot in slots and t.term_id in present}
    return len(found), len(slots)


def sentence_share(
    index: SearchIndex,
    query: Query,
    passage: int,
    sentence: int,
    near: int,
    weighted: bool = False,
) -> float:
    """The share of the question's own words (names too) within ``near`` sentences of the answer;
    ``weighted``: each word counts its idf (a word the corpus lacks counts the largest idf)."""
    idf = index.matrix.idf
    weight: dict[int, float] = {}
    for t in query.terms:
        if not t.carried:
            w = float(idf[t.term_id]) if weighted else 1.0
            weight[t.slot] = max(weight.get(t.slot, 0.0), w)
    sents = index.sentence_term_ids(passage)
    lo, hi = max(0, sentence - near), min(len(sents), sentence + near + 1)
    present = {t for s in sents[lo:hi] for t in s}
    found = {t.slot for t in query.terms if t.slot in weight and t.term_id in present}
    unknown = len(query.unknown) * (float(idf.max(initial=1.0)) if weighted else 1.0)
    total = sum(weight.values()) + unknown
    return sum(weight[s] for s in found) / total if total > 0 else 1.0


def adds_nothing(query: Query, text: str) -> bool:
    """A "who" sentence naming no one new, or a number sentence whose numbers are the question's."""
    asked = {w.lower() for w in re.findall(r"\w+", query.text)}
    if query.kind is AnswerKind.PERSON:
        names = {m.group(0).lower() for m in _NAME_RE.finditer(text)}
        return all(n in asked or any(len(a) >= 5 and a[:5] == n[:5] for a in asked) for n in names)
    if query.kind in _NUMBER_KINDS:
        numbers = {m.group(0).rstrip(",.") for m in _NUM_RE.finditer(text)}
        return bool(numbers) and numbers <= asked
    return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rule", choices=("predicate", "typed", "sentence", "window"), required=True
    )
    parser.add_argument("--min-predicates", type=int, default=2)
    parser.add_argument("--covered-below", type=float, default=0.5)
    parser.add_argument("--near", type=int, default=99)
    parser.add_argument("--sentence-below", type=float, default=0.34)
    parser.add_argument("--joint-below", type=float, default=2.0, help="and coverage below")
    parser.add_argument("--weighted", action="store_true", help="sentence: words count their idf")
    args, rest = parser.parse_known_args()
    plain = news_eval.answer

    def probed(index: SearchIndex, query: Query, **kw: object) -> Answer:
        ans: Answer = plain(index, query, **kw)  # type: ignore[arg-type]
        if ans.abstained or not ans.hits or not query.terms:
            return ans
        hit = ans.hits[0]
        p = index.passage_number(hit.passage.id)
        texts = hit.passage.sentence_texts()
        s = next((i for i, sp in enumerate(hit.passage.sentences) if sp == hit.sentence), 0)
        if args.rule == "predicate":
            found, asked = predicate_found(index, query, p, s, args.near)
            decline = asked >= args.min_predicates and found == 0
            decline = decline and coverage(index, p, query) < args.covered_below
        elif args.rule == "sentence":
            share = sentence_share(index, query, p, s, args.near, args.weighted)
            decline = share < args.sentence_below
            decline = decline and coverage(index, p, query) < args.joint_below
        elif args.rule == "window":  # a typed question without its type near the answer
            window = " ".join(texts[max(0, s - args.near) : s + args.near + 1])
            decline = query.kind is not AnswerKind.ANY and not type_fit(query.kind, window)
        else:
            decline = adds_nothing(query, texts[s])
        return dataclasses.replace(ans, abstained=True) if decline else ans

    news_eval.answer = probed  # type: ignore[assignment]
    sys.argv = [sys.argv[0], *rest]
    return news_eval.main()


if __name__ == "__main__":
    raise SystemExit(main())
