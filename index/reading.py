"""How a question points back at the conversation: pronouns, "that", "what about…", and the
names it uses. Pure reading of the question's words; ``index.conversation`` decides what to
carry over from it."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from index.tokenizer import Word, is_stopword, words


class Carry(Enum):
    """How a question relates to the topic, which decides what it carries over."""

    NOTHING = "new topic"
    TOPIC = "topic"
    THING = "thing named"
    NAMED = "named referent"
    STATEMENT = "what was said"
    PREDICATE = "same of another"


# General English, not any article's: the words by which a question points back.
_PRONOUNS = frozenset(
    {"he", "him", "his", "himself", "she", "her", "hers", "herself", "it", "its", "itself"}
    | {"they", "them", "their", "theirs", "themselves"}
)
# "It" stands for a thing, which the topic's common words name as much as its names do.
_IT = frozenset({"it", "its", "itself"})
_DEICTIC = frozenset({"this", "that", "these", "those"})
_DEMONSTRATIVES = _DEICTIC | {"such", "same"}
_BE = frozenset({"is", "are", "was", "were", "be", "been", "being"})
OPENERS = (
    ("what", "about"),
    ("how", "about"),
    ("what", "else"),
    ("anything", "else"),
    ("how", "come"),
    ("and",),
    ("but",),
    ("also",),
    ("so",),
    ("then",),
)


@dataclass(frozen=True, slots=True)
class Reading:
    """How a question was read: what it carries over, and why (for logs and tests)."""

    carry: Carry
    reason: str

    @property
    def follow_up(self) -> bool:
        """True when the question continues the topic."""
        return self.carry is not Carry.NOTHING


def tokens_of(text: str) -> tuple[str, list[Word]]:
    """The question's NFKC text and its words."""
    nfkc = unicodedata.normalize("NFKC", text)
    return nfkc, question_words(nfkc)


def question_words(text: str) -> list[Word]:
    """:func:`~index.tokenizer.words` of a question, kept for the last few: reading a
    question, parsing it and answering it each need its words."""
    return list(_words(text))


@lru_cache(maxsize=256)
def _words(text: str) -> tuple[Word, ...]:
    return tuple(words(text))


def is_function(word: Word) -> bool:
    """A stopword or a number: no evidence of a topic."""
    return is_stopword(word) or word.form[0].isdigit()


def reference(
    tokens: list[Word], searchable: frozenset[str] = frozenset()
) -> tuple[Carry, str] | None:
    """How a question refers back to earlier turns, and the words that do it; None if not.

    ``searchable``: the question's words the index knows ("this bill" names its referent
    only when "bill" can be searched; "does that compare" is a bare "that").
    """
    forms = [w.form for w in tokens]
    for opener in OPENERS:
        if tuple(forms[: len(opener)]) == opener:
            return Carry.TOPIC, " ".join(opener)
    for i, f in enumerate(forms):
        before = forms[i - 1] if i else ""
        after = forms[i + 1] if i + 1 < len(forms) else ""
        if f in _IT:
            return Carry.THING, f
        if f in _PRONOUNS:
            return Carry.TOPIC, f
        if f == "there" and before not in _BE and after not in _BE:
            return Carry.TOPIC, f
        if f in ("one", "ones") and before in ("the", "that", "this", "other"):
            return Carry.TOPIC, f"{before} {f}"
        if f not in _DEMONSTRATIVES:
            continue
        # "strikes that killed": a relative "that" follows a content word and leads a clause.
        if f == "that" and i and not is_function(tokens[i - 1]) and after:
            continue
        if after in searchable:
            return Carry.NAMED, f"{f} {after}"
        return (Carry.STATEMENT if f in _DEICTIC else Carry.TOPIC), f
    return None


def names_in(text: str) -> frozenset[str]:
    """Word forms that look like names: capitalised inside a sentence, or acronyms."""
    return names_of(*tokens_of(text))


def names_of(nfkc: str, tokens: list[Word]) -> frozenset[str]:
    """The name-like forms of ``tokens`` (see :func:`names_in`)."""
    out: set[str] = set()
    first = True
    for w in tokens:
        if w.acronym or (not first and nfkc[w.start].isupper() and not is_stopword(w)):
            out.add(w.form)
        first = nfkc[w.end : w.end + 2].strip()[:1] in (".", "?", "!", ":")
    return frozenset(out)


__all__ = [
    "OPENERS",
    "Carry",
    "Reading",
    "is_function",
    "names_in",
    "names_of",
    "question_words",
    "reference",
    "tokens_of",
]
