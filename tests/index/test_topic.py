"""Topic words: searched inside one article, the headline's words and the words most of its
paragraphs use count less, so the paragraph holding what is asked beats the lead that names
the subject."""

from __future__ import annotations

import pytest

import index.topic as topic
from index.build import build_index
from index.models import Article
from index.query import parse_query
from index.scoring import term_contribution
from tests.asking import ask

BID = Article(
    "bid",
    "Blackburn reject Rangers bid for Ferguson",
    "example.com",
    (
        "Blackburn have rejected a third bid from Rangers for Scotland captain Barry Ferguson.",
        "Ferguson returned to Blackburn from Rangers two years ago and Rangers want him back.",
        "It is thought Blackburn want £6m for the midfielder, who is keen to move.",
        "The chief executive said talks were still going on.",
    ),
)
OTHER = Article(
    "other",
    "Oil prices fall",
    "example.com",
    ("Oil prices fell on Monday as traders sold.", "Traders expect a cut in output."),
)


def _weights(question: str) -> dict[str, float]:
    index = build_index([BID, OTHER])
    query = parse_query(index, question)
    number = index.find_article("bid").number
    return {
        t.form: w
        for t, w in zip(query.terms, topic.topic_weights(index, query, number), strict=True)
    }


def test_a_headline_word_counts_less_a_word_of_one_paragraph_fully() -> None:
    got = _weights("Has the chief executive rejected Rangers?")
    assert got["rangers"] == pytest.approx(1.0 - topic.HEADLINE_SHARE)
    assert got["chief"] == pytest.approx(1.0)


def test_a_word_most_paragraphs_hold_counts_less_by_its_share() -> None:
    got = _weights("Who is the midfielder Blackburn want?")
    # "want" is in 2 of 4 paragraphs: one beyond the first of three possible.
    assert got["want"] == pytest.approx(1.0 - topic.SPREAD_SHARE / 3)
    assert got["midfielder"] == pytest.approx(1.0)


def test_the_paragraph_with_what_is_asked_beats_the_lead_naming_the_subject(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    question = "What do Blackburn want for Ferguson?"
    monkeypatch.setattr(topic, "HEADLINE_SHARE", 0.0)
    monkeypatch.setattr(topic, "SPREAD_SHARE", 0.0)
    plain = ask(build_index([BID, OTHER]), question, article="bid")
    assert plain.hits[0].passage.paragraph != 3
    monkeypatch.undo()  # a new index: rankings are kept per index
    assert ask(build_index([BID, OTHER]), question, article="bid").hits[0].passage.paragraph == 3


def test_the_explanation_adds_up_at_the_weights_searched_with() -> None:
    index = build_index([BID, OTHER])
    hit = ask(index, "What do Blackburn want for Ferguson?", article="bid").hits[0]
    assert sum(value for _, value in hit.term_scores) == pytest.approx(hit.score)
    passage = index.passage_number(hit.passage.id)
    full = term_contribution(index.matrix, index.term_ids["blackburn"], passage)
    assert dict(hit.term_scores)["blackburn"] == pytest.approx(full * (1 - topic.HEADLINE_SHARE))
