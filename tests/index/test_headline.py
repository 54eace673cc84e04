"""The headline as an answer: a fact only the headline states is answered by it (paragraph
0), and only when it beats every passage; the body's scores do not move."""

from __future__ import annotations

import json

import pytest

from index.build import build_index
from index.headline import HEADLINE_WEIGHT, headline_parts
from index.models import Article
from index.query import parse_query
from index.searchindex import SearchIndex
from index.topic import topic_weights
from tests.asking import ask

REPORT = Article(
    "match",
    "Mansfield 0-1 Leyton Orient",
    "example.com",
    (
        "Leyton Orient climbed off the bottom of the table with a hard-fought win at Field Mill.",
        "Gary Alexander struck the only goal of the game early in the second half.",
        "Mansfield pressed late on but their keeper had to save twice from Alexander.",
        "The referee was Mark Halsey and the attendance was 4,112.",
    ),
)
OTHER = Article(
    "markets",
    "Oil prices fall as traders sell",
    "example.com",
    ("Oil prices fell on Monday as traders sold.", "Traders expect a cut in output soon."),
)


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return build_index([REPORT, OTHER])


def test_a_score_only_the_headline_states_is_answered_by_the_headline(
    index: SearchIndex,
) -> None:
    ans = ask(index, "what was the score in the mansfield game", article="match")
    top = ans.hits[0]
    assert top.passage.is_headline and top.passage.paragraph == 0
    assert top.passage.id == "match:0" and top.passage.place == "headline"
    assert top.sentence_text == "Mansfield 0-1 Leyton Orient"
    assert not ans.abstained


def test_the_headline_answers_inside_the_article_a_question_chooses(index: SearchIndex) -> None:
    ans = ask(index, "what was the score in the mansfield game")
    assert ans.chosen_article is not None and ans.chosen_article.id == "match"
    assert ans.hits[0].passage.is_headline


def test_a_question_the_body_answers_is_answered_by_the_body(index: SearchIndex) -> None:
    ans = ask(index, "Who scored the only goal of the game?", article="match")
    assert not ans.hits[0].passage.is_headline
    assert "Alexander" in ans.hits[0].sentence_text


def test_the_headline_never_comes_below_the_first_hit(index: SearchIndex) -> None:
    ans = ask(index, "Who scored the only goal of the game?", k=10, article="match")
    assert sorted(h.passage.paragraph for h in ans.hits) == [1, 2, 3, 4]


def test_a_headline_hit_explains_its_score_word_by_word(index: SearchIndex) -> None:
    top = ask(index, "what was the score in the mansfield game", article="match").hits[0]
    assert sum(v for _, v in top.term_scores) == pytest.approx(top.score)
    assert "mansfield" in {label for label, _ in top.term_scores}


def test_the_headline_words_count_at_the_headline_weight_over_the_floor(
    index: SearchIndex,
) -> None:
    query = parse_query(index, "mansfield")
    number = index.find_article("match").number
    weights = topic_weights(index, query, number)
    (form, value), *_ = headline_parts(index, query, number, weights)
    base = float(index.matrix.base[query.terms[0].term_id]) * weights[0]
    assert form == "mansfield" and base < value < base + (value - base) / HEADLINE_WEIGHT


def test_the_headline_of_another_kind_does_not_fit_a_strict_question(
    index: SearchIndex,
) -> None:
    ans = ask(index, "How old is the Mansfield keeper?", article="match")
    assert not ans.hits[0].passage.is_headline


def test_a_headline_answer_keeps_the_json_contract(index: SearchIndex) -> None:
    hit = ask(index, "what was the score in the mansfield game", article="match").hits[0]
    out = json.loads(json.dumps(hit.to_json()))
    assert out["paragraph"] == 0 and out["passage_id"] == "match:0"
    assert out["passage"] == out["sentence"] == "Mansfield 0-1 Leyton Orient"
