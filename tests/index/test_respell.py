"""The question as meant: chat spellings spelled out, typos fixed, valid words left alone."""

from __future__ import annotations

import pytest

from index.answertype import AnswerKind
from index.build import build_index
from index.models import Article
from index.query import parse_query
from index.respell import _SPELL, chat_spellings, respell
from index.searchindex import SearchIndex
from tests.asking import ask


@pytest.fixture(scope="module")
def marathon() -> SearchIndex:
    """One small article about a marathon (its words: Radcliffe, Wimbledon, park, eat, …)."""
    paragraphs = (
        "Paula Radcliffe will run the New York marathon on Sunday, starting at Staten Island.",
        "Many runners eat pasta before the race, and the park was closed to traffic.",
        "About 35,000 runners are expected, more than ran at Wimbledon Common last year.",
    )
    return build_index([Article("run", "Radcliffe runs in New York", "example.com", paragraphs)])


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("whats the route", "what is the route"),
        ("Whos running", "Who is running"),
        ("who'd win", "who did win"),
        ("it'll rain", "it will rain"),
        ("dont they eat", "do not they eat"),
        ("where were u", "where were you"),
    ],
)
def test_chat_spellings_are_spelled_out(marathon: SearchIndex, typed: str, meant: str) -> None:
    assert respell(marathon, typed).text == meant


def test_chat_spellings_typed_in_capitals_are_left_alone(marathon: SearchIndex) -> None:
    assert respell(marathon, "What is an IM and a U-boat?").text == "What is an IM and a U-boat?"


def test_chat_spellings_are_not_searched_as_content_words(marathon: SearchIndex) -> None:
    query = parse_query(marathon, "whats the marathon route, dont u know")
    assert query.unknown == ("route", "know")


@pytest.mark.parametrize(
    "typed",
    [
        "hey who is running",
        "Hi, who is running? thanks",
        "pls who is running lol",
        "who is running tbh",
        "Please who is running, ty",
    ],
)
def test_words_that_ask_nothing_are_dropped(marathon: SearchIndex, typed: str) -> None:
    plain = ask(marathon, "who is running")
    answer = ask(marathon, typed)
    assert parse_query(marathon, typed).display == "running"
    assert (answer.abstained, answer.hits[0].sentence_text) == (
        plain.abstained,
        plain.hits[0].sentence_text,
    )


@pytest.mark.parametrize(
    "typed",
    [
        "can you tell me who is running",
        "hey, do u know who is running?",
        "quick question: who is running",
        "who is running, according to the article?",
        "In this article, who is running?",
        "wait, who is running bro",
        "sorry, who is running? just curious",
        "hey so who is running",
    ],
)
def test_the_asking_itself_is_not_searched(marathon: SearchIndex, typed: str) -> None:
    assert parse_query(marathon, typed).display == "running"


@pytest.mark.parametrize(
    ("typed", "searched"),
    [
        ("What did he tell me about the race?", "tell race"),  # not where the question begins
        ("Who said the article was wrong?", "said article wrong"),
    ],
)
def test_asking_words_inside_a_question_are_searched(
    marathon: SearchIndex, typed: str, searched: str
) -> None:
    assert parse_query(marathon, typed).display == searched


def test_a_question_typed_in_capitals_reads_as_typed_in_lowercase(marathon: SearchIndex) -> None:
    shouted = parse_query(marathon, "HOW MNAY RUNNERS ARE EXPECTED AT WIMBLEDON?")
    typed = parse_query(marathon, "how mnay runners are expected at wimbledon?")
    assert (shouted.display, shouted.kind, shouted.corrections) == (
        typed.display,
        typed.kind,
        typed.corrections,
    )
    assert respell(marathon, "US runners?").text == "US runners?"  # too short to be shouting


@pytest.mark.parametrize("typed", ["Who sang Hello Dolly?", "Hello Kitty turns 50"])
def test_a_filler_that_may_begin_a_name_is_kept(marathon: SearchIndex, typed: str) -> None:
    assert respell(marathon, typed).text == typed


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("how much comes from the us", "how much comes from the US"),
        ("did the us leave", "did the US leave"),
        ("tell us about the race", "tell us about the race"),
        ("the US and us", "the US and us"),
    ],
)
def test_the_us_typed_in_lowercase_is_the_country(
    marathon: SearchIndex, typed: str, meant: str
) -> None:
    assert respell(marathon, typed).text == meant


def test_every_chat_spelling_is_spelled_out_in_whole_words() -> None:
    table = chat_spellings()
    assert len(table) > 40
    assert all(meaning and spelling == spelling.casefold() for spelling, meaning in table.items())


@pytest.mark.parametrize("word", ["east", "part", "stay"])
def test_a_valid_english_word_the_corpus_lacks_is_not_corrected(
    marathon: SearchIndex, word: str
) -> None:
    query = parse_query(marathon, f"Where is the {word} of the course?")
    assert query.corrections == ()
    assert word in query.unknown


def test_a_typo_of_a_corpus_name_is_corrected_to_it(marathon: SearchIndex) -> None:
    meant = respell(marathon, "How old is Paula Radclife's coach?")
    assert meant.corrections == (("radclife", "radcliffe"),)
    assert meant.text == "How old is Paula Radcliffe's coach?"


def test_a_typo_goes_to_the_word_the_corpus_has_in_another_form() -> None:
    # "seding" is one edit from "seeing" (commoner in English) and from "seeding"; the
    # article says "seeded", so "seeding" is meant.
    article = Article(
        "tennis",
        "Henman beats Rusedski in Dubai",
        "example.com",
        ("Henman, seeded three, held his serve to take a 5-3 lead in Dubai.",),
    )
    assert respell(build_index([article]), "What is Henman's seding?").text == (
        "What is Henman's seeding?"
    )


def test_a_typo_of_a_question_word_keeps_the_question_type(marathon: SearchIndex) -> None:
    query = parse_query(marathon, "how mnay runners are expected")
    assert ("mnay", "many") in query.corrections
    assert query.kind is AnswerKind.NUMBER
    assert query.meant == "how many runners are expected"
    assert "35,000" in ask(marathon, "how mnay runners are expected").hits[0].sentence_text


def test_a_capitalised_unknown_word_is_only_corrected_to_a_corpus_word(
    marathon: SearchIndex,
) -> None:
    # "Goverment" is one edit from English "government", but a capitalised word inside a
    # question is likely a name: only corpus words are tried.
    assert respell(marathon, "Did the Goverment close it?").corrections == ()
    assert respell(marathon, "did the goverment close it").corrections == (
        ("goverment", "government"),
    )


def test_english_words_the_corpus_lacks_do_not_build_the_typo_index() -> None:
    index = build_index([Article("a", "Rates", "example.com", ("The bank raised rates.",))])
    respell(index, "did the east coast stay calm")
    assert index not in _SPELL  # built only for a word that may be a typo
    respell(index, "did the bnak raise rates")
    assert index in _SPELL
