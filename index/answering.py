"""Answers: ranked passages, the sentence in each that answers, and the decision to abstain.

The passage ranking is BM25 (rank-bm25's scores). Inside a passage the answering sentence is
the one whose terms cover most of the query's idf weight, with a bonus when it fits the
question type (``index.answertype``). The best ``RERANK_DEPTH`` passages are reordered by
that fit and by the features of ``index.rerank`` (question words together, in the form asked,
the paragraph a "He said" continues); for "how many…?" and "what year…?" a passage that can
answer goes before one that cannot.

The engine abstains when the top passage covers less than ``ABSTAIN_BELOW`` of the question's
words (a word the corpus never uses counts ``UNKNOWN_WEIGHT`` times, unless it is the first
name of someone the passage names), or when its best sentence cannot be the answer whatever
words match: "how many" without a number, "how much … cost" without a sum, "what year"
without a year, "when did" without a time, a passage missing a capitalised word that narrows
what is counted or named ("how many *French* troops") or the thing asked about ("who is
Ireland's *captain*"), or a pronoun with no earlier turn ("What did he say?"). Calibrated on
the news development set (``bench/news_eval.py --dev``; docs/quality.md, "Answers on unseen
news (round 3)"), checked on ``bench/squad_eval.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

from index.answertype import AnswerKind
from index.choice import chosen_article
from index.coverage import coverage, dangling
from index.errors import QueryError
from index.fit import best_sentence, mistyped
from index.headline import (
    headline_coverage,
    headline_fit,
    headline_mistyped,
    headline_parts,
    headline_passage,
    holds_a_word,
)
from index.limits import MAX_K, check_k
from index.models import Answer, Hit, Span
from index.query import Query
from index.rerank import (
    context,
    exact_forms,
    neighbours,
    proximity,
)
from index.scoring import term_contribution, top_k
from index.searchindex import SearchIndex
from index.topic import topic_weights

ABSTAIN_BELOW = 0.25
PASSAGE_TYPE_BONUS = 0.1
RERANK_DEPTH = 5
FIT_SCALE = (0.0, 1.0, 3.0)
PROXIMITY_BONUS = 0.3
EXACT_BONUS = 0.2
# A conversation asks the same query of the same passages more than once (to read a question,
# to decide which article a follow-up stays in, then to answer it): the last few rankings
# are kept per index, so no question is ranked and reranked twice.
RANKINGS_KEPT = 16
HEADLINE = -1  # a candidate that is the article's headline (index.headline)


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A ranked passage, its answering sentence and the bonuses added to its BM25 score."""

    typed: int
    score: float
    order: int
    passage: int
    sentence: int
    bonuses: tuple[tuple[str, float], ...]

    def key(self) -> tuple[int, float, int]:
        return (self.typed, self.score, -self.order)


@dataclass(frozen=True, slots=True)
class _Ranking:
    """A query's reranked candidates in one passage range, and the verdict on the first."""

    candidates: tuple[_Candidate, ...]
    covered: float
    wrong_kind: bool
    weights: list[float]
    explained: dict[int, tuple[tuple[str, float], ...]] = field(default_factory=dict)


_Key = tuple[Query, int, int, int]
_RANKINGS: WeakKeyDictionary[SearchIndex, dict[_Key, _Ranking]] = WeakKeyDictionary()


def _ranking(
    index: SearchIndex, q: Query, lo: int, hi: int, depth: int, one: int | None
) -> _Ranking:
    """The candidates of ``q`` among passages ``[lo, hi)`` ranked ``depth`` deep (kept);
    ``one`` is the article the range is, if it is one (which the range decides)."""
    kept = _RANKINGS.setdefault(index, {})
    key = (q, lo, hi, depth)
    found = kept.get(key)
    if found is None:
        ids = [t.term_id for t in q.terms]
        asked = bool(ids or q.unknown)  # a question of stopwords only asks nothing
        weights = topic_weights(index, q, one) if one is not None else [t.weight for t in q.terms]
        ranked = top_k(index.matrix, ids, depth, lo, hi, weights) if asked else []
        candidates = _rerank(index, q, ranked) if ids else _plain(index, q, ranked)
        head_covered = None
        if one is not None and ids and candidates:
            candidates, head_covered = _with_headline(
                index, q, one, weights, ranked[0][1], candidates
            )
        first = candidates[0] if candidates else None
        if first is not None and first.passage == HEADLINE and one is not None:
            covered = headline_coverage(index, q, one) if head_covered is None else head_covered
            wrong_kind = headline_mistyped(index, q, one)
        else:
            covered = coverage(index, first.passage, q) if first and ids else 0.0
            wrong_kind = first is not None and mistyped(index, q, first.passage, first.sentence)
        if len(kept) >= RANKINGS_KEPT:
            kept.clear()
        found = kept[key] = _Ranking(tuple(candidates), covered, wrong_kind, weights)
    return found


def best_coverage(index: SearchIndex, query: Query, article: str) -> float:
    """At least ``answer(index, query, k, article).coverage`` for any ``k`` up to
    ``RERANK_DEPTH``: the best coverage among the passages its first hit is chosen from (the
    reranking may put any of them first), without reranking them."""
    lo, hi = index.passage_range(article)
    ids = [t.term_id for t in query.terms]
    if not ids:
        return 0.0
    ranked = top_k(index.matrix, ids, RERANK_DEPTH, lo, hi, [t.weight for t in query.terms])
    return max((coverage(index, p, query) for p, _ in ranked), default=0.0)


def _plain(index: SearchIndex, query: Query, ranked: list[tuple[int, float]]) -> list[_Candidate]:
    """Candidates in BM25 order, no bonuses (no question word is in the corpus)."""
    return [
        _Candidate(0, score, order, p, best_sentence(index, p, query, AnswerKind.ANY)[0], ())
        for order, (p, score) in enumerate(ranked)
    ]


def _rerank(index: SearchIndex, query: Query, ranked: list[tuple[int, float]]) -> list[_Candidate]:
    """The BM25 top passages reordered: the best ``RERANK_DEPTH`` get bonuses (in shares of
    the top score) for an answering sentence of the asked type, for question words that
    are neighbours in the passage too, and for what a leading "He said" refers back to.
    For "how many…?" and "what year…?" a passage that can answer (a number, a date, enough
    of the question) goes before one that cannot. (Putting first a passage that has the
    thing asked about, ``Query.focus``, cost 1.4 points of SQuAD passage@1 and gained
    nothing on the news development set: not done.)"""
    top = ranked[0][1] if ranked else 0.0
    pairs = neighbours(query)
    strict = query.strict
    out = []
    for order, (p, score) in enumerate(ranked):
        sentence, fit = best_sentence(index, p, query, query.kind)
        bonuses: tuple[tuple[str, float], ...] = (
            ("(answer type)", PASSAGE_TYPE_BONUS * top * FIT_SCALE[fit]),
        )
        typed = 0
        if order < RERANK_DEPTH:
            bonuses += (
                ("(words together)", PROXIMITY_BONUS * top * proximity(index, p, pairs)),
                ("(paragraph before)", context(index, p, query)),
                ("(same word forms)", EXACT_BONUS * top * exact_forms(index, p, query)),
            )
            typed = fit if strict and fit > 0 and coverage(index, p, query) >= ABSTAIN_BELOW else 0
        total = score + sum(value for _, value in bonuses)
        out.append(_Candidate(typed, total, order, p, sentence, bonuses))
    return sorted(out, key=_Candidate.key, reverse=True)


def _with_headline(
    index: SearchIndex,
    q: Query,
    article: int,
    weights: list[float],
    top: float,
    candidates: list[_Candidate],
) -> tuple[list[_Candidate], float | None]:
    """The candidates with the article's headline first when it beats them all, its bonuses
    those of a reranked passage (``top`` the best BM25 score), and the headline's coverage
    when it was needed. Below the first it would only repeat the title every answer shows,
    so it is left out; how it fits is only worked out when its words and every bonus could
    put it first."""
    can_type = 1 if q.strict else 0
    first = candidates[0]
    if can_type < first.typed or not (can_type or holds_a_word(index, q, article)):
        return candidates, None
    parts = headline_parts(index, q, article, weights)
    most = sum(v for _, v in parts) + top * (PASSAGE_TYPE_BONUS + PROXIMITY_BONUS + EXACT_BONUS)
    if can_type == first.typed and most <= first.score:
        return candidates, None
    head = headline_fit(index, q, article)
    typed, covered = 0, None
    if can_type and head.fit > 0:
        covered = headline_coverage(index, q, article)
        typed = head.fit if covered >= ABSTAIN_BELOW else 0
    bonuses = (
        *parts,
        ("(answer type)", PASSAGE_TYPE_BONUS * top * FIT_SCALE[head.fit]),
        ("(words together)", PROXIMITY_BONUS * top * head.together),
        ("(same word forms)", EXACT_BONUS * top * head.same_forms),
    )
    total = sum(value for _, value in bonuses)
    mine = _Candidate(typed, total, len(candidates), HEADLINE, 0, bonuses)
    return ([mine, *candidates], covered) if mine.key() > first.key() else (candidates, None)


def _explain(
    index: SearchIndex, q: Query, passage: int, weights: list[float]
) -> tuple[tuple[str, float], ...]:
    """Each query word's contribution to ``passage`` at the weight it was searched with; the
    words it lacks (which BM25Plus still scores a floor for) summed in one "(floor for …)"
    entry, so the parts add up."""
    held, floor, lacked = [], 0.0, []
    m = index.matrix
    present = index.passage_terms(passage)  # the matrix holds each (term, passage)
    for t, weight in zip(q.terms, weights, strict=True):
        if t.term_id in present:
            held.append((t.form, term_contribution(m, t.term_id, passage) * weight))
            continue
        value = float(m.base[t.term_id]) * weight
        if value:
            floor += value
            lacked.append(t.form)
    if lacked:
        held.append((f"(floor for {' '.join(lacked)})", floor))
    return tuple(held)


def _hit(
    index: SearchIndex, q: Query, ranking: _Ranking, rank: int, c: _Candidate, one: int | None
) -> Hit:
    """The hit of a ranked candidate, its score explained (``search --explain``)."""
    bonuses = tuple((label, value) for label, value in c.bonuses if value)
    if c.passage == HEADLINE and one is not None:
        passage = headline_passage(index, one)
        return Hit(rank, c.score, passage, index.article(one), passage.sentences[0], bonuses)
    passage = index.passage(c.passage)
    explain = ranking.explained.get(c.passage)
    if explain is None:
        explain = _explain(index, q, c.passage, ranking.weights) + bonuses
        ranking.explained[c.passage] = explain
    article = index.article(index.article_of(c.passage).number)
    sentence = passage.sentences[c.sentence] if passage.sentences else Span(0, 0)
    return Hit(rank, c.score, passage, article, sentence, explain)


def answer(
    index: SearchIndex,
    query: Query,
    k: int = 3,
    article: str | None = None,
    choose: bool = True,
) -> Answer:
    """Answer ``query`` (from :func:`~index.query.parse_query`, or a conversation's, which
    carries terms and may inherit the kind asked) with the top ``k`` passages (of one article
    when given).

    Passages are ranked by BM25; the best ``RERANK_DEPTH`` get a bonus when their answering
    sentence fits the question type, which reorders near-ties ("how old…" prefers the
    passage with an age in it). Each hit's ``score`` is the score it was ranked by.
    Raise :class:`QueryError` for an empty question or a bad ``k``/``article``. When no
    question word is in the corpus
    the engine abstains and lists the first passages (all score alike) as the closest there
    are; a question of stopwords only gets no passages. Asked of several articles, the
    answer comes from the one that clearly wins the question (``index.choice``; ``choose``
    False lets every passage compete); ``Answer.chosen_article`` names it.
    """
    if not query.text.strip():
        raise QueryError("the question is empty")
    check_k(k)
    lo, hi = index.passage_range(article)
    q = query
    chosen = index.find_article(article).number if article is not None else None
    if article is None and choose:
        chosen = chosen_article(index, q)
        if chosen is not None:
            meta = index.articles[chosen]
            lo, hi = meta.first_passage, meta.first_passage + meta.passage_count
    # Inside one article its topic words say little about which paragraph (index.topic).
    one = chosen if chosen is not None else 0 if len(index.articles) == 1 else None
    ranking = _ranking(index, q, lo, hi, max(k, RERANK_DEPTH), one)
    hits = [
        _hit(index, q, ranking, rank, c, one) for rank, c in enumerate(ranking.candidates[:k], 1)
    ]
    covered = ranking.covered
    abstained = not hits or covered < ABSTAIN_BELOW or ranking.wrong_kind or dangling(q)
    return Answer(
        q.text,
        q.display,
        abstained,
        tuple(hits),
        q.corrections,
        tuple(t.form for t in q.terms if t.carried),
        covered,
        index.article(chosen) if chosen is not None else None,
        searched=q,
    )


__all__ = ["ABSTAIN_BELOW", "MAX_K", "answer", "best_coverage", "chosen_article"]
