"""Query parsing: frame words, related words, typo fixes and what a question counts or names."""

from __future__ import annotations

import pytest

from index.query import parse_query
from index.searchindex import SearchIndex


@pytest.mark.parametrize(
    ("question", "searched"),
    [
        ("What was the general's first name?", "general"),
        ("What does KSF stand for?", "ksf"),
        ("What is the name of the US defence secretary?", "us defence secretary"),
        ("How old was Soleimani?", "soleimani"),
        ("Around when was Soleimani killed?", "soleimani killed"),
        ("Roughly how many troops are in Iraq?", "troops iraq"),
        ("Which troops are based around Baghdad?", "troops based around baghdad"),
    ],
)
def test_words_that_only_frame_the_question_are_not_searched(
    seed_index: SearchIndex, question: str, searched: str
) -> None:
    assert parse_query(seed_index, question).display == searched


def test_a_corrected_word_also_searches_its_related_words(seed_index: SearchIndex) -> None:
    query = parse_query(seed_index, "How many Britsh troops are in Irak?")
    assert ("britsh", "british") in query.corrections
    related = {t.form for t in query.terms if t.related}
    assert "uk" in related


def test_the_words_after_how_many_are_what_is_counted(seed_index: SearchIndex) -> None:
    query = parse_query(seed_index, "How many British soldiers are stationed in Iraq?")
    assert query.counted == (2, 3)
    assert "troops" in {t.form for t in query.terms if t.slot == query.counted[-1]}


def test_capitalised_words_narrowing_a_count_or_a_name_must_be_answered(
    seed_index: SearchIndex,
) -> None:
    assert parse_query(seed_index, "How many French troops are in Iraq?").proper == (2,)
    named = parse_query(seed_index, "What is the name of the British defence secretary?")
    assert named.proper == (6,)
    assert parse_query(seed_index, "How many troops are in Iraq?").proper == ()


def test_a_clause_ends_what_is_named(seed_index: SearchIndex) -> None:
    query = parse_query(seed_index, "What is the name of the officer who signed the Letter?")
    assert query.proper == ()


@pytest.mark.parametrize(
    ("question", "maybe_names"),
    [
        ("what does boris johnson want", ("boris",)),  # typed without capitals: any word
        ("What does Boris Johnson want?", ("boris",)),
        ("When was Soleimani born?", ()),  # lowercase in a capitalised question
    ],
)
def test_unknown_words_that_may_be_names_are_marked(
    seed_index: SearchIndex, question: str, maybe_names: tuple[str, ...]
) -> None:
    query = parse_query(seed_index, question)
    by_slot = dict(zip(query.unknown_slots, query.unknown, strict=True))
    marked = tuple(by_slot[s] for s in query.maybe_names if by_slot[s] in maybe_names)
    assert marked == maybe_names
    if not maybe_names:
        assert query.maybe_names == ()


def test_a_phrase_standing_for_someone_searches_what_the_article_calls_them(
    seed_index: SearchIndex,
) -> None:
    query = parse_query(seed_index, "How does Downing Street describe the safety of staff?")
    assert query.display.startswith("prime minister spokesman")
    assert "downing" not in query.unknown and "street" not in query.unknown
    assert len({t.slot for t in query.terms if t.form in ("prime", "minister")}) == 1


def test_a_phrase_is_matched_as_whole_words_in_order(seed_index: SearchIndex) -> None:
    assert "prime" not in parse_query(seed_index, "street downing").display
