"""Answer types: what a question asks for, and whether a sentence has it."""

from __future__ import annotations

import pytest

from index.answertype import (
    AnswerKind,
    adds_name,
    adds_number,
    asked_words,
    asks_when,
    counts,
    explicit_date,
    has_amount,
    mentions_time,
    numbers_in,
    question_type,
    strict_type,
    type_fit,
)
from index.build import build_index
from index.models import Article
from index.searchindex import SearchIndex
from tests.asking import ask


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("How many troops are there?", "number"),
        ("How does the American force compare with the British one?", "compare"),
        ("Is the US force larger than the UK's?", "compare"),
        ("When did parliament vote?", "date"),
        ("Who is Mark Esper?", "person"),
        ("What did the letter say?", ""),
        ("What was the final score?", "score"),
        ("By what score did Ulster lead before Borders fought back?", "score"),
        ("What score did they win by?", "score"),
        ("What scored the goal?", ""),
        ("How much did Cairn's share price rise last year?", "number"),  # a change: % too
        ("How much did the price of oil go up?", "number"),
        ("How much does the ticket cost?", "money"),
        ("What times did Gardener run in Glasgow?", "number"),  # a race time, a measure
        ("What was his winning time in the 400m?", "number"),
        ("What time does the match start?", "date"),
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
        ("Rovers took the lead on 59 minutes.", True),  # a match's minute is its time
        ("He joined the club two seasons ago.", True),
        ("The club has 59 members.", False),
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


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("How much does a single ticket cost?", "money"),
        ("how much did they pay for the club", "money"),
        ("What was the price of the deal?", "money"),
        ("How much money did Meta lose during the outage?", "money"),
        ("how much cash does the club have", "money"),
        ("How much did house prices rise?", "number"),
        ("How old is the striker?", "age"),
        ("What was the score?", "score"),
        ("what was the final score", "score"),
    ],
)
def test_money_age_and_score_questions_are_told_apart(question: str, kind: str) -> None:
    assert question_type(question).value == kind
    assert strict_type(question_type(question), explicit_date(question))


@pytest.mark.parametrize(
    ("sentence", "amount"),
    [
        ("The satellite Nimbus 7 was launched by Nasa.", False),
        ("The 777-200LR can fly non-stop.", False),
        ("A Boeing 777 took off.", False),
        ("It sold 500 planes in January 2004.", True),
        ("Profits rose to $1.13bn.", True),
        ("The 19-year-old scored twice.", True),
        ("The Juno 2 probe reached orbit.", False),  # a name that begins like a month
        ("Some 2,000 people came.", True),  # a capitalised function word is no name
        ("About 300 jobs will go.", True),
    ],
)
def test_a_number_inside_a_name_is_no_amount(sentence: str, amount: bool) -> None:
    assert has_amount(sentence) is amount
    assert type_fit(AnswerKind.NUMBER, sentence) is amount


@pytest.mark.parametrize(
    ("kind", "sentence", "fits"),
    [
        ("money", "Each plane costs £150m.", True),
        ("money", "Boeing expects to sell 500 of its 777-200LR planes.", False),
        ("money", "The Nimbus 7 price was not given.", False),
        ("age", "The 19-year-old striker scored.", True),
        ("age", "General Qassem Soleimani, 62.", True),
        ("age", "She ran 26 miles.", False),
        ("score", "United won 2-1 at Exeter.", True),
        ("score", "United won at Exeter in 2005.", False),
    ],
)
def test_money_age_and_score_answers_are_recognised(kind: str, sentence: str, fits: bool) -> None:
    assert type_fit(AnswerKind(kind), sentence) is fits


@pytest.mark.parametrize(
    ("question", "when"),
    [
        ("When does it go on sale?", True),
        ("When will the stadium open?", True),
        ("When do chloroplasts turn sideways?", False),
        ("So when did it open?", True),  # a word before "when" does not change it
        ("and when was he born", True),
    ],
)
def test_when_questions_about_an_event_want_a_time(question: str, when: bool) -> None:
    assert asks_when(question) is when


def test_what_year_wants_a_year_not_any_date() -> None:
    assert question_type("In what year did the debate end?") is AnswerKind.YEAR
    assert strict_type(AnswerKind.YEAR, explicit_date=True)
    assert type_fit(AnswerKind.YEAR, "The debate ended in 2004.")
    assert not type_fit(AnswerKind.YEAR, "The debate ended on 5 January.")


@pytest.mark.parametrize(
    "question",
    ["How long did the talks last?", "for how long was he banned", "How long has she led it?"],
)
def test_how_long_asks_for_a_duration_that_only_a_duration_answers(question: str) -> None:
    kind = question_type(question)
    assert kind is AnswerKind.DURATION
    assert strict_type(kind, explicit_date(question))


@pytest.mark.parametrize(
    ("sentence", "fits"),
    [
        ("He was jailed for seven years.", True),
        ("The match went to extra time after 90 minutes.", True),
        ("She signed a five-year contract.", True),
        ("He has run the firm since 2001.", True),
        ("The talks will go on until March.", True),
        ("The ban was lifted indefinitely.", True),
        ("Shares rose 5% to 120p.", False),
        ("The club sold 400 tickets on Monday.", False),
    ],
)
def test_a_duration_is_an_amount_of_time_or_a_span_from_a_date(sentence: str, fits: bool) -> None:
    assert type_fit(AnswerKind.DURATION, sentence) is fits


@pytest.mark.parametrize(
    ("sentence", "adds"),
    [
        ("He claimed an impressive 400m victory.", False),  # the question's own number
        ("He took gold in 46.45 in the 400m.", True),
        ("Two runners broke away in the 400m.", True),  # a number in words
        ("He won the 400m and the 1,500m.", True),
        ("He won again.", False),
    ],
)
def test_a_number_the_question_gives_adds_nothing(sentence: str, adds: bool) -> None:
    given = numbers_in("What was his winning time in the 400m?")
    assert given == frozenset({"400"})
    assert adds_number(sentence, given) is adds


def test_a_sentence_with_only_the_questions_number_is_not_the_answer_to_it() -> None:
    race = Article(
        "race",
        "Gillick wins European indoor 400m",
        "example.com",
        (
            "David Gillick showed he is a genuine contender by claiming an impressive 400m "
            "victory in Madrid. Gillick was half a second clear when taking gold in 46.45.",
        ),
    )
    got = ask(build_index([race]), "What was David Gillick's winning time in the 400m?")
    assert "46.45" in got.hits[0].sentence_text


@pytest.mark.parametrize(
    ("sentence", "adds"),
    [
        ("Hearts held on against Livingston.", False),  # only the question's own name
        ("Craig Easton headed in a goal for Livingston.", True),
        ("Livingston replied through McAllister.", True),
        ("nobody scored after that.", False),
        ('"In the end we held on," he said.', False),  # a quote's first word is no name
        ('"In the end we held on," said McAllister.', True),
    ],
)
def test_a_name_the_question_gives_adds_nothing(sentence: str, adds: bool) -> None:
    assert adds_name(sentence, asked_words("Who scored for Livingston?")) is adds


def test_a_sentence_naming_only_whom_the_question_names_does_not_answer_who() -> None:
    # Both sentences hold the question's words alike; only the second names a scorer.
    text = "In the end Livingston scored once. Craig Easton scored it for Livingston."
    match = Article("match", "Hearts hold on", "example.com", (text,))
    got = ask(build_index([match]), "Who scored for Livingston?")
    assert got.hits[0].sentence_text == "Craig Easton scored it for Livingston."
