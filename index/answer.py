"""Answers: ranked passages, the sentence in each that answers, and the decision to abstain.

The passage ranking is BM25 (rank-bm25's scores). Inside a passage the answering sentence is
the one whose terms cover most of the query's idf weight (with a small bonus when its words
fit the question type: a number for "how many", a year for "when"). The engine abstains when
the best sentence covers less than ``ABSTAIN_BELOW`` of the query's weight, where a word the
corpus never uses weighs as much as the rarest word it does use: a question about things the
article never mentions is one it does not answer. The threshold is calibrated in
``bench/squad_eval.py`` (README, "Abstention").
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from index.bm25 import term_contribution, top_k
from index.errors import QueryError
from index.models import Answer, Hit, Span
from index.query import Query, parse_query
from index.searchindex import SearchIndex

ABSTAIN_BELOW = 0.5
MAX_K = 20

_NUMBER_RE = re.compile(r"\d")
_YEAR_RE = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b"
                      r"|\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|century|year)s?\b",
                      re.IGNORECASE)
_CAPITAL_RE = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+")


@dataclass(frozen=True, slots=True)
class SentenceChoice:
    """The best sentence of a passage and how much of the query's weight it covers."""

    index: int
    coverage: float


def _question_type(question: str) -> str:
    q = question.casefold()
    if re.search(r"\bhow (many|much|old|long|far|big|large)\b|\bwhat (number|percentage)\b", q):
        return "number"
    if re.search(r"\bwhen\b|\bwhat (year|date|day|month|time)\b", q):
        return "date"
    if re.search(r"\bwho\b|\bwhom\b|\bwhose\b", q):
        return "person"
    return ""


def _type_fit(kind: str, sentence: str) -> bool:
    if kind == "number":
        return _NUMBER_RE.search(sentence) is not None
    if kind == "date":
        return _YEAR_RE.search(sentence) is not None
    if kind == "person":
        return _CAPITAL_RE.search(sentence) is not None
    return False


def query_weight(index: SearchIndex, query: Query) -> tuple[dict[int, float], float]:
    """Each query term's weight (idf × query weight) and the total including unknown words."""
    idf = index.matrix.idf
    weights: dict[int, float] = {}
    for t in query.terms:
        weights[t.term_id] = max(weights.get(t.term_id, 0.0), float(idf[t.term_id]) * t.weight)
    unknown_weight = math.log(index.n_passages + 1)
    total = sum(w for t, w in weights.items() if not _carried(query, t)) + unknown_weight * len(query.unknown)
    return weights, total


def _carried(query: Query, term_id: int) -> bool:
    return all(t.carried for t in query.terms if t.term_id == term_id)


def best_sentence(index: SearchIndex, passage: int, query: Query, kind: str) -> SentenceChoice:
    """The sentence of ``passage`` that best answers ``query``."""
    weights, total = query_weight(index, query)
    texts = index.passage(passage).sentence_texts()
    best = SentenceChoice(0, 0.0)
    best_key = (-1.0, 0.0)
    for i, sent_terms in enumerate(index.sentence_term_ids(passage)):
        present = set(sent_terms)
        covered = sum(w for t, w in weights.items() if t in present)
        own = sum(w for t, w in weights.items() if t in present and not _carried(query, t))
        fit = 0.15 * max(weights.values(), default=0.0) if _type_fit(kind, texts[i]) else 0.0
        key = (covered + fit, -len(sent_terms))
        if key > best_key:
            best_key = key
            best = SentenceChoice(i, own / total if total > 0 else 0.0)
    return best


def answer(index: SearchIndex, question: str, k: int = 3, article: str | None = None,
           query: Query | None = None) -> Answer:
    """Answer ``question`` with the top ``k`` passages (of one article when given).

    Raise :class:`QueryError` for an empty question or a bad ``k``/``article``. ``query`` may
    be given pre-built (a conversation's follow-up carries terms); else it is parsed here.
    """
    if not question.strip():
        raise QueryError("the question is empty")
    if not 1 <= k <= MAX_K:
        raise QueryError(f"k must be 1-{MAX_K}, got {k}")
    lo, hi = index.passage_range(article)
    q = query or parse_query(index, question)
    ids = [t.term_id for t in q.terms]
    weights = [t.weight for t in q.terms]
    ranked = top_k(index.matrix, ids, k, lo, hi, weights) if ids else []
    kind = _question_type(question)
    hits: list[Hit] = []
    coverage = 0.0
    for rank, (p, score) in enumerate(ranked, start=1):
        choice = best_sentence(index, p, q, kind)
        if rank == 1:
            coverage = choice.coverage
        passage = index.passage(p)
        explain = tuple((t.form, term_contribution(index.matrix, t.term_id, p) * t.weight)
                        for t in q.terms)
        hits.append(Hit(rank, score, passage, index.article(index.article_of(p).number),
                        passage.sentences[choice.index] if passage.sentences else Span(0, 0),
                        explain))
    abstained = not hits or coverage < ABSTAIN_BELOW
    return Answer(question, q.display, abstained, tuple(hits), q.corrections,
                  tuple(t.form for t in q.terms if t.carried))


__all__ = ["ABSTAIN_BELOW", "MAX_K", "answer", "best_sentence", "query_weight"]
