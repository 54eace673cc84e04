"""The lead of a news article: which sentence it is, whether it informs, and its gist."""

from __future__ import annotations

import pytest

from index.lead import GIST_CHARS, find_lead, gist, is_heading, is_informative, shorten_to_clause
from index.models import Article

CHIRAC = (
    "French president Jacques Chirac has called the UK's £3bn rebate from the European Union "
    "'unjustified'."
)


def article(*paragraphs: str) -> Article:
    return Article("a1", "A headline", "example.com", tuple(paragraphs))


@pytest.mark.parametrize(
    "line",
    [
        "Murrayfield, Edinburgh",
        "Saturday, 26 February",
        "1400 GMT",
        "(after extra-time - score at 90 mins 1-1)",
        "Playing colours:",
        "Result: Nadal 6-7 (6/8) 6-2 7-6 (8/6) 6-2 Roddick",
    ],
)
def test_datelines_venues_and_score_lines_are_headings(line: str) -> None:
    assert is_heading(line)


@pytest.mark.parametrize(
    "sentence",
    [
        CHIRAC,
        "Ken Bates has completed his takeover of Leeds United.",
        "Japanese brewers are increasingly making money from beer-flavoured drinks "
        "rather than beer itself",
    ],
)
def test_news_sentences_are_not_headings_and_inform(sentence: str) -> None:
    assert not is_heading(sentence)
    assert is_informative(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Has there been a better Six Nations match than Saturday's epic in Paris?",
        '"Do you have it in your heart? How much guts do you have?"',
        "Jamie Costin should be paralysed.",
    ],
)
def test_questions_and_teasers_do_not_inform(sentence: str) -> None:
    assert not is_informative(sentence)


def test_the_lead_is_the_first_sentence_after_the_headings() -> None:
    sentences = ["Headingley", "Friday, 25 February", "2000 GMT", CHIRAC, "He spoke in Paris."]
    assert find_lead(sentences) == 3
    assert find_lead([CHIRAC, "He spoke in Paris."]) == 0


def test_an_article_opening_with_a_question_has_no_lead() -> None:
    assert find_lead(["Who will win the league this year?", CHIRAC]) is None
    assert find_lead(["Sixways", "1400 GMT"]) is None
    assert find_lead([]) is None


def test_a_short_lead_is_its_own_gist() -> None:
    assert gist(article(CHIRAC + " He said so in Brussels.", "Mr Straw disagreed.")) == CHIRAC


def test_the_gist_skips_headings_and_is_none_for_a_question() -> None:
    assert gist(article("Stade de France, Paris", CHIRAC)) == CHIRAC
    assert gist(article("Who will win the league this year? Nobody knows.")) is None


def test_a_long_lead_is_cut_at_its_last_clause_boundary_that_fits() -> None:
    lead = (
        "The Six Nations has heralded a new order in northern hemisphere rugby this year, "
        "with Wales and Ireland rather than the traditional big guns France and England "
        "facing a potential Grand Slam play-off in three weeks' time at the Millennium "
        "Stadium in Cardiff."
    )
    assert len(lead) > GIST_CHARS
    short = gist(article(lead))
    assert (
        short == "The Six Nations has heralded a new order in northern hemisphere rugby this year…"
    )
    assert len(short) <= GIST_CHARS


def test_a_gist_cut_inside_a_quotation_closes_it() -> None:
    text = (
        'The minister said: "We will not raise taxes on working families in this parliament, '
        "in the next one or in any parliament after that, whatever the deficit does and whatever "
        'the markets say about our plans for spending on hospitals and schools."'
    )
    short = shorten_to_clause(text, 120)
    assert len(short) <= 120
    assert short.endswith('…"')
    assert short.startswith('The minister said: "We will not raise taxes')


def test_a_lead_without_a_clause_boundary_is_cut_between_words() -> None:
    text = " ".join(["word"] * 80)
    short = shorten_to_clause(text, 100)
    assert len(short) <= 100
    assert short.endswith("word…")
