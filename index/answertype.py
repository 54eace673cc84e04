"""Answer types: what kind of answer a question asks for, and whether a sentence has one.

"How many…" wants a number (best, a number of the thing counted: "how many soldiers" →
"400 troops"), "how long" a span of time ("seven years", "since 2001"), "when" a date,
"who" a name, "how does X compare…" a comparison. The answer engine uses these to prefer
sentences of the right type and to abstain when its best sentence is of the wrong one ("how
many" answered by a sentence without a number).
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from enum import Enum

from index.amounts import (
    adds_number,
    has_amount,
    is_number,
    numbers_in,
)
from index.searchindex import SearchIndex
from index.tokenizer import words

COUNT_WINDOW = 3

_YEAR_RE = re.compile(
    r"\b(1[0-9]\d\d|20\d\d)s?\b|\b(january|february|march|april|june|july|august|september"
    r"|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b\.?"
    r"|\b\d{1,2} may\b|\bmay \d{1,2}\b"
    r"|\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|century|year"
    r"|decade|week|weekend|month|day|morning|afternoon|evening|night|today"
    r"|yesterday|tomorrow|tonight|ago|spring|summer|autumn|winter|\d+(st|nd|rd|th))s?\b",
    re.IGNORECASE,
)
_A_YEAR_RE = re.compile(
    r"\b(1[0-9]\d\d|20\d\d)s?\b|\b(last|this|next|that|the same|the previous) year\b"
    r"|\byears? (ago|earlier|later|before)\b",
    re.IGNORECASE,
)
_EXPLICIT_DATE_RE = re.compile(r"\b(what|which) (year|date|day|month)\b", re.IGNORECASE)
# A question that begins with "when" (after "so", "and", "well"…: they do not change it).
_LEAD = r"^\W*(?:(?:so|and|but|then|well|now|also|ok|okay)\W+)*"
_STARTS_WHEN_RE = re.compile(
    rf"{_LEAD}(since |until |till )?when (did|was|were|had|will|is|are)\b"
    rf"|{_LEAD}when (does|do) .*\b(go on sale|open|start|begin|launch|end|finish|close|come out"
    r"|arrive|return|happen|take place)\b",
    re.IGNORECASE,
)
_WHEN_RE = re.compile(
    r"\b(after|before|during|while|since|until|following|once|millennium|era|period|season"
    r"|times?|later|earlier|recently|currently|now|then|first|last|minutes?|ago)\b",
    re.IGNORECASE,
)
_COMPARE_Q_RE = re.compile(
    r"\b(compare[sd]?|comparison|bigger|smaller|larger|more than|fewer than|less than)\b"
)
_COMPARE_RE = re.compile(
    r"\b(than|times|twice|compared|comparison|double|triple|half|bigger|smaller|larger)\b",
    re.IGNORECASE,
)
_LETTERS_RE = re.compile(r"[A-Za-z]+")
# A capitalised word inside a sentence: not its first word, even after an opening quote.
_CAPITAL_RE = re.compile(r"(?<![.!?]\s)(?<!^)(?<!^[\"'“‘(\[])\b[A-Z][a-z]+")
_MONEY_Q_RE = re.compile(
    r"\bhow much (money|cash)\b"
    r"|\bhow much\b.*\b(cost|costs|costing|price|priced|pay|paid|pays|worth|spend|spent|fee"
    r"|fees|salary|wage|wages|charge|charged|sell|sold|buy|bought|raise|raised|earn|earned"
    r"|owe|owed|fine|fined)\b|\bwhat (did|does|will|would) (it|they|that|this) cost\b"
    r"|\b(what|which) (is|was|were|are) the (price|cost|fee|fine|salary)\b"
)
# "How much did the share price rise?": a change, in per cent as often as in money.
_CHANGE_Q_RE = re.compile(
    r"\bhow much\b.*\b(rise|rose|risen|rises|fall|fell|fallen|falls|grow|grew|grown|grows"
    r"|increase|increased|increases|drop|dropped|drops|decline|declined|declines|climb|climbed"
    r"|jump|jumped|slump|slumped|go up|went up|gone up|go down|went down|gone down)\b"
)
# "What times did Gardener run?", "his winning time": a race's time is a measure, not a date.
_RACE_TIME_Q_RE = re.compile(
    r"\b(winning|finishing|fastest|best|quickest) times?\b"
    r"|\b(what|which) times?\b.*\b(run|ran|clock|clocked|finish|finished|swim|swam"
    r"|record|set)\b"
)
_SCORE_Q_RE = re.compile(
    r"\b(what|which)( (was|is|were))?( the)? (final |half-time |full-time )?(score|scoreline)\b"
)
_MONEY_RE = re.compile(
    r"[£$€¥]\s?\d|\d\s?(p|pence|cents?|pounds?|dollars?|euros?|yen|francs?|marks?)\b"
    r"|\b(pounds?|dollars?|euros?|bn|billion|million)\b",
    re.IGNORECASE,
)
_AGE_RE = re.compile(
    r"\b\d{1,3}-year-old\b|\b\d{1,3} years? old\b|\baged? \d{1,3}\b|\bage of \d{1,3}\b"
    r"|\b(at|turned|turns) \d{1,3}\b|,\s\d{1,3}(?=[,.;:)]|\s+(and|said|says|who|was|is|has|had)\b)"
    r"|\(\d{1,3}\)",
    re.IGNORECASE,
)
_UNIT = (
    r"(seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|years?|decades?|centur(y|ies)"
    r"|seasons?)"
)
_DURATION_RE = re.compile(
    rf"\b(\d[\d,.]*|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen"
    rf"|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|several|few|many|couple"
    rf"|half|a half|of)[ -](more |extra |further |full |straight |consecutive )?{_UNIT}\b"
    r"|\b(since|until|till|through) (\d|the|early|late|last|january|february|march|april|may"
    r"|june|july|august|september|october|november|december)"
    r"|\b(longer|long-term|short-term|overnight|indefinitely|permanently|ever since)\b",
    re.IGNORECASE,
)
_SCORE_RE = re.compile(r"\b\d{1,3}\s?-\s?\d{1,3}\b(?!-)|\b\d{1,3} (to|points to) \d{1,3}\b")


class AnswerKind(Enum):
    """The kind of answer a question asks for (``ANY``: no particular kind)."""

    ANY = ""
    NUMBER = "number"
    MONEY = "money"
    AGE = "age"
    SCORE = "score"
    COMPARE = "compare"
    YEAR = "year"
    DATE = "date"
    PERSON = "person"
    DURATION = "timespan"  # its first letter is its code in Discord custom ids (not "d": date)


# Kinds only a number can answer.
NUMERIC = frozenset({AnswerKind.NUMBER, AnswerKind.MONEY, AnswerKind.AGE, AnswerKind.SCORE})


def question_type(question: str) -> AnswerKind:
    """The kind of answer a question asks for."""
    q = question.casefold()
    if _MONEY_Q_RE.search(q) and not _CHANGE_Q_RE.search(q):
        return AnswerKind.MONEY
    if re.search(r"\bhow old\b|\bwhat age\b|\bat what age\b", q):
        return AnswerKind.AGE
    if _SCORE_Q_RE.search(q):
        return AnswerKind.SCORE
    if re.search(r"\bhow long\b", q):
        return AnswerKind.DURATION
    if re.search(r"\bhow (many|much|long|far|big|large)\b|\bwhat (number|percentage)\b", q):
        return AnswerKind.NUMBER
    if _RACE_TIME_Q_RE.search(q):
        return AnswerKind.NUMBER
    if _COMPARE_Q_RE.search(q):
        return AnswerKind.COMPARE
    if re.search(r"\b(what|which) years?\b", q):
        return AnswerKind.YEAR
    if re.search(r"\bwhen\b|\bwhat (date|day|month|time)\b", q):
        return AnswerKind.DATE
    if re.search(r"\bwho\b|\bwhom\b|\bwhose\b", q):
        return AnswerKind.PERSON
    return AnswerKind.ANY


def counts(index: SearchIndex, sentence: str, heads: AbstractSet[int]) -> bool:
    """Whether ``sentence`` has a number followed closely by a counted word ("*400* troops",
    "an estimated *5,200* personnel"): a term in ``heads``."""
    tokens = words(sentence)
    for i, w in enumerate(tokens):
        if is_number(w.form) and any(
            index.term_of(nxt.form) in heads for nxt in tokens[i + 1 : i + 1 + COUNT_WINDOW]
        ):
            return True
    return False


def asked_words(question: str) -> frozenset[str]:
    """The question's words (letters only), case-folded: what :func:`adds_name` sets aside."""
    return frozenset(w.casefold() for w in _LETTERS_RE.findall(question))


def adds_name(sentence: str, asked: frozenset[str]) -> bool:
    """Whether ``sentence`` capitalises a word inside it besides ``asked`` (a question's own,
    :func:`asked_words`): "who scored for *Livingston*?" is not answered by "Hearts held on
    against Livingston", which names no one else."""
    return any(m.group(0).casefold() not in asked for m in _CAPITAL_RE.finditer(sentence))


def type_fit(kind: AnswerKind, sentence: str) -> bool:
    """Whether ``sentence`` has an answer of type ``kind`` (False for ``ANY``)."""
    if kind is AnswerKind.NUMBER:
        return has_amount(sentence)
    if kind is AnswerKind.MONEY:
        return _MONEY_RE.search(sentence) is not None and has_amount(sentence)
    if kind is AnswerKind.AGE:
        return _AGE_RE.search(sentence) is not None
    if kind is AnswerKind.SCORE:
        return _SCORE_RE.search(sentence) is not None
    if kind is AnswerKind.YEAR:
        return _A_YEAR_RE.search(sentence) is not None
    if kind is AnswerKind.DATE:
        return _YEAR_RE.search(sentence) is not None
    if kind is AnswerKind.PERSON:
        return _CAPITAL_RE.search(sentence) is not None
    if kind is AnswerKind.COMPARE:
        return _COMPARE_RE.search(sentence) is not None
    if kind is AnswerKind.DURATION:
        return _DURATION_RE.search(sentence) is not None
    return False


def explicit_date(question: str) -> bool:
    """Whether ``question`` asks for a date in so many words ("what year…", "which day…")."""
    return _EXPLICIT_DATE_RE.search(question) is not None


def strict_type(kind: AnswerKind, explicit_date: bool) -> bool:
    """Whether only an answer of the kind asked can answer at all: a number for "how many…",
    a sum for "how much … cost", a year for "what year…", a date for "which day…"
    (``explicit_date``; not for every "when": "When do X…" asks when in the sense of under
    what conditions)."""
    return (
        kind in NUMERIC
        or kind in (AnswerKind.YEAR, AnswerKind.DURATION)
        or (kind is AnswerKind.DATE and explicit_date)
    )


def asks_when(question: str) -> bool:
    """Whether ``question`` asks when something happened ("When did…", "Since when was…")."""
    return _STARTS_WHEN_RE.search(question) is not None


def mentions_time(sentence: str) -> bool:
    """Whether ``sentence`` has a date or any time word ("after", "during", "now")."""
    return type_fit(AnswerKind.DATE, sentence) or _WHEN_RE.search(sentence) is not None


__all__ = [
    "COUNT_WINDOW",
    "NUMERIC",
    "AnswerKind",
    "adds_name",
    "adds_number",
    "asked_words",
    "asks_when",
    "counts",
    "explicit_date",
    "has_amount",
    "mentions_time",
    "numbers_in",
    "question_type",
    "strict_type",
    "type_fit",
]
