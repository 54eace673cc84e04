"""How well each sentence of a passage fits a question: the sentence that answers, and whether
it can be an answer of the kind asked at all (the share of the question a passage covers is
``index.coverage``; ``index.answering`` ranks and decides)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from index.answertype import (
    NUMERIC,
    AnswerKind,
    adds_name,
    adds_number,
    asked_words,
    counts,
    mentions_time,
    numbers_in,
    type_fit,
)
from index.query import Query
from index.rerank import terms_in_context
from index.searchindex import SearchIndex

SENTENCE_TYPE_BONUS = 0.15
# The thing asked about counts twice in choosing the sentence (1.5-3 alike on the news
# development sets; docs/quality.md).
FOCUS_WEIGHT = 2.0


def _found_slots(index: SearchIndex, passage: int, query: Query) -> set[int]:
    """The question words (slots) whose term or a related one is in ``passage``."""
    present = terms_in_context(index, passage)
    return {t.slot for t in query.terms if not t.carried and t.term_id in present}


def sentence_weights(index: SearchIndex, query: Query) -> dict[int, float]:
    """What each query term is worth in a sentence: its idf at the weight it is searched
    with, and ``FOCUS_WEIGHT`` times that for the thing a "who is X's *spokesman*?" asks
    about (``Query.focus``), which the answer must mention ("Spokesman Alan Jones said…",
    not "It was a similar story at Bluewater")."""
    idf = index.matrix.idf
    weights: dict[int, float] = {}
    for t in query.terms:
        w = float(idf[t.term_id]) * t.weight
        if t.slot in query.focus and not t.carried:
            w *= FOCUS_WEIGHT
        weights[t.term_id] = max(weights.get(t.term_id, 0.0), w)
    return weights


_Setup = tuple[list[tuple[int, float]], set[int], float, "Asked"]
_SETUPS: WeakKeyDictionary[SearchIndex, dict[tuple[Query, AnswerKind], _Setup]] = (
    WeakKeyDictionary()
)
_SETUPS_KEPT = 64


def _setup(index: SearchIndex, query: Query, kind: AnswerKind) -> _Setup:
    """What choosing a sentence for ``query`` needs whatever the passage (each term's
    weight, the counted word's terms, the type bonus, what a fit must add), worked out once
    per query: a ranking asks it of every candidate passage."""
    kept = _SETUPS.setdefault(index, {})
    found = kept.get((query, kind))
    if found is None:
        weights = sentence_weights(index, query)
        heads = _heads(query) if kind is AnswerKind.NUMBER else set()
        fit_bonus = SENTENCE_TYPE_BONUS * max(weights.values(), default=0.0)
        if len(kept) >= _SETUPS_KEPT:
            kept.clear()
        found = kept[(query, kind)] = (
            list(weights.items()),
            heads,
            fit_bonus,
            Asked.of(query, kind, heads),
        )
    return found


def best_sentence(
    index: SearchIndex, passage: int, query: Query, kind: AnswerKind
) -> tuple[int, int]:
    """The sentence of ``passage`` that best answers ``query`` (its number in the passage),
    and how well it fits the question type: 0 not at all, 1 (a number for "how many", …),
    2 (a number of the very thing counted: "how many *soldiers*" → "400 troops"). When only
    an answer of the kind asked can answer (``Query.strict``), a sentence of that kind goes
    before any that is not ("How old is Sarah Claxton?" → "The 25-year-old…", not "…said
    Claxton"). A number the question gives itself fits no numeric kind ("what was his time
    in the 400m?" → "…in 46.45", not "…an impressive 400m victory"), nor do names it gives
    fit "who" ("who scored for Livingston?" → "…Craig Easton headed in…")."""
    items, heads, fit_bonus, asked = _setup(index, query, kind)
    must_fit = query.strict and kind is query.kind
    sentences = index.sentence_term_ids(passage)
    asking = _asked_itself(index, passage, len(sentences))
    scored = []
    held: set[int] = set()  # "What happened in 1986? Whitewashed.": the next answers
    for i, terms in enumerate(sentences):
        present = set(terms) | held
        held = set(terms) if i in asking else set()
        scored.append((sum(w for t, w in items if t in present), -len(terms)))
    # The winner is the first sentence with the highest key (and none at all unless one beats
    # the starting key).
    answer = 0
    if kind is AnswerKind.ANY:  # no sentence fits ANY (fit 0)
        start = (False, -1.0, 0)
        for i, (covered, size) in enumerate(scored):
            if i not in asking and (plain := (False, covered + fit_bonus * 0, size)) > start:
                answer, start = i, plain
        return answer, 0
    # A sentence's fit to the type asked (a pattern search) is only looked for where the best
    # key it could give may still win: sentences go in order of that bound (fit_bonus times
    # the best fit when positive), and the search stops when none left can.
    top = (2 if heads else 1) if fit_bonus >= 0 else 0
    bounds = [
        ((must_fit, covered + fit_bonus * top, size), -i)
        for i, (covered, size) in enumerate(scored)
        if i not in asking
    ]
    texts = index.passage(passage).sentence_texts() if bounds else []
    best, best_fit = ((False, -1.0, 0), 1), 0  # the starting key, before every sentence
    for bound, order in sorted(bounds, reverse=True):
        if (bound, order) < best:
            break
        i = -order
        fit = sentence_fit(index, asked, texts[i])
        covered, size = scored[i]
        key = ((must_fit and fit > 0, covered + fit_bonus * fit, size), order)
        if key > best:
            answer, best, best_fit = i, key, fit
    return answer, best_fit


@dataclass(frozen=True, slots=True)
class Asked:
    """What a sentence must have to fit the kind asked: the counted word's terms (``heads``),
    and the numbers and words the question gives itself, which are no answer to it ("in
    the *400m*": the time is asked; "who scored for *Livingston*?": someone else is)."""

    kind: AnswerKind
    heads: frozenset[int]
    given: frozenset[str]
    named: frozenset[str]

    @classmethod
    def of(cls, query: Query, kind: AnswerKind, heads: set[int]) -> Asked:
        asked = query.meant or query.text  # as meant: typos fixed, asides dropped
        given = numbers_in(asked) if kind in NUMERIC else frozenset()
        named = asked_words(asked) if kind is AnswerKind.PERSON else frozenset()
        return cls(kind, frozenset(heads), given, named)


def sentence_fit(index: SearchIndex, asked: Asked, text: str) -> int:
    """How well a sentence fits the kind asked: 0 not at all, 1, or 2 for a number of the
    very thing counted ("how many *soldiers*" → "400 troops")."""
    if not (
        type_fit(asked.kind, text)
        and (not asked.given or adds_number(text, asked.given))
        and (not asked.named or adds_name(text, asked.named))
    ):
        return 0
    return 2 if asked.heads and counts(index, text, asked.heads) else 1


def _asked_itself(index: SearchIndex, passage: int, n: int) -> frozenset[int]:
    """The sentences of ``passage`` that are questions the article asks itself, a sentence
    following ("What happened in 1986? Whitewashed."): that sentence answers, not the
    question."""
    p = index.passage(passage)
    if "?" not in p.text:
        return frozenset()
    texts = p.sentence_texts()
    return frozenset(i for i in range(n - 1) if texts[i].rstrip().rstrip("'\"’”").endswith("?"))


def _heads(query: Query) -> set[int]:
    """Terms of the counted word of a "how many" question (its last word and related words)."""
    if not query.counted:
        return set()
    return {t.term_id for t in query.terms if t.slot == query.counted[-1]}


def mistyped(index: SearchIndex, query: Query, passage: int, sentence: int) -> bool:
    """Whether the best sentence cannot be the answer, however many words match: "how many"
    answered without a number, "what year" without a year, "when" without any time, or a
    passage that lacks a capitalised word narrowing what is counted or named ("how many
    *French* troops", "the name of the *British* defence secretary": it is about others) or
    the very thing asked about ("who is Ireland's *captain*": ``Query.focus``)."""
    found = _found_slots(index, passage, query)
    return mistyped_text(query, found, lambda: index.passage(passage).sentence_texts()[sentence])


def mistyped_text(query: Query, found: set[int], text: Callable[[], str]) -> bool:
    """:func:`mistyped` of an answering text (read only when needed) whose context holds the
    question words ``found`` (slots)."""
    if not found.issuperset(query.proper) or not found.issuperset(query.focus):
        return True
    if query.strict:
        return not type_fit(query.kind, text())
    if query.kind is AnswerKind.DATE and query.asks_when:
        return not mentions_time(text())
    return False


__all__ = [
    "FOCUS_WEIGHT",
    "SENTENCE_TYPE_BONUS",
    "best_sentence",
    "mistyped",
    "mistyped_text",
    "sentence_weights",
]
