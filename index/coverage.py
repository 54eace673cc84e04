"""How much of a question a text covers: the share of its words a passage (or headline)
holds, which the engine abstains on (``index.answering``), and the pronoun checks that go
with it ("She said…" reads the passage before; "What did he say?" asked first points at
nothing)."""

from __future__ import annotations

import re
from weakref import WeakKeyDictionary

from index.answertype import type_fit
from index.query import Query
from index.reading import question_words
from index.rerank import has_word, in_headline, terms_in_context
from index.searchindex import SearchIndex
from index.tokenizer import unify_punctuation, words

UNKNOWN_WEIGHT = 2.0
# Words that name the type of answer asked ("what *year*", "what *price*"): a passage with an
# answer of that type has them, in effect.
_TYPE_WORDS = frozenset("year years date day month time age price cost score".split())
# Pronouns that point back at an earlier turn: asked with nothing else, there is no knowing
# whom they mean.
_POINTS_BACK: WeakKeyDictionary[SearchIndex, dict[int, bool]] = WeakKeyDictionary()
_POINTS_BACK_KEPT = 4096
_POINTING = frozenset("he him his she her hers it its they them their".split())
# index.tokenizer's word pattern as it reads ASCII text (its letters are [A-Za-z] there).
_ASCII_WORD_RE = re.compile(r"\d+(?:[.,]\d+)*|[A-Za-z]+(?:'[A-Za-z]+)*(?:\.(?:[A-Za-z]\.)+)?")


def name_parts(query: Query, passage_text: str) -> int:
    """How many unknown question words are other parts of a name the passage uses: a word
    the corpus lacks next to a question word the passage writes capitalised ("*boris*
    johnson" where the article says "Mr Johnson"). They are not evidence of another topic."""
    if not query.maybe_names:
        return 0
    named = {
        t.slot
        for t in query.terms
        if not t.related and not t.carried and has_word(passage_text, _capitalised(t.form), True)
    }
    return sum(1 for s in query.maybe_names if s + 1 in named)


def _capitalised(form: str) -> str:
    """``form`` written capitalised."""
    return form[:1].upper() + form[1:]


def coverage(index: SearchIndex, passage: int, query: Query) -> float:
    """How much of the question ``passage`` covers: the share of the question's own words it
    contains (a word counts when the passage has its term or a related one), where each word
    the corpus never uses counts ``UNKNOWN_WEIGHT`` times.

    A first name next to a name the passage uses is not counted (:func:`name_parts`), and a
    passage that opens "He said" has the words of the one before it too. A word that names
    the type asked ("what *year*", "how much does it *cost*"), even one the corpus lacks, is
    found when the passage has an answer of that type (``query.kind``). Terms carried over by
    a follow-up count at their weight: they are what "it" and "she" stand for, and a passage
    that says "she" may have them in the one before; but none count when no word of the
    question's own is found. A word of the article's headline is found in every paragraph
    (the headline is their context).
    Calibrated against cross-article questions in ``bench/squad_eval.py --sweep`` and the
    news development set.
    """
    meta = index.article_of(passage)
    present = terms_in_context(index, passage, headline=True)
    # "She first got it in 1984.": the passage before says who (read only for carried terms).
    if (
        any(t.carried for t in query.terms)
        and passage > meta.first_passage
        and _points_back(index, passage)
    ):
        return covered_share(
            index,
            query,
            present,
            index.passage(passage).text,
            meta.number,
            present | index.passage_terms(passage - 1),
        )
    return covered_share(index, query, present, index.passage(passage).text, meta.number)


def covered_share(
    index: SearchIndex,
    query: Query,
    present: frozenset[int],
    text: str,
    article: int,
    carried_present: frozenset[int] | None = None,
) -> float:
    """:func:`coverage` of a text of ``article`` holding the terms ``present`` (carried terms
    looked for in ``carried_present`` when given)."""
    slots = {t.slot for t in query.terms if not t.carried}
    carried = [t for t in query.terms if t.carried]
    if not slots and not query.unknown and not carried:
        return 1.0 if query.terms else 0.0
    found = {t.slot for t in query.terms if not t.carried and t.term_id in present}
    typed = {t.slot for t in query.terms if not t.carried and t.form in _TYPE_WORDS}
    typed_unknown = [u for u in query.unknown if u in _TYPE_WORDS]
    if (typed or typed_unknown) and type_fit(query.kind, text):  # a word names a type
        found |= typed
    else:
        typed_unknown = []
    titled = len(typed_unknown) + sum(
        1 for u in query.unknown if u not in typed_unknown and in_headline(index, article, u)
    )
    unknown = len(query.unknown) - titled - name_parts(query, text)
    also = present if carried_present is None else carried_present
    held = sum(t.weight for t in carried if t.term_id in also)
    if (slots or query.unknown) and not found and not titled:
        held = 0.0  # carried words support what was asked; they cannot stand in for it
    asked = len(slots) + UNKNOWN_WEIGHT * unknown + sum(t.weight for t in carried)
    return (len(found) + titled + held) / max(1.0, asked + titled)


def _points_back(index: SearchIndex, passage: int) -> bool:
    """Whether ``passage`` uses a pronoun pointing back ("she", "it"…): read once a passage,
    kept per index (answers look at the same passages again and again)."""
    seen = _POINTS_BACK.setdefault(index, {})
    if passage not in seen:
        if len(seen) >= _POINTS_BACK_KEPT:
            seen.clear()
        seen[passage] = points_back(index.passage(passage).text)
    return seen[passage]


def points_back(text: str) -> bool:
    """Whether ``text`` has a pronoun pointing back, as :func:`~index.tokenizer.words` reads
    its words. Most text is ASCII once quotes and dashes are unified, and then its words are
    those of ``_ASCII_WORD_RE`` (the tokenizer's pattern over ASCII) without the cost of
    building each one; other text goes through the tokenizer itself."""
    unified = unify_punctuation(text)
    if not unified.isascii():
        return any(w.form in _POINTING for w in words(text))
    for raw in set(_ASCII_WORD_RE.findall(unified)):
        form = raw.lower().replace(".", "")
        if form.endswith("'s"):
            form = form[:-2]
        if form in _POINTING:
            return True
    return False


def dangling(query: Query) -> bool:
    """Whether the question points back at an earlier turn it does not have: a pronoun and at
    most one word of its own ("What did he say?" asked first), nothing carried over."""
    if any(t.carried for t in query.terms):
        return False
    own = {t.slot for t in query.terms} | set(query.unknown_slots)
    return len(own) <= 1 and any(w.form in _POINTING for w in question_words(query.text))


__all__ = [
    "UNKNOWN_WEIGHT",
    "coverage",
    "covered_share",
    "dangling",
    "name_parts",
    "points_back",
]
