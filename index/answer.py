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

import re

from index.bm25 import term_contribution, top_k
from index.errors import QueryError
from index.models import Answer, Hit, Span
from index.query import Query, parse_query
from index.searchindex import SearchIndex

ABSTAIN_BELOW = 0.37
UNKNOWN_WEIGHT = 2.0
SENTENCE_TYPE_BONUS = 0.15
PASSAGE_TYPE_BONUS = 0.1
RERANK_DEPTH = 5
STRICT_KINDS = frozenset({"number"})
MAX_K = 20

_NUMBER_RE = re.compile(r"\d")
_NUMBER_WORDS_RE = re.compile(
    r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
    r"fifty|hundred|hundreds|thousand|thousands|million|millions|billion|dozen|dozens|half)\b",
    re.IGNORECASE,
)
_YEAR_RE = re.compile(
    r"\b(1[5-9]\d\d|20\d\d)\b|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b"
    r"|\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|century|year"
    r"|decade|week|weekend|month|day|morning|afternoon|evening|night|today"
    r"|yesterday|tomorrow|tonight|ago|spring|summer|autumn|winter|\d+(st|nd|rd|th))s?\b",
    re.IGNORECASE,
)
_CAPITAL_RE = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+")


def question_type(question: str) -> str:
    """The answer type a question asks for: "number", "date", "person" or "" (any)."""
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
        return (
            _NUMBER_RE.search(sentence) is not None or _NUMBER_WORDS_RE.search(sentence) is not None
        )
    if kind == "date":
        return _YEAR_RE.search(sentence) is not None
    if kind == "person":
        return _CAPITAL_RE.search(sentence) is not None
    return False


def coverage(index: SearchIndex, passage: int, query: Query) -> float:
    """How much of the question ``passage`` covers: the share of the question's own words it
    contains (a word counts when the passage has its term or a related one), where each word
    the corpus never uses counts ``UNKNOWN_WEIGHT`` times.

    Carried-over terms (follow-ups) are left out: they are context, not what was asked.
    Calibrated against cross-article questions in ``bench/squad_eval.py --sweep``.
    """
    own = [t for t in query.terms if not t.carried]
    slots = {t.slot for t in own}
    if not slots and not query.unknown:
        return 1.0 if query.terms else 0.0
    present = set(index.passage_term_ids(passage))
    found = {t.slot for t in own if t.term_id in present}
    return len(found) / (len(slots) + UNKNOWN_WEIGHT * len(query.unknown))


def best_sentence(index: SearchIndex, passage: int, query: Query, kind: str) -> tuple[int, bool]:
    """The sentence of ``passage`` that best answers ``query`` (its number in the passage),
    and whether it fits the question type (a number for "how many", …)."""
    idf = index.matrix.idf
    weights: dict[int, float] = {}
    for t in query.terms:
        weights[t.term_id] = max(weights.get(t.term_id, 0.0), float(idf[t.term_id]) * t.weight)
    texts = index.passage(passage).sentence_texts()
    fit_bonus = SENTENCE_TYPE_BONUS * max(weights.values(), default=0.0)
    best, best_key, best_fit = 0, (-1.0, 0), False
    for i, sent_terms in enumerate(index.sentence_term_ids(passage)):
        present = set(sent_terms)
        covered = sum(w for t, w in weights.items() if t in present)
        fit = _type_fit(kind, texts[i])
        key = (covered + (fit_bonus if fit else 0.0), -len(sent_terms))
        if key > best_key:
            best, best_key, best_fit = i, key, fit
    return best, best_fit


def answer(
    index: SearchIndex,
    question: str,
    k: int = 3,
    article: str | None = None,
    query: Query | None = None,
    kind: str | None = None,
) -> Answer:
    """Answer ``question`` with the top ``k`` passages (of one article when given).

    Passages are ranked by BM25; the best ``RERANK_DEPTH`` get a bonus when their answering
    sentence fits the question type, which reorders near-ties ("how old…" prefers the
    passage with an age in it). Each hit's ``score`` is the score it was ranked by.
    Raise :class:`QueryError` for an empty question or a bad ``k``/``article``. ``query`` may
    be given pre-built (a conversation's follow-up carries terms); else it is parsed here;
    ``kind`` overrides the question type read from ``question`` (a follow-up such as "and the
    US?" asks what the previous question asked). When no question word is in the corpus
    the engine abstains and lists the first passages (all score alike) as the closest there
    are; a question of stopwords only gets no passages.
    """
    if not question.strip():
        raise QueryError("the question is empty")
    if not 1 <= k <= MAX_K:
        raise QueryError(f"k must be 1-{MAX_K}, got {k}")
    lo, hi = index.passage_range(article)
    q = query or parse_query(index, question)
    ids = [t.term_id for t in q.terms]
    weights = [t.weight for t in q.terms]
    kind = question_type(question) if kind is None else kind
    asked = bool(ids or q.unknown)  # a question of stopwords only asks nothing
    ranked = (
        top_k(index.matrix, ids, max(k, RERANK_DEPTH if kind else k), lo, hi, weights)
        if asked
        else []
    )
    bonus = PASSAGE_TYPE_BONUS * (ranked[0][1] if ranked and ids else 0.0)
    scored = []
    for order, (p, score) in enumerate(ranked):
        sentence, fit = best_sentence(index, p, q, kind)
        extra = bonus if fit else 0.0
        scored.append((score + extra, -order, p, sentence, extra))
    scored.sort(reverse=True)
    hits: list[Hit] = []
    for rank, (score, _, p, sentence, extra) in enumerate(scored[:k], start=1):
        passage = index.passage(p)
        explain = tuple(
            (t.form, term_contribution(index.matrix, t.term_id, p) * t.weight) for t in q.terms
        ) + ((("(answer type)", extra),) if extra else ())
        hits.append(
            Hit(
                rank,
                score,
                passage,
                index.article(index.article_of(p).number),
                passage.sentences[sentence] if passage.sentences else Span(0, 0),
                explain,
            )
        )
    covered = coverage(index, scored[0][2], q) if scored and ids else 0.0
    # "How many…?" answered by a sentence without a number, or "When…?" by one without a
    # time, is not an answer, however many words match.
    mistyped = bool(hits) and kind in STRICT_KINDS and not _type_fit(kind, hits[0].sentence_text)
    abstained = not hits or covered < ABSTAIN_BELOW or mistyped
    return Answer(
        question,
        q.display,
        abstained,
        tuple(hits),
        q.corrections,
        tuple(t.form for t in q.terms if t.carried),
        covered,
    )


__all__ = [
    "ABSTAIN_BELOW",
    "MAX_K",
    "answer",
    "best_sentence",
    "coverage",
    "question_type",
]
