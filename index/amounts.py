"""Numbers in text: which are amounts (not part of a name, a date or a clock time), and which
a question gave itself. ``index.answertype`` asks these of a sentence for "how many…",
"how much…" and the other numeric kinds.
"""

from __future__ import annotations

import re

from index.tokenizer import stopwords

NUMBER_WORDS_RE = re.compile(
    r"(?<![\w-])(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|(thir|four|fif|six|seven"
    r"|eigh|nine)teen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?"
    r"|millions?|billions?|dozens?|half|several|few|couple|both|once|twice|numerous)(?![\w-])",
    re.IGNORECASE,
)
# "once" counts times only where it is a number of them ("only once", "once a week", "scored
# once."), not as a conjunction or "formerly" ("Once the victim is infected", "once again").
_ONCE_BEFORE_RE = re.compile(r"\b(?i:only|just|than|least|most|exactly|twice or)\s+$")
_ONCE_AFTER_RE = re.compile(
    r"^(?:\s*[.,;:!?)]|\s*$|\s+(?i:a|an|per|every|each)\s+(?i:day|night|week|fortnight|month"
    r"|year|season|decade|game|match)s?\b|\s+or\s+twice\b)"
)
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?(?![A-Za-z])"
)
# A number that is part of a date or a clock time: a day beside a month ("July 12", "12 July"),
# a year after a month or a preposition ("in 2019", "since 2001"), "10:00", "5 p.m.". Not
# after "of" or "to": "a crowd of 1900", "rose to 2000" count.
_DATE_BEFORE_RE = re.compile(
    r"(?:\b(?i:in|since|by|until|till|from|before|after|during|early|late|mid|around|between"
    r"|and|the)|\d,|\d:)\s*$"
)
_MONTH_BEFORE_RE = re.compile(rf"\b{_MONTH}\s*$")
_DAY_BEFORE_MONTH_RE = re.compile(rf"^(?:st|nd|rd|th)?\s+{_MONTH}")
_CLOCK_AFTER_RE = re.compile(r"^(?::\d|\s?[ap]\.?m\b)", re.IGNORECASE)
_A_YEAR_NUMBER_RE = re.compile(r"^(1[89]|20)\d\d$")
# A number written in digits, without the punctuation after it ("1,200", "46.45").
_DIGITS_RE = re.compile(r"\d[\d,.]*\d|\d")
# A number that is part of a name ("Nimbus 7", "Boeing 777", "777-200LR") is no amount: one
# glued to letters other than a unit, or right after a capitalised word that is not a month.
_AMOUNT_RE = re.compile(r"(?<![\w-])\d[\d,.]*([\w-]*)")
_UNITS = frozenset(
    "bn m k s st nd rd th am pm mph kph km kg g cm mm ft lb lbs mb gb tb ghz mhz".split()
)
# The word right before a number, when capitalised: a name ("Nimbus 7") unless it is a month
# ("May 5") or a function word that opens a sentence ("Some 2,000 people", "About 300 jobs").
_CAPITALISED_BEFORE_RE = re.compile(r"\b([A-Z][\w-]*)\s$")
_MONTH_RE = re.compile(_MONTH)


def is_number(form: str) -> bool:
    """Whether a word ``form`` is a number, in digits or in words."""
    return form[:1].isdigit() or NUMBER_WORDS_RE.fullmatch(form) is not None


def has_amount(sentence: str) -> bool:
    """Whether ``sentence`` has a number that is an amount, not part of a name ("Nimbus 7") nor
    of a date or clock time ("July 12", "in 2019", "10:00")."""
    for m in _AMOUNT_RE.finditer(sentence):
        glued = m.group(1).casefold()
        if glued[:1] == "-":  # "19-year-old", "3-1" are measures; "777-200LR" is a model
            if any(c.isdigit() for c in glued) and any(c.isalpha() for c in glued):
                continue
        elif glued and glued not in _UNITS:
            continue
        before = sentence[max(0, m.start() - 30) : m.start()]
        if _named(before) or _dated(m.group(0), before, sentence[m.end() :]):
            continue
        return True
    return _number_word_in(sentence)


def _number_word_in(sentence: str) -> bool:
    """Whether ``sentence`` writes a number in words ("twelve", "dozens", "only once")."""
    for m in NUMBER_WORDS_RE.finditer(sentence):
        if m.group(1).casefold() != "once":
            return True
        if _ONCE_BEFORE_RE.search(sentence, 0, m.start()) or _ONCE_AFTER_RE.match(
            sentence[m.end() :]
        ):
            return True
    return False


def _named(before: str) -> bool:
    """Whether the text ``before`` a number ends in a capitalised word that makes the number
    part of a name."""
    m = _CAPITALISED_BEFORE_RE.search(before)
    if m is None:
        return False
    word = m.group(1)
    return _MONTH_RE.fullmatch(word) is None and word.casefold() not in stopwords()


def _dated(number: str, before: str, after: str) -> bool:
    """Whether ``number`` (with the text ``before`` and ``after`` it) is part of a date or a
    clock time rather than an amount."""
    number = number.rstrip(".,")
    if _CLOCK_AFTER_RE.match(after) or before.endswith(":"):
        return True
    if _DAY_BEFORE_MONTH_RE.match(after) and len(number) <= 4:
        return True
    if _MONTH_BEFORE_RE.search(before) is not None and (
        len(number) <= 2 or _A_YEAR_NUMBER_RE.match(number)
    ):
        return True
    return (
        _A_YEAR_NUMBER_RE.match(number) is not None and _DATE_BEFORE_RE.search(before) is not None
    )


def numbers_in(text: str) -> frozenset[str]:
    """The numbers ``text`` writes in digits ("3", "1,200", "46.45")."""
    return frozenset(_DIGITS_RE.findall(text))


def adds_number(sentence: str, given: frozenset[str]) -> bool:
    """Whether ``sentence`` has a number besides ``given`` (the question's own: "what was
    Gillick's time in the *400m*?" is not answered by "…an impressive 400m victory"), in
    digits or in words."""
    return not numbers_in(sentence) <= given or _number_word_in(sentence)


__all__ = ["NUMBER_WORDS_RE", "adds_number", "has_amount", "is_number", "numbers_in"]
