"""The headline as an answer: a fact only the headline states ("Mansfield 0-1 Leyton Orient"
in a match report whose body never gives the final score) is answered by the headline.

Searched inside one article (asked of it, chosen for it, or the only one), the headline
competes with the article's passages as one more, paragraph 0, and is shown only when it
comes first (below, it would only repeat the title every answer shows). It is scored as a
passage would be: BM25 with the body's statistics (idf, average length) and the weights the
passages were searched with, what its words add over BM25Plus's floor counting
``HEADLINE_WEIGHT`` (0.25 and 0.5 win the same development questions; 0.75 and more take
questions from the body: docs/quality.md), plus the reranking bonuses (answer type, words
together, same forms). Its words are the article's headline terms (``index.lookups``): no
passage of the index and no body score moves.
"""

from __future__ import annotations

from dataclasses import dataclass
from weakref import WeakKeyDictionary

from index.answertype import AnswerKind
from index.bm25 import term_score
from index.coverage import covered_share
from index.fit import Asked, mistyped_text, sentence_fit
from index.models import Passage, Span, passage_id
from index.query import Query
from index.rerank import exact_forms_in, headline_terms, neighbours, proximity_in
from index.searchindex import SearchIndex
from index.tokenizer import content_forms

HEADLINE_WEIGHT = 0.25

_AVERAGE: WeakKeyDictionary[SearchIndex, float] = WeakKeyDictionary()


@dataclass(frozen=True, slots=True)
class HeadlineFit:
    """What the headline's rank needs beyond its words' score: how well it fits the kind asked
    (as :func:`index.fit.sentence_fit`), and the shares of question words it has together and
    in the form asked (``index.rerank``)."""

    fit: int
    together: float
    same_forms: float


def _average_length(index: SearchIndex) -> float:
    if index not in _AVERAGE:
        lengths = index.matrix.doc_len
        _AVERAGE[index] = float(lengths.mean()) if lengths.size else 1.0
    return _AVERAGE[index]


def headline_parts(
    index: SearchIndex, query: Query, article: int, weights: list[float]
) -> tuple[tuple[str, float], ...]:
    """The headline's BM25 as one more passage, by word (as ``search --explain`` lists a
    passage's): what its terms add over the floor counts ``HEADLINE_WEIGHT``; the floor every
    passage gets for the words it lacks is the passages' own. ``weights`` are those the
    article's passages were ranked with."""
    head = headline_terms(index, article)
    m = index.matrix
    params = m.params
    norm = 1.0 - params.b + params.b * len(head) / _average_length(index)
    held: list[tuple[str, float]] = []
    floor, lacked = 0.0, []
    for t, w in zip(query.terms, weights, strict=True):
        base = float(m.base[t.term_id])
        if t.term_id in head:
            full = term_score(params, float(m.idf[t.term_id]), 1.0, norm)
            held.append((t.form, w * (base + HEADLINE_WEIGHT * (full - base))))
        elif base * w:
            floor += base * w
            lacked.append(t.form)
    if lacked:
        held.append((f"(floor for {' '.join(lacked)})", floor))
    return tuple(held)


def holds_a_word(index: SearchIndex, query: Query, article: int) -> bool:
    """Whether the headline of ``article`` holds a term of ``query`` (without one, it can
    only come first as an answer of a strict kind: "what was the score")."""
    head = headline_terms(index, article)
    return any(t.term_id in head for t in query.terms)


def headline_fit(index: SearchIndex, query: Query, article: int) -> HeadlineFit:
    """How the headline of ``article`` fits ``query`` as an answer (see :class:`HeadlineFit`)."""
    title = index.articles[article].title
    kind = query.kind
    fit = 0 if kind is AnswerKind.ANY else sentence_fit(index, Asked.of(query, kind, set()), title)
    surface = index.surface_forms
    sequence = [tid for f in content_forms(title) if (tid := surface.get(f)) is not None]
    together = proximity_in([sequence], neighbours(query))
    return HeadlineFit(fit, together, exact_forms_in(title, query))


def headline_coverage(index: SearchIndex, query: Query, article: int) -> float:
    """The share of ``query`` the headline of ``article`` covers (``index.coverage``)."""
    title = index.articles[article].title
    return covered_share(index, query, headline_terms(index, article), title, article)


def headline_mistyped(index: SearchIndex, query: Query, article: int) -> bool:
    """Whether the headline cannot be the answer however many words match, as
    :func:`index.fit.mistyped` says of a sentence."""
    head = headline_terms(index, article)
    found = {t.slot for t in query.terms if not t.carried and t.term_id in head}
    return mistyped_text(query, found, lambda: index.articles[article].title)


def headline_passage(index: SearchIndex, article: int) -> Passage:
    """The headline as a passage of paragraph 0: one sentence, the whole title."""
    meta = index.articles[article]
    title = meta.title
    return Passage(passage_id(meta.id, 0), meta.id, (0,), title, (Span(0, len(title)),))


__all__ = [
    "HEADLINE_WEIGHT",
    "HeadlineFit",
    "headline_coverage",
    "headline_fit",
    "headline_mistyped",
    "headline_parts",
    "headline_passage",
    "holds_a_word",
]
