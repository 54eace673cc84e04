"""Evaluation: metrics on a tiny hand-made set, computed by hand."""

from __future__ import annotations

import pytest

from index.errors import QueryError
from index.evaluation import Case, evaluate, judge, parse_case, score
from index.models import Answer, Article, Hit, Passage, Span

ARTICLE = Article("a", "Headline", "example.com", ("unused",))


def hit(rank: int, text: str, sentence: str | None = None) -> Hit:
    """A hit whose passage is ``text`` and whose answering sentence is ``sentence``."""
    sentence = text if sentence is None else sentence
    start = text.index(sentence)
    span = Span(start, start + len(sentence))
    passage = Passage(f"a:{rank}", "a", (rank,), text, (span,))
    return Hit(rank, 10.0 - rank, passage, ARTICLE, span)


def reply(question: str, *hits: Hit, abstained: bool = False) -> Answer:
    return Answer(question, question.casefold(), abstained, hits)


# Five cases, with the metrics worked out by hand below.
SET = [
    # 1. answerable; the top sentence holds the answer: sentence right, passage rank 1.
    (
        Case("How many troops?", ("5,200",)),
        reply(
            "How many troops?",
            hit(1, "An estimated 5,200 personnel. More text.", "An estimated 5,200 personnel."),
            hit(2, "Other."),
        ),
    ),
    # 2. answerable; the answer is only in the second passage: sentence wrong, rank 2.
    (
        Case("Who is Esper?", ("defence secretary",)),
        reply(
            "Who is Esper?",
            hit(1, "Mark Esper spoke."),
            hit(2, "US Defence Secretary Mark Esper said no."),
        ),
    ),
    # 3. answerable but missed, and the engine abstained: a false abstention.
    (
        Case("Where are the bases?", ("Camp Taji",)),
        reply("Where are the bases?", hit(1, "Nothing here."), abstained=True),
    ),
    # 4. unanswerable, and the engine abstained: a right abstention.
    (Case("Capital of Australia?", ()), reply("Capital of Australia?", abstained=True)),
    # 5. unanswerable, but the engine answered.
    (Case("Who won the cup?", ()), reply("Who won the cup?", hit(1, "Iraq won nothing."))),
]


def test_metrics_of_a_hand_made_set() -> None:
    s = score(judge(case, ans) for case, ans in SET)
    assert (s.questions, s.answerable, s.unanswerable) == (5, 3, 2)
    assert s.sentence_at_1 == pytest.approx(1 / 3)  # case 1
    assert s.passage_at_1 == pytest.approx(1 / 3)  # case 1
    assert s.passage_at_3 == pytest.approx(2 / 3)  # cases 1 and 2
    assert s.mrr == pytest.approx((1 + 1 / 2 + 0) / 3)  # ranks 1, 2, none
    assert s.false_abstention == pytest.approx(1 / 3)  # case 3
    assert s.abstained_unanswerable == 1  # case 4
    assert s.abstention_precision == pytest.approx(1 / 2)  # abstained on 3 and 4; 4 was right
    assert s.abstention_recall == pytest.approx(1 / 2)  # unanswerable 4 and 5; 4 abstained


def test_judging_ignores_case_and_quote_style() -> None:
    case = Case("What nightmare?", ('"Historic nightmare"',))
    outcome = judge(case, reply("q", hit(1, "It would be a “historic nightmare” for the US.")))
    assert outcome.sentence_right
    assert outcome.passage_rank == 1


def test_an_unanswerable_case_is_never_right() -> None:
    outcome = judge(Case("q", ()), reply("q", hit(1, "Anything.")))
    assert not outcome.sentence_right
    assert outcome.passage_rank is None


def test_no_outcomes_score_zero_with_perfect_abstention() -> None:
    s = score([])
    assert (s.questions, s.sentence_at_1, s.mrr) == (0, 0.0, 0.0)
    assert (s.abstention_precision, s.abstention_recall) == (1.0, 1.0)


def test_scores_serialise_rounded() -> None:
    s = score(judge(case, ans) for case, ans in SET)
    obj = s.to_json()
    assert obj["mrr"] == 0.5
    assert obj["sentence_at_1"] == 0.3333
    assert obj["questions"] == 5


def test_single_questions_and_follow_ups_are_scored_apart() -> None:
    conversations = [
        parse_case({"question": "How many troops?", "answers": ["5,200"]}),
        parse_case(
            {
                "turns": [
                    {"question": "Who is Esper?", "answers": ["defence secretary"]},
                    {"question": "Who won the cup?", "answers": []},
                ]
            }
        ),
    ]
    answers = {case.question: ans for case, ans in SET}
    report = evaluate(conversations, lambda cases: [answers[c.question] for c in cases])
    assert (report.overall.questions, report.single.questions, report.follow_up.questions) == (
        3,
        2,
        1,
    )
    assert report.single.passage_at_1 == pytest.approx(1 / 2)
    assert report.follow_up.unanswerable == 1
    assert [o.case.follow_up for o in report.outcomes] == [False, False, True]


def test_parse_case_reads_single_questions_and_turns() -> None:
    assert parse_case({"question": "Q?", "answers": ["a", "b"], "kind": "fact"}) == [
        Case("Q?", ("a", "b"))
    ]
    assert parse_case({"question": "Q?"}) == [Case("Q?", ())]
    turns = parse_case(
        {
            "turns": [
                {"question": "A?", "answers": ["x"]},
                {"question": "B?", "answers": [], "switch": True},
            ]
        }
    )
    assert turns == [Case("A?", ("x",)), Case("B?", (), follow_up=True, switch=True)]


@pytest.mark.parametrize(
    "obj",
    [
        [],
        "question",
        {"answers": ["x"]},
        {"question": 3},
        {"question": "Q", "answers": "x"},
        {"question": "Q", "answers": [1]},
        {"turns": [{"answers": []}]},
        {"turns": "Q"},
    ],
)
def test_badly_shaped_cases_are_query_errors(obj: object) -> None:
    with pytest.raises(QueryError):
        parse_case(obj)
