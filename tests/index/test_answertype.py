"""Answer types: what a question asks for, and whether a sentence has it."""

from __future__ import annotations

import pytest

from index.answertype import (
    asks_when,
    counts,
    explicit_date,
    mentions_time,
    question_type,
    strict_type,
)
from index.searchindex import SearchIndex


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("How many troops are there?", "number"),
        ("How does the American force compare with the British one?", "compare"),
        ("Is the US force larger than the UK's?", "compare"),
        ("When did parliament vote?", "date"),
        ("Who is Mark Esper?", "person"),
        ("What did the letter say?", ""),
    ],
)
def test_question_type_reads_what_kind_of_answer_is_asked_for(question: str, kind: str) -> None:
    assert question_type(question).value == kind


@pytest.mark.parametrize(
    ("sentence", "counted", "expected"),
    [
        ("The US has an estimated 5,200 personnel.", "personnel", True),
        ("The UK has around 400 troops based in Iraq.", "troops", True),
        ("British forces are located across three main bases.", "troops", False),
        ("The UK has troops in Iraq.", "troops", False),
    ],
)
def test_counts_finds_a_number_just_before_the_counted_word(
    seed_index: SearchIndex, sentence: str, counted: str, expected: bool
) -> None:
    assert counts(seed_index, sentence, {seed_index.surface_forms[counted]}) is expected


@pytest.mark.parametrize(
    ("question", "explicit", "when"),
    [
        ("On what date did parliament vote?", True, False),
        ("Which year was it built?", True, False),
        ("When did the troops arrive?", False, True),
        ("Since when has the US had troops there?", False, False),
        ("When do chloroplasts turn sideways?", False, False),  # conditions, not a time
        ("What happened when the vote came?", False, False),
    ],
)
def test_date_questions_are_told_apart(question: str, explicit: bool, when: bool) -> None:
    assert (explicit_date(question), asks_when(question)) == (explicit, when)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The vote was held on 5 January.", True),
        ("Troops arrived after the vote.", True),
        ("The UK has around 400 troops based in Iraq.", False),
    ],
)
def test_mentions_time_finds_a_date_or_a_time_word(sentence: str, expected: bool) -> None:
    assert mentions_time(sentence) is expected


@pytest.mark.parametrize(
    ("question", "strict"),
    [
        ("How many troops are there?", True),
        ("What year was the bill passed?", True),
        ("When do the troops rotate?", False),
        ("Who signed the letter?", False),
    ],
)
def test_only_counts_and_named_dates_must_be_of_their_type(question: str, strict: bool) -> None:
    assert strict_type(question_type(question), explicit_date(question)) is strict
