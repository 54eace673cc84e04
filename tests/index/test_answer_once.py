"""Answer once: a query asked again of the same passages reuses its ranking, and every answer
is the one a fresh index gives."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import index.answering as answering
import index.choice as choice
from index.answering import answer
from index.build import build_index
from index.choice import choose_article
from index.conversation import Conversation
from index.models import Article
from index.query import parse_query
from index.searchindex import SearchIndex

ARTICLES = [
    Article(
        "cup",
        "United edge past Exeter in FA Cup replay",
        "example.com",
        (
            "Manchester United avoided an upset by beating Exeter City 2-0 in their replay.",
            "Cristiano Ronaldo scored the opener after nine minutes.",
            "Wayne Rooney added a second goal in stoppage time. He said it was a relief.",
            "Manager Alex Ferguson said the pitch made passing hard.",
        ),
    ),
    Article(
        "league",
        "Chelsea win at Arsenal",
        "example.com",
        (
            "Chelsea beat Arsenal at Highbury with a late header from John Terry.",
            "Manager Jose Mourinho praised his defence after the 2-1 win.",
            "He said: 'We scored when it mattered, in the 89th minute.'",
        ),
    ),
    Article(
        "rugby",
        "Wales name squad",
        "example.com",
        ("Wales named their squad for the Six Nations, with three uncapped players.",),
    ),
]
QUESTIONS = [
    "Who scored the opener against Exeter?",
    "How did Manchester United do in the replay?",
    "What did he say?",
    "Who praised his defence?",
    "When did Chelsea score?",
    "How many uncapped players are there?",
    "What did the manager say about the pitch?",
]


def _count_reranks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count calls of the real reranker (the costly part of an answer)."""
    calls: list[int] = []
    real: Callable[..., Any] = answering._rerank

    def counted(*args: Any) -> Any:
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(answering, "_rerank", counted)
    return calls


def test_a_query_answered_for_one_passage_then_three_is_ranked_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ix = build_index(ARTICLES)
    calls = _count_reranks(monkeypatch)
    query = parse_query(ix, "Who scored the opener against Exeter?")
    one = answer(ix, query, k=1)
    three = answer(ix, query, k=3)
    assert len(calls) == 1
    assert one.hits == three.hits[:1]
    assert one.abstained == three.abstained


def test_a_question_read_for_a_new_topic_is_ranked_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # The second question names what the first did and no pronoun: reading it asks whether
    # its own words retrieve well, and its answer must reuse that ranking.
    ix = build_index(ARTICLES)
    conv = Conversation()
    conv.ask(ix, "Who scored the opener for Manchester United?")
    calls = _count_reranks(monkeypatch)
    conv.ask(ix, "How did Manchester United do in the replay?")
    assert conv.turns[-1].reading.reason == "new topic"
    assert len(calls) == 1


def _answers(ix: SearchIndex, repeat: int) -> list[object]:
    out: list[object] = []
    conv = Conversation()
    for question in QUESTIONS:
        for _ in range(repeat):
            query = parse_query(ix, question)
            out += [answer(ix, query, k) for k in (1, 3, 10)]
            out.append(answer(ix, query, 2, article="cup"))
        out.append(conv.ask(ix, question))
    return out


def test_kept_rankings_give_the_answers_a_fresh_index_gives() -> None:
    asked_often = build_index(ARTICLES)
    _answers(asked_often, repeat=2)  # everything asked once already
    fresh = _answers(build_index(ARTICLES), repeat=1)
    assert _answers(asked_often, repeat=1) == fresh


def test_best_coverage_bounds_the_answer_of_an_article_for_every_k_it_covers() -> None:
    ix = build_index(ARTICLES)
    for question in [*QUESTIONS, "Who scored?", "Chelsea manager said what about the win?"]:
        query = parse_query(ix, question)
        for article in ("cup", "league", "rugby"):
            bound = answering.best_coverage(ix, query, article)
            for k in range(1, answering.RERANK_DEPTH + 1):
                assert answer(ix, query, k, article).coverage <= bound


def test_a_query_weighed_with_two_margins_scores_the_articles_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    index = build_index(ARTICLES)
    query = parse_query(index, "Who scored the opener against Exeter?")
    margins = (1.0, 1.1, 1.25, 1e9)
    expected = [choose_article(index, query, margin) for margin in margins]
    calls: list[int] = []
    scored = choice.score_articles

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return scored(*args, **kwargs)

    monkeypatch.setattr(choice, "score_articles", counted)
    assert [choice.chosen_article(index, query, margin) for margin in margins] == expected
    assert len(calls) == 1
