"""Answer types: what kind of answer a question asks for, and whether a sentence has one.

"How many…" wants a number (best, a number of the thing counted: "how many soldiers" →
"400 troops"), "when" a date, "who" a name, "how does X compare…" a comparison. The answer
engine uses these to prefer sentences of the right type and to abstain when its best
sentence is of the wrong one ("how many" answered by a sentence without a number).
"""

from __future__ import annotations

import re
from enum import Enum

from index.searchindex import SearchIndex
from index.tokenizer import words

COUNT_WINDOW = 3

_NUMBER_RE = re.compile(r"\d")
_NUMBER_WORDS_RE = re.compile(
    r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|(thir|four|fif|six|seven"
    r"|eigh|nine)teen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?"
    r"|millions?|billions?|dozens?|half|several|few|couple|both|once|twice|single|numerous)\b",
    re.IGNORECASE,
)
_YEAR_RE = re.compile(
    r"\b(1[0-9]\d\d|20\d\d)s?\b|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b"
    r"|\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|century|year"
    r"|decade|week|weekend|month|day|morning|afternoon|evening|night|today"
    r"|yesterday|tomorrow|tonight|ago|spring|summer|autumn|winter|\d+(st|nd|rd|th))s?\b",
    re.IGNORECASE,
)
_EXPLICIT_DATE_RE = re.compile(r"\b(what|which) (year|date|day|month)\b", re.IGNORECASE)
_STARTS_WHEN_RE = re.compile(r"^\W*(since |until |till )?when (did|was|were|had)\b", re.IGNORECASE)
_WHEN_RE = re.compile(
    r"\b(after|before|during|while|since|until|following|once|millennium|era|period|season"
    r"|times?|later|earlier|recently|currently|now|then|first|last)\b",
    re.IGNORECASE,
)
_COMPARE_Q_RE = re.compile(
    r"\b(compare[sd]?|comparison|bigger|smaller|larger|more than|fewer than|less than)\b"
)
_COMPARE_RE = re.compile(
    r"\b(than|times|twice|compared|comparison|double|triple|half|bigger|smaller|larger)\b",
    re.IGNORECASE,
)
_CAPITAL_RE = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+")


class AnswerKind(Enum):
    """The kind of answer a question asks for (``ANY``: no particular kind)."""

    ANY = ""
    NUMBER = "number"
    COMPARE = "compare"
    DATE = "date"
    PERSON = "person"


def question_type(question: str) -> AnswerKind:
    """The kind of answer a question asks for."""
    q = question.casefold()
    if re.search(r"\bhow (many|much|old|long|far|big|large)\b|\bwhat (number|percentage)\b", q):
        return AnswerKind.NUMBER
    if _COMPARE_Q_RE.search(q):
        return AnswerKind.COMPARE
    if re.search(r"\bwhen\b|\bwhat (year|date|day|month|time)\b", q):
        return AnswerKind.DATE
    if re.search(r"\bwho\b|\bwhom\b|\bwhose\b", q):
        return AnswerKind.PERSON
    return AnswerKind.ANY


def _is_number(form: str) -> bool:
    return form[:1].isdigit() or _NUMBER_WORDS_RE.fullmatch(form) is not None


def counts(index: SearchIndex, sentence: str, heads: set[int]) -> bool:
    """Whether ``sentence`` has a number followed closely by a counted word ("*400* troops",
    "an estimated *5,200* personnel"): a term in ``heads``."""
    tokens = words(sentence)
    for i, w in enumerate(tokens):
        if _is_number(w.form) and any(
            index.term_of(nxt.form) in heads for nxt in tokens[i + 1 : i + 1 + COUNT_WINDOW]
        ):
            return True
    return False


def type_fit(kind: AnswerKind, sentence: str) -> bool:
    """Whether ``sentence`` has an answer of type ``kind`` (False for ``ANY``)."""
    if kind is AnswerKind.NUMBER:
        return (
            _NUMBER_RE.search(sentence) is not None or _NUMBER_WORDS_RE.search(sentence) is not None
        )
    if kind is AnswerKind.DATE:
        return _YEAR_RE.search(sentence) is not None
    if kind is AnswerKind.PERSON:
        return _CAPITAL_RE.search(sentence) is not None
    if kind is AnswerKind.COMPARE:
        return _COMPARE_RE.search(sentence) is not None
    return False


def explicit_date(question: str) -> bool:
    """Whether ``question`` asks for a date in so many words ("what year…", "which day…")."""
    return _EXPLICIT_DATE_RE.search(question) is not None


def strict_type(kind: AnswerKind, explicit_date: bool) -> bool:
    """Whether only an answer of the kind asked can answer at all: a number for "how many…",
    a date for "what year…" (``explicit_date``; not for every "when": "When do X…" asks when
    in the sense of under what conditions)."""
    return kind is AnswerKind.NUMBER or (kind is AnswerKind.DATE and explicit_date)


def asks_when(question: str) -> bool:
    """Whether ``question`` asks when something happened ("When did…", "Since when was…")."""
    return _STARTS_WHEN_RE.search(question) is not None


def mentions_time(sentence: str) -> bool:
    """Whether ``sentence`` has a date or any time word ("after", "during", "now")."""
    return type_fit(AnswerKind.DATE, sentence) or _WHEN_RE.search(sentence) is not None


__all__ = [
    "COUNT_WINDOW",
    "AnswerKind",
    "asks_when",
    "counts",
    "explicit_date",
    "mentions_time",
    "question_type",
    "strict_type",
    "type_fit",
]
