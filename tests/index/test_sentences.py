"""Sentence splitting: Punkt with the project's own parameters, no NLTK data."""

from __future__ import annotations

import pytest

from index.sentences import split_sentences


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
