"""Reranking features: evidence beyond BM25 that a passage answers the question.

Each is a share in [0, 1] (or a score) that the answer engine turns into a bonus for the top
few passages: question words that are neighbours in the passage too ("US defence
secretary"), question words used in the very form asked ("who *killed*…"), and, for a
paragraph that opens "He said: …", the paragraph before, which says who "he" is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import pairwise
from weakref import WeakKeyDictionary

from index.lexicon import stem_candidates
from index.query import Query
from index.scoring import term_contribution
from index.searchindex import SearchIndex
from index.tokenizer import stem, words

CONTEXT_WEIGHT = 0.5

# An opening that names again whom the paragraph before named ("He said", "The 73-year-old").
_REFERS_BACK_RE = re.compile(
    r"\W*(?:(he|she|they) (said|says|added|adds|told|warned|insisted|continued|wrote)"
    r"|the \d+-year-old)\b",
    re.IGNORECASE,
)


def neighbours(query: Query) -> list[tuple[set[int], set[int]]]:
    """Neighbouring question words (stopwords aside), each as the set of its terms."""
    by_slot: dict[int, set[int]] = {}
    for t in query.terms:
        if not t.carried:
            by_slot.setdefault(t.slot, set()).add(t.term_id)
    slots = sorted(by_slot)
    return [(by_slot[a], by_slot[b]) for a, b in pairwise(slots)]


def proximity(index: SearchIndex, passage: int, pairs: list[tuple[set[int], set[int]]]) -> float:
    """The share of neighbouring question words that are neighbours in a sentence of
    ``passage`` too ("US defence chief" → "US defence secretary")."""
    return proximity_in(index.sentence_term_ids(passage), pairs)


def proximity_in(
    sentences: Iterable[Sequence[int]], pairs: list[tuple[set[int], set[int]]]
) -> float:
    """:func:`proximity` over sentences given as their term ids in order."""
    if not pairs:
        return 0.0
    asked = set().union(*(first | second for first, second in pairs))
    near: set[tuple[int, int]] = set()
    for terms in sentences:
        for a, b in pairwise(terms):
            if a in asked and b in asked:  # only neighbours that are question words count
                near.update(((a, b), (b, a)))
    found = sum(1 for first, second in pairs if any((a, b) in near for a in first for b in second))
    return found / len(pairs)


def exact_forms(index: SearchIndex, passage: int, query: Query) -> float:
    """The share of the question's own words the passage uses in the very form asked
    ("who *killed*" → "*killed* General Soleimani" rather than "Soleimani's *killing*")."""
    return exact_forms_in(index.passage(passage).text, query)


def exact_forms_in(text: str, query: Query) -> float:
    """:func:`exact_forms` of a text."""
    asked = {t.form for t in query.terms if not t.related and not t.carried}
    if not asked:
        return 0.0
    text = text.casefold()
    used = sum(1 for form in asked if has_word(text, form))
    return used / len(asked)


def _word_char(c: str) -> bool:
    """Whether ``c`` is a word character as ``re``'s ``\\w`` has it (alphanumeric or "_")."""
    return c.isalnum() or c == "_"


def _boundary(text: str, i: int) -> bool:
    """Whether ``re``'s ``\\b`` holds at position ``i`` of ``text``."""
    return (i > 0 and _word_char(text[i - 1])) != (i < len(text) and _word_char(text[i]))


def has_word(text: str, word: str, bounded: bool = False) -> bool:
    """Whether ``word`` occurs in ``text`` with no word character either side: what the
    pattern ``(?<!\\w)word(?!\\w)`` finds (``\\bword\\b`` with ``bounded``), without
    compiling a pattern for every word (questions bring new words all the time)."""
    size = len(word)
    at = text.find(word)
    while at >= 0:
        end = at + size
        if bounded:
            found = _boundary(text, at) and _boundary(text, end)
        else:
            found = (at == 0 or not _word_char(text[at - 1])) and (
                end == len(text) or not _word_char(text[end])
            )
        if found:
            return True
        at = text.find(word, at + 1)
    return False


def referent(index: SearchIndex, passage: int) -> int | None:
    """The passage the opening of ``passage`` refers back to ("*He* said: …" after "Mark
    Esper said …"; "*The 73-year-old* former chairman…" after "Ken Bates has…", news's way
    of naming again whom the paragraph before named): the one before it in the same
    article, if it opens so."""
    if passage == index.article_of(passage).first_passage:
        return None
    return passage - 1 if _REFERS_BACK_RE.match(index.passage(passage).text) else None


def terms_in_context(index: SearchIndex, passage: int, headline: bool = False) -> frozenset[int]:
    """The passage's terms, plus those of the passage a leading pronoun refers back to and,
    with ``headline``, those of its article's headline (every paragraph is read under it:
    "City" in a report headlined "Bristol City win")."""
    out = index.passage_terms(passage)
    before = referent(index, passage)
    if before is not None:
        out = out | index.passage_terms(before)
    if headline:
        out = out | headline_terms(index, index.article_of(passage).number)
    return out


_HEADLINES: WeakKeyDictionary[SearchIndex, dict[int, frozenset[int]]] = WeakKeyDictionary()


def headline_terms(index: SearchIndex, article: int) -> frozenset[int]:
    """The term ids of an article's headline (the ones the corpus has), kept per index."""
    cache = _HEADLINES.setdefault(index, {})
    if article not in cache:
        cache[article] = frozenset(index.headline_terms(article).tolist())
    return cache[article]


def in_headline(index: SearchIndex, article: int, form: str) -> bool:
    """Whether a word form (or its stem) is in an article's headline, even one the body and
    so the vocabulary lack ("Bristol" in "Lita double sinks Bristol Rovers"). Words are
    stemmed only when their stems could be equal (nltk is not loaded for nothing)."""
    forms, stems, lacking = _headline_words(index, article)
    if form in forms or index.stem_in(form, stems) is not None:
        return True
    could = stem_candidates(form)
    return any(stem(form) == stem(f) for f in lacking if could & stem_candidates(f))


_HEADLINE_WORDS: WeakKeyDictionary[
    SearchIndex, dict[int, tuple[frozenset[str], frozenset[str], frozenset[str]]]
] = WeakKeyDictionary()


def _headline_words(
    index: SearchIndex, article: int
) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The word forms of an article's headline, the stems of those the corpus has, and the
    forms it lacks, kept per index."""
    cache = _HEADLINE_WORDS.setdefault(index, {})
    if article not in cache:
        forms = frozenset(w.form for w in words(index.articles[article].title))
        known = frozenset(f for f in forms if f in index.surface_forms)
        cache[article] = (forms, frozenset(index.stem_of(f) for f in known), forms - known)
    return cache[article]


def context(index: SearchIndex, passage: int, query: Query) -> float:
    """What the passage a leading pronoun refers back to adds: the question words ``passage``
    lacks and it has, at ``CONTEXT_WEIGHT`` of their score there."""
    before = referent(index, passage)
    if before is None:
        return 0.0
    present = index.passage_terms(passage)
    previous = index.passage_terms(before)
    return CONTEXT_WEIGHT * sum(
        term_contribution(index.matrix, t.term_id, before) * t.weight
        for t in query.terms
        if not t.carried and t.term_id not in present and t.term_id in previous
    )


__all__ = [
    "CONTEXT_WEIGHT",
    "context",
    "exact_forms",
    "exact_forms_in",
    "has_word",
    "headline_terms",
    "in_headline",
    "neighbours",
    "proximity",
    "proximity_in",
    "referent",
    "terms_in_context",
]
