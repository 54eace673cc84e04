"""Reranking features: words together, the same word forms, the paragraph before."""

from __future__ import annotations

import pytest

from index.build import build_index
from index.models import Article
from index.query import parse_query
from index.rerank import exact_forms, neighbours, proximity, referent
from index.searchindex import SearchIndex
from tests.asking import ask


def test_proximity_is_the_share_of_question_neighbours_that_are_neighbours_in_the_passage(
    seed_index: SearchIndex,
) -> None:
    pairs = neighbours(parse_query(seed_index, "US defence secretary Iraq"))
    esper = ask(seed_index, "Mark Esper").hits[0].passage
    number = next(i for i in range(seed_index.n_passages) if seed_index.passage(i) == esper)
    assert len(pairs) == 3
    assert proximity(seed_index, number, pairs) == pytest.approx(2 / 3)  # "us defence secretary"
    assert proximity(seed_index, 0, pairs) == 0.0  # the same words, apart


def test_exact_forms_is_the_share_of_question_words_used_as_asked(
    seed_index: SearchIndex,
) -> None:
    query = parse_query(seed_index, "who killed soleimani")
    assert exact_forms(seed_index, 0, query) == 1.0  # "killed General Soleimani"
    assert exact_forms(seed_index, 1, query) == 0.5  # "Soleimani's killing"


def test_only_a_paragraph_opening_he_said_refers_back(seed_index: SearchIndex) -> None:
    opening = [seed_index.passage(i).text.split(":")[0] for i in range(seed_index.n_passages)]
    he_said = opening.index("He said")
    assert referent(seed_index, he_said) == he_said - 1
    assert [i for i in range(seed_index.n_passages) if referent(seed_index, i) is not None] == [
        he_said
    ]


TAKEOVER = Article(
    "takeover",
    "Shipping boss completes club takeover",
    "example.com",
    (
        "Peter Harlow has completed his takeover of Rotherford Town.",
        "The 68-year-old former shipping executive bought a 60% stake in the club on Friday.",
        '"There is a lot of hard work ahead," Harlow said of the club\'s £20m debts.',
        "Peter Harlow's arrival was welcomed by supporters.",
    ),
)


def test_a_paragraph_opening_with_an_age_description_refers_back() -> None:
    index = build_index([TAKEOVER])
    assert [referent(index, i) for i in range(index.n_passages)] == [None, 0, None, None]


def test_how_old_is_answered_by_the_age_of_the_person_named_just_before() -> None:
    got = ask(build_index([TAKEOVER]), "How old is Peter Harlow?")
    assert not got.abstained
    assert "68-year-old" in got.hits[0].sentence_text
