"""Numbers in text: a day, a year or a clock time is part of a date, not an amount."""

from __future__ import annotations

import pytest

from index.amounts import has_amount, is_number
from index.answertype import AnswerKind, type_fit
from index.build import build_index
from index.models import Article
from tests.asking import ask


@pytest.mark.parametrize(
    "sentence",
    [
        "The ransomware has been active since at least July 12, 2019.",
        "The pass begins at 10:00 a.m. PDT (5 p.m. UTC) on August 28.",
        "The deadline is 12 July.",
        "They met on 3 Sept. in Rome.",
        "It all happened in 2019.",
        "The show won the 2006 award for best drama.",
        "Between 2000 and 2003 the firm grew.",
    ],
)
def test_a_number_in_a_date_or_a_clock_time_is_no_amount(sentence: str) -> None:
    assert not has_amount(sentence)
    assert not type_fit(AnswerKind.NUMBER, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "They expect 2,000 people.",
        "In 2004, 2,300 jobs went.",
        "Sales rose 5.2% in 2004.",
        "He scored 3 goals in March.",
        "Smoke was seen thousands of kilometres away.",
        "12 may be lost.",  # "may" in lowercase is no month
        "The decision came 20 years late.",  # a word that begins like a month is no month
    ],
)
def test_a_count_beside_a_date_is_still_an_amount(sentence: str) -> None:
    assert has_amount(sentence)


@pytest.mark.parametrize(("form", "number"), [("12", True), ("twelve", True), ("eleventh", False)])
def test_a_word_is_a_number_in_digits_or_in_words(form: str, number: bool) -> None:
    assert is_number(form) is number


def test_how_many_is_not_answered_by_a_sentence_whose_only_numbers_are_dates() -> None:
    article = Article(
        "ransomware",
        "Android ransomware spreads through forum links",
        "example.com",
        (
            "The ransomware has been active since at least July 12, 2019, researchers said.",
            "It spreads through links posted in online forums and by text message.",
        ),
    )
    answer = ask(build_index([article]), "How many phones has the Android ransomware infected?")
    assert answer.abstained


@pytest.mark.parametrize("sentence", ["A crowd of 1900 watched.", "Sales rose to 2000 units."])
def test_a_year_like_number_after_of_or_to_is_still_a_count(sentence: str) -> None:
    assert has_amount(sentence)


@pytest.mark.parametrize(
    ("sentence", "amount"),
    [
        ("He has scored only once this season.", True),
        ("The board meets once a month.", True),
        ("It rains here once or twice a year.", True),
        ("Once the phone is infected, the ransomware spreads.", False),
        ("The firm, once a market leader, fell again.", False),
        ("Once again the talks failed.", False),
    ],
)
def test_once_is_a_number_only_where_it_counts_times(sentence: str, amount: bool) -> None:
    assert has_amount(sentence) is amount
