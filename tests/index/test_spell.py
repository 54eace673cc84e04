"""Typo correction: unknown query words mapped to close corpus words, or left alone."""

from __future__ import annotations

import pytest

from index.query import parse_query
from index.searchindex import SearchIndex
from index.spell import SpellIndex, max_distance, osa_distance


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("same", "same", 0),
        ("abcd", "abdc", 1),
        ("solemani", "soleimani", 1),
        ("kitten", "sitting", 3),
        ("ca", "abc", 3),
        ("", "abc", 3),
        ("embasy", "embassy", 1),
    ],
)
def test_osa_distance_counts_edits_and_adjacent_swaps(a: str, b: str, distance: int) -> None:
    assert osa_distance(a, b, limit=4) == distance
    assert osa_distance(b, a, limit=4) == distance


def test_osa_distance_is_capped_at_the_limit() -> None:
    assert osa_distance("kitten", "sitting", limit=2) == 2
    assert osa_distance("a", "abcdef", limit=3) == 3


@pytest.mark.parametrize(
    ("word", "allowed"),
    [
        ("us", 0),
        ("iran", 1),
        ("bagdad", 1),
        ("soleiman", 2),
        ("liaisons", 2),
        ("5200", 0),
        ("o'brien", 0),
    ],
)
def test_longer_words_may_be_corrected_further(word: str, allowed: int) -> None:
    assert max_distance(word) == allowed


@pytest.fixture
def speller() -> SpellIndex:
    return SpellIndex(
        [
            ("soleimani", 3),
            ("embassy", 2),
            ("embassies", 1),
            ("troops", 9),
            ("troupe", 1),
            ("baghdad", 4),
            ("iraq", 5),
            ("iran", 8),
            ("us", 9),
        ]
    )


@pytest.mark.parametrize(
    ("typo", "fixed"),
    [
        ("solemani", "soleimani"),
        ("soliemani", "soleimani"),
        ("embasy", "embassy"),
        ("bagdad", "baghdad"),
        ("troopz", "troops"),
    ],
)
def test_close_typos_are_corrected(speller: SpellIndex, typo: str, fixed: str) -> None:
    assert speller.correct(typo) == fixed


@pytest.mark.parametrize("word", ["troops", "iran", "zebra", "irn", "sulimani", "5201"])
def test_known_far_and_short_words_are_left_alone(speller: SpellIndex, word: str) -> None:
    assert speller.correct(word) is None


def test_among_equally_close_names_the_more_frequent_in_the_corpus_wins() -> None:
    assert SpellIndex([("zorak", 1), ("zoraq", 5)]).correct("zoraz") == "zoraq"
    assert SpellIndex([("zorak", 5), ("zoraq", 1)]).correct("zoraz") == "zorak"


def test_among_equally_close_words_the_more_frequent_in_english_wins() -> None:
    # Both are English; "iraq" is far commoner in English than "irak", whatever the corpus.
    assert SpellIndex([("irak", 5), ("iraq", 1)]).correct("iraz") == "iraq"


@pytest.mark.parametrize(
    "word",
    ["east", "stay", "chose", "charge", "spoke", "gave", "held", "outage", "part", "price"],
)
def test_a_valid_english_word_is_never_corrected(word: str) -> None:
    # Each is one edit from a corpus word ("east" → "eat"), and is still left as asked.
    near = {"eat", "star", "close", "change", "smoke", "game", "head", "outrage", "park", "prime"}
    assert SpellIndex((w, 50) for w in near).correct(word) is None


def test_a_typo_becomes_the_likeliest_english_word_even_one_the_corpus_lacks() -> None:
    assert SpellIndex([("may", 40)]).correct("mnay") == "many"  # a swap keeps every letter
    assert SpellIndex([("fund", 3)]).correct("goverment") == "government"


def test_at_equal_distance_a_corpus_word_is_preferred_to_a_commoner_english_one() -> None:
    # "wimbeldon" is one swap from the corpus's "wimbledon"; names are corrected to corpus words.
    assert SpellIndex([("wimbledon", 2)]).correct("wimbeldon") == "wimbledon"
    assert SpellIndex([("radcliffe", 2)]).correct("radclife") == "radcliffe"


def test_a_name_is_only_corrected_to_a_corpus_word() -> None:
    assert SpellIndex([("fund", 3)]).correct("goverment", name=True) is None


def test_a_name_that_is_a_rare_english_word_goes_to_a_far_commoner_corpus_name() -> None:
    corpus = SpellIndex([("johnson", 4), ("eat", 9)])
    assert corpus.correct("jonson", name=True) == "johnson"
    assert corpus.correct("jonson") is None  # not capitalised: a word, left alone
    assert corpus.correct("east", name=True) is None  # "East" is commoner than "eat"


def test_a_closer_word_beats_a_more_frequent_one() -> None:
    assert SpellIndex([("soleimani", 1), ("solemnity", 50)]).correct("solemani") == "soleimani"


def test_query_typos_are_corrected_against_the_seed_vocabulary(seed_index: SearchIndex) -> None:
    query = parse_query(seed_index, "Who is Solemani? Were liason officers at the embasy?")
    assert dict(query.corrections) == {
        "solemani": "soleimani",
        "liason": "liaison",
        "embasy": "embassy",
    }
    assert query.unknown == ()
    assert "soleimani" in query.display.split()


def test_a_correction_keeps_the_first_letter() -> None:
    spell = SpellIndex([("end", 3), ("esper", 1)])
    assert spell.correct("send") is None
    assert spell.correct("espr") == "esper"


def test_equally_close_words_prefer_the_longer_shared_start() -> None:
    spell = SpellIndex([("lead", 9), ("leaked", 1)])
    assert spell.correct("leakd") == "leaked"


def test_a_corpus_word_beats_a_swap_into_a_rare_english_word() -> None:
    # "scord" is one swap from the fish "scrod" and one letter short of "scored".
    assert SpellIndex([("scored", 3)]).correct("scord") == "scored"
