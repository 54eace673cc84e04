"""Abstention rules calibrated on news: the thing asked about must be there, and words that
only name the answer's type are not missing words."""

from __future__ import annotations

import pytest

from index.answering import ABSTAIN_BELOW
from index.answertype import AnswerKind, has_amount, type_fit
from index.build import build_index
from index.conversation import Conversation
from index.models import Article
from index.query import parse_query
from index.searchindex import SearchIndex
from index.tokenizer import words
from tests.asking import ask

RUGBY = Article(
    "rugby",
    "Ireland name squad for Six Nations",
    "example.com",
    (
        "Ireland coach Eddie O'Sullivan named his squad for the Six Nations on Tuesday.",
        "Brian O'Driscoll will captain Ireland against Italy in Rome.",
        "The match at Lansdowne Road was the last before the old ground is pulled down.",
    ),
)


@pytest.fixture(scope="module")
def rugby() -> SearchIndex:
    return build_index([RUGBY])


@pytest.mark.parametrize(
    ("question", "focus"),
    [
        ("Who is Ireland's captain for this Six Nations?", "captain"),
        ("What is Japan's unemployment rate?", "rate"),
        ("who is the ireland coach", "coach"),
        ("Who was Mark Esper?", None),  # nothing after the name: no focus
        ("So who is Ireland's captain?", "captain"),  # a word before the question word
        ("and who is the ireland coach", "coach"),
        ("Who was in charge of the side?", None),  # no determiner or owner
        ("What was the final score?", None),  # the answer's type decides
    ],
)
def test_the_focus_is_the_head_of_what_is_asked_about(
    rugby: SearchIndex, question: str, focus: str | None
) -> None:
    query = parse_query(rugby, question)
    tokens = words(query.meant)
    assert [tokens[i].form for i in query.focus] == ([focus] if focus else [])


def test_a_passage_without_the_thing_asked_about_is_no_answer(rugby: SearchIndex) -> None:
    assert not ask(rugby, "Who is Ireland's captain against Italy?").abstained
    # The article names Ireland, the Six Nations and a coach, but no manager.
    missing = ask(rugby, "Who is Ireland's manager against Italy?")
    assert missing.abstained
    assert missing.coverage >= ABSTAIN_BELOW  # enough words match: the missing focus decides


def test_a_type_word_the_corpus_lacks_is_not_a_missing_word(rugby: SearchIndex) -> None:
    query = parse_query(rugby, "What year will the old ground be pulled down?")
    assert query.kind is AnswerKind.YEAR
    assert "year" not in query.unknown


@pytest.mark.parametrize("sentence", ["He scored a second-half goal.", "It was a one-off."])
def test_number_words_inside_compounds_are_no_amount(sentence: str) -> None:
    assert not has_amount(sentence)
    assert not type_fit(AnswerKind.NUMBER, sentence)


def test_a_typed_question_answers_from_a_sentence_of_its_type_not_one_naming_the_person() -> None:
    """ "How old is X?" is answered by "The 25-year-old…" even when the same paragraph has a
    sentence that names X but gives no age: only a sentence of the asked type can answer."""
    athlete = Article(
        "athlete",
        "Hurdler hunting first medal",
        "example.com",
        (
            "British hurdler Sarah Claxton is confident she can win a medal in Madrid.",
            '"I am quite confident," said Claxton. '
            "The 25-year-old has already broken the British record twice this season.",
        ),
    )
    got = ask(build_index([athlete]), "How old is Sarah Claxton?")
    assert not got.abstained
    assert "25-year-old" in got.hits[0].sentence_text


PASS = Article(
    "pass",
    "A new season pass arrives with a rally car",
    "example.com",
    (
        "The season pass brings a new rally car and upgraded versions of it.",
        "The pass begins on August 28 and ends on December 4. It will run you 10 keys ($10).",
    ),
)


def test_a_type_word_the_corpus_lacks_is_found_where_an_answer_of_its_type_is() -> None:
    """ "cost" is not in the article, but "$10" answers what it asks: as for a type word the
    corpus has, the passage with a sum holds it, and the follow-up is answered."""
    index = build_index([PASS])
    talk = Conversation()
    talk.ask(index, "When does the season pass begin?")
    answered = talk.ask(index, "how much does it cost")
    assert "cost" in answered.searched.unknown
    assert not answered.abstained
    assert "$10" in answered.hits[0].sentence_text


def test_a_type_word_in_the_headline_is_found_even_where_no_answer_of_its_type_is() -> None:
    """Without a sum in the passage, "cost" is not found by its type, but the headline says
    it, and a headline word is found in every paragraph."""
    article = Article(
        "price",
        "Season pass cost revealed",
        "example.com",
        ("The season pass brings a new rally car.", "It begins on August 28."),
    )
    answered = ask(build_index([article]), "How much does the season pass cost?")
    assert "cost" in answered.searched.unknown
    assert answered.coverage == 1.0
