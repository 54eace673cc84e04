"""Sentence splitting: Punkt with the project's own parameters, no NLTK data, quotations whole."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.models import Article, Hit, Span
from index.passages import split_passages
from index.sentences import (
    close_open_quotes,
    find_quotes,
    mark_cut_quotes,
    punkt_spans,
    shorten,
    split_sentences,
)


def sentences(text: str) -> list[str]:
    return [span.of(text) for span in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mr. Smith met Gen. Jones on Jan. 5 in London. They talked.",
            ["Mr. Smith met Gen. Jones on Jan. 5 in London.", "They talked."],
        ),
        (
            "He lives in the U.S. The president spoke.",
            ["He lives in the U.S.", "The president spoke."],
        ),
        ("It was the U.S. Army that left.", ["It was the U.S. Army that left."]),
        ("Meet at 5 p.m. The crowd came.", ["Meet at 5 p.m.", "The crowd came."]),
    ],
)
def test_abbreviations_do_not_end_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "no." Then left.', ['He said "no."', "Then left."]),
        ("He said “no.” Then left.", ["He said “no.”", "Then left."]),
        ("“Go now,” he said. “Leave.”", ["“Go now,” he said.", "“Leave.”"]),
    ],
)
def test_a_closing_quote_stays_with_its_sentence(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_decimals_do_not_end_sentences() -> None:
    assert sentences("Prices rose 3.5 per cent. Then fell.") == [
        "Prices rose 3.5 per cent.",
        "Then fell.",
    ]


def test_initials_do_not_end_sentences() -> None:
    assert sentences("J. K. Rowling wrote it. She is rich.") == [
        "J. K. Rowling wrote it.",
        "She is rich.",
    ]


def test_spans_index_the_original_text_trimmed() -> None:
    text = "  He said: “There’s been no decision.”   It – the letter – was leaked.  "
    spans = split_sentences(text)
    assert [s.of(text) for s in spans] == [
        "He said: “There’s been no decision.”",
        "It – the letter – was leaked.",
    ]
    assert spans[0].start == 2
    assert spans[0].end <= spans[1].start


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_blank_text_has_no_sentences(text: str) -> None:
    assert split_sentences(text) == []


def test_text_without_final_stop_is_one_sentence() -> None:
    assert sentences("The report quoted Ali Shamkhani") == ["The report quoted Ali Shamkhani"]


# Quotations: never cut inside one the paragraph closes.

CHIRAC = (
    'But a UK Government official responded: "Even with the rebate, the UK pays two and a half '
    "times more than France contributes to the EU budget. The rebate is fully justified. It "
    'stays." Mr Straw agreed.'
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            CHIRAC,
            [CHIRAC[: CHIRAC.index(" Mr Straw")], "Mr Straw agreed."],
        ),
        (
            "He said: “No. Never. Not while I live.” Then he left.",
            ["He said: “No. Never. Not while I live.”", "Then he left."],
        ),
        (
            "“We lost. It hurts,” said the coach. Fans were quiet.",
            ["“We lost. It hurts,” said the coach.", "Fans were quiet."],
        ),
        (
            "The minister called it 'a mistake. A big one.' Nobody replied.",
            ["The minister called it 'a mistake. A big one.'", "Nobody replied."],
        ),
    ],
)
def test_a_quotation_the_paragraph_closes_is_one_sentence(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_a_quotation_inside_a_quotation_stays_inside_the_outer_one() -> None:
    text = "“He told me ‘stop. Now.’ and walked off. I never saw him again.” She wept. It ended."
    assert sentences(text) == [
        "“He told me ‘stop. Now.’ and walked off. I never saw him again.”",
        "She wept.",
        "It ended.",
    ]


def test_a_quotation_left_open_does_not_swallow_the_paragraph() -> None:
    # News runs a quote on into the next paragraph, which opens it again: no closing mark here.
    text = '"The first year was hard. We cut costs. We sold the plant. Now we grow.'
    assert sentences(text) == [
        '"The first year was hard.',
        "We cut costs.",
        "We sold the plant.",
        "Now we grow.",
    ]


def test_a_new_opening_mark_ends_a_quotation_left_open_before_it() -> None:
    text = (
        '"We had no pain killers. It was hot. "But the scans were clear. I was lucky." He smiled.'
    )
    assert sentences(text) == [
        '"We had no pain killers.',
        "It was hot.",
        '"But the scans were clear. I was lucky."',
        "He smiled.",
    ]


def test_apostrophes_are_not_quotation_marks() -> None:
    text = "The players' union met. It's the fans' club. Paula’s race was won. They'd left."
    assert sentences(text) == [
        "The players' union met.",
        "It's the fans' club.",
        "Paula’s race was won.",
        "They'd left.",
    ]


def test_find_quotes_reports_closed_and_open_quotations() -> None:
    text = 'He said "yes. Sure." and "maybe'
    quotes = find_quotes(text)
    assert [q.of(text) for q in quotes.closed] == ['"yes. Sure."']
    assert [text[at] for at in quotes.open] == ['"']
    assert close_open_quotes(text) == '"'
    assert close_open_quotes("“She said ‘go") == "’”"


def test_a_long_quotation_is_shortened_after_its_sentences_that_fit() -> None:
    text = 'He said: "One two three. Four five six seven. Eight nine ten eleven twelve."'
    assert shorten(text, 100) == text
    assert shorten(text, 8) == 'He said: "One two three…"'
    assert shorten("“Alpha beta. Gamma delta epsilon zeta.”", 2) == "“Alpha beta…”"


def test_a_single_long_sentence_is_never_shortened_mid_sentence() -> None:
    text = "One two three four five six seven eight nine ten."
    assert shorten(text, 4) == text


def test_passages_are_cut_where_punkt_cuts_whatever_the_quotations() -> None:
    quote = " ".join(f"Sentence number {i} of the long quote." for i in range(30))
    paragraph = f'The chief executive said: "{quote}" The shares fell.'
    art = Article("q", "Quotes", "example.com", (paragraph,))
    passages = split_passages(art, max_words=60)
    assert len(passages) > 1
    assert "".join(p.text for p in passages).replace(" ", "") == paragraph.replace(" ", "")
    cuts = {s.end for s in punkt_spans(paragraph)}
    starts = [paragraph.index(p.text) for p in passages]
    assert all(paragraph.index(p.text) + len(p.text) in cuts for p in passages)
    assert starts == sorted(starts)
    # inside a passage the quotation's sentences are one
    assert passages[0].sentence_texts()[0].startswith("The chief executive said:")
    assert len(passages[0].sentences) == 1


def test_a_sentence_cut_from_its_quotation_is_marked_on_both_sides() -> None:
    p = 'He said: "One. Two. Three." Then.'
    marked = [mark_cut_quotes(p, s) for s in punkt_spans(p)]
    assert marked == ['He said: "One…"', '"…Two…"', '"…Three."', "Then."]
    assert mark_cut_quotes("“We won. Again.”", Span(0, 16)) == "“We won. Again.”"


def test_an_answer_at_a_passage_boundary_inside_a_quotation_shows_the_cut() -> None:
    quote = " ".join(f"Sentence number {i} of the long quote." for i in range(30))
    paragraph = f'The chief executive said: "{quote}" The shares fell.'
    art = Article("q", "Quotes", "example.com", (paragraph,))
    first, second = split_passages(art, max_words=60)[:2]
    end_of_first = Hit(1, 1.0, first, art, first.sentences[-1])
    start_of_second = Hit(2, 1.0, second, art, second.sentences[0])
    assert end_of_first.sentence_text.endswith('…"')
    assert start_of_second.sentence_text.startswith('"…')
    assert end_of_first.to_json()["sentence"] == end_of_first.sentence_text


_WORDS = st.sampled_from(["the", "bank", "said", "rates", "rose", "Smith", "players'", "it's"])
_SENTENCE = st.lists(_WORDS, min_size=2, max_size=6).map(lambda ws: " ".join(ws).capitalize() + ".")
# Not straight single quotes: 'the players' rose.' cannot be told from a quote that closes
# after "players" (the straight-quote test above holds one without a plural possessive).
_MARKS = st.sampled_from([("“", "”"), ('"', '"'), ("‘", "’")])
_QUOTE = st.tuples(_MARKS, st.lists(_SENTENCE, min_size=2, max_size=4)).map(
    lambda q: q[0][0] + " ".join(q[1]) + q[0][1]
)


@given(st.lists(st.one_of(_SENTENCE, _QUOTE), min_size=1, max_size=6))
@settings(max_examples=150, deadline=None)
def test_every_quotation_a_paragraph_closes_lies_inside_one_sentence(units: list[str]) -> None:
    text = " ".join(units)
    spans = split_sentences(text)
    assert all(a.end <= b.start for a, b in itertools.pairwise(spans))
    assert "".join(s.of(text) for s in spans).replace(" ", "") == text.replace(" ", "")
    at = 0
    for unit in units:
        start = text.index(unit, at)
        at = start + len(unit)
        if unit[0] in '“"‘':
            assert any(s.start <= start and at <= s.end for s in spans), unit
