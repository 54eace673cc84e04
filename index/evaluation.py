"""Evaluation: run questions with known answers and measure retrieval and abstention.

A case is ``{"question": …, "answers": ["substring", …]}`` (an empty list: unanswerable) or
``{"turns": [case, …]}`` (a conversation; later turns are follow-ups). A prediction is right
when an answer substring occurs in the returned sentence (sentence@1) or passage (passage@k),
compared after punctuation unification and case folding.

Metrics, over answerable questions: sentence@1, passage@1, passage@3, MRR (first passage
holding an answer within the returned hits), false abstention (abstained although answerable);
over all: abstention precision and recall (abstained ⇔ unanswerable).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from index.errors import QueryError
from index.models import Answer
from index.tokenizer import normalize


@dataclass(frozen=True, slots=True)
class Case:
    """One question with its expected answer substrings (empty: unanswerable)."""

    question: str
    answers: tuple[str, ...]
    follow_up: bool = False
    switch: bool = False


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the engine did with one case."""

    case: Case
    answer: Answer
    sentence_right: bool
    passage_rank: int | None


@dataclass(slots=True)
class Scores:
    """Aggregated metrics over a set of outcomes."""

    questions: int = 0
    answerable: int = 0
    sentence_at_1: float = 0.0
    passage_at_1: float = 0.0
    passage_at_3: float = 0.0
    mrr: float = 0.0
    false_abstention: float = 0.0
    abstention_precision: float = 0.0
    abstention_recall: float = 0.0
    unanswerable: int = 0
    abstained_unanswerable: int = 0

    def to_json(self) -> dict[str, float | int]:
        """Plain dict (rounded)."""
        return {
            k: round(v, 4) if isinstance(v, float) else v
            for k, v in ((f, getattr(self, f)) for f in self.__slots__)
        }


@dataclass(slots=True)
class Report:
    """Scores overall, for single questions and for follow-up turns, plus every outcome."""

    overall: Scores
    single: Scores
    follow_up: Scores
    outcomes: list[Outcome] = field(default_factory=list)


def parse_case(obj: Any) -> list[Case]:
    """Cases from one JSONL object; raise :class:`QueryError` when it has the wrong shape."""
    if isinstance(obj, dict) and "turns" in obj and isinstance(obj["turns"], list):
        turns = [_one(t) for t in obj["turns"]]
        return [
            Case(t.question, t.answers, i > 0, bool(raw.get("switch")))
            for i, (t, raw) in enumerate(zip(turns, obj["turns"], strict=True))
        ]
    return [_one(obj)]


def _one(obj: Any) -> Case:
    if not isinstance(obj, dict) or not isinstance(obj.get("question"), str):
        raise QueryError(
            'each line needs {"question": "...", "answers": [...]} or {"turns": [...]}'
        )
    answers = obj.get("answers", [])
    if not isinstance(answers, list) or not all(isinstance(a, str) for a in answers):
        raise QueryError('"answers" must be a list of strings')
    return Case(obj["question"], tuple(answers))


def _contains(text: str, answers: tuple[str, ...]) -> bool:
    t = normalize(text)
    return any(normalize(a) in t for a in answers)


def judge(case: Case, ans: Answer) -> Outcome:
    """Score one answer against its case."""
    top = ans.hits[0] if ans.hits else None
    right = top is not None and bool(case.answers) and _contains(top.sentence_text, case.answers)
    rank = next(
        (h.rank for h in ans.hits if case.answers and _contains(h.passage.text, case.answers)), None
    )
    return Outcome(case, ans, right, rank)


def score(outcomes: Iterable[Outcome]) -> Scores:
    """Aggregate outcomes into :class:`Scores`."""
    outs = list(outcomes)
    s = Scores(questions=len(outs))
    ans = [o for o in outs if o.case.answers]
    una = [o for o in outs if not o.case.answers]
    s.answerable, s.unanswerable = len(ans), len(una)
    if ans:
        n = len(ans)
        s.sentence_at_1 = sum(o.sentence_right for o in ans) / n
        s.passage_at_1 = sum(o.passage_rank == 1 for o in ans) / n
        s.passage_at_3 = sum(o.passage_rank is not None and o.passage_rank <= 3 for o in ans) / n
        s.mrr = sum(1 / o.passage_rank for o in ans if o.passage_rank) / n
        s.false_abstention = sum(o.answer.abstained for o in ans) / n
    abstained = [o for o in outs if o.answer.abstained]
    s.abstained_unanswerable = sum(not o.case.answers for o in abstained)
    s.abstention_precision = s.abstained_unanswerable / len(abstained) if abstained else 1.0
    s.abstention_recall = s.abstained_unanswerable / len(una) if una else 1.0
    return s


def evaluate(
    conversations: list[list[Case]], ask_turns: Callable[[list[Case]], list[Answer]]
) -> Report:
    """Run every conversation (a single question is a conversation of one) and score it."""
    outcomes: list[Outcome] = []
    for conv in conversations:
        for case, ans in zip(conv, ask_turns(conv), strict=True):
            outcomes.append(judge(case, ans))
    return Report(
        score(outcomes),
        score(o for o in outcomes if not o.case.follow_up),
        score(o for o in outcomes if o.case.follow_up),
        outcomes,
    )


__all__ = ["Case", "Outcome", "Report", "Scores", "evaluate", "judge", "parse_case", "score"]
