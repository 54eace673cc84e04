"""Choosing the article: asked of many articles, first decide which one the question is about.

A question's words are often spread over several paragraphs of the right article (who scored,
against whom, in which match), while one paragraph of another article may happen to hold
more of them at once. So articles are scored as wholes: for each question word, its best
BM25 contribution in any passage of the article (the article holds the word somewhere), plus
``BEST_PASSAGE`` times the article's best passage score (the words together), plus
``TITLE_WEIGHT`` times the idf of the question words its headline holds. When the best article
clearly wins (its score at least ``CLEAR_WIN`` times the next one's), the answer is looked for
inside it only; otherwise passages of all articles compete. To that, ``ARTICLE_BM25`` times the
article's own BM25 as one document (:func:`article_bm25`: the question words' frequencies over
the whole article, its length normalised), which rewards an article that is about the
question's words throughout, not one that mentions them once. A follow-up leaves its
conversation's article only on a wider win, ``STAY_WIN`` (index.conversation). Calibrated on
both news development sets (``bench/news_eval.py --dev`` and ``--dev2``, docs/quality.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

import numpy as np

from index.articlepostings import term_postings
from index.pool import pool_best
from index.query import Query, QueryTerm
from index.scoring import kth_largest
from index.searchindex import SearchIndex

BEST_PASSAGE = 2.0
TITLE_WEIGHT = 0.5
PASSAGE_POOL = 100
CLEAR_WIN = 1.1
STAY_WIN = 1.25
ARTICLE_BM25 = 2.0
K1, B = 1.2, 0.75
_LENGTHS: WeakKeyDictionary[SearchIndex, np.ndarray[Any, np.dtype[np.float64]]] = (
    WeakKeyDictionary()
)
_NORMS: WeakKeyDictionary[SearchIndex, np.ndarray[Any, np.dtype[np.float64]]] = WeakKeyDictionary()
_F64 = np.ndarray[Any, np.dtype[np.float64]]
_TermArticles = tuple[np.ndarray[Any, np.dtype[np.int32]], _F64, _F64]
_Part = tuple[np.ndarray[Any, Any], _F64]  # articles, what is added to each
_TERM_ARTICLES: WeakKeyDictionary[SearchIndex, dict[int, _TermArticles]] = WeakKeyDictionary()
_TERMS_KEPT = 256
# The best few articles are found one by one (argmax); more by a partition.
_ONE_BY_ONE = 4


def article_lengths(index: SearchIndex) -> np.ndarray[Any, np.dtype[np.float64]]:
    """Each article's length in terms (its passages' lengths summed), computed once per index."""
    got = _LENGTHS.get(index)
    if got is None:
        owner = index.arrays["passage_article"]
        summed = np.bincount(owner, weights=index.matrix.doc_len, minlength=len(index.articles))
        _LENGTHS[index] = got = summed.astype(np.float64)
    return got


def article_bm25(index: SearchIndex, query: Query) -> np.ndarray[Any, np.dtype[np.float64]]:
    """Okapi BM25 of every article as one document (``K1``, ``B``; an article's term
    frequency is its passages' summed, its df counts articles), each question slot by its
    best-scoring word form, at the terms' weights."""
    return _Slots(index, query).bm25()


def _term_articles(index: SearchIndex, term_id: int) -> _TermArticles:
    """The articles that hold ``term_id``, its BM25 in each as one document, and its best
    contribution in any of each one's passages (weight 1): read from the index's per-article
    postings, kept for the last few terms (a conversation asks its topic's words again)."""
    kept = _TERM_ARTICLES.setdefault(index, {})
    found = kept.get(term_id)
    if found is None:
        held, tf, most = index.term_articles(term_id)
        if not held.size:  # a rare term's are not stored: one pass over its few postings
            held, tf, most = term_postings(index.matrix, index.arrays["passage_article"], term_id)
        n = len(index.articles)
        tf = tf.astype(np.float64)
        idf = math.log((n - held.size + 0.5) / (held.size + 0.5) + 1.0)
        values = idf * tf * (K1 + 1) / (tf + _norms(index)[held])
        if len(kept) >= _TERMS_KEPT:
            kept.clear()
        found = kept[term_id] = (held, values, most)
    return found


class _Slots:
    """One pass over a query's terms: per question slot (a carried term is its own slot), the
    best contribution of its word forms in any passage of each article and the best
    article BM25, plus each article's headline bonus. Each part is the articles it scores
    and what it adds to each; a part's additions are made per article in the order dense
    arrays of every article would make them (adding 0 elsewhere changes nothing)."""

    def __init__(self, index: SearchIndex, query: Query) -> None:
        self.n = n = len(index.articles)
        idf = index.matrix.idf
        self.titles: list[_Part] = []
        best: dict[tuple[bool, int], list[tuple[QueryTerm, _Part]]] = {}
        whole: dict[tuple[bool, int], list[tuple[QueryTerm, _Part]]] = {}
        for t in query.terms:
            held, values, most = _term_articles(index, t.term_id)
            key = (t.carried, t.slot if not t.carried else t.term_id)
            # max(w·x) is w·max(x) for w > 0, to the bit: the same as scaling every one
            best.setdefault(key, []).append(
                (t, (held, most if t.weight == 1.0 else most * t.weight))
            )
            if held.size:
                scaled = values if t.weight == 1.0 else values * t.weight
                whole.setdefault(key, []).append((t, (held, scaled)))
            titled = index.headline_articles(t.term_id)  # each article once: one addition each
            if len(titled):
                bonus = TITLE_WEIGHT * float(idf[t.term_id]) * t.weight
                self.titles.append((titled, np.full(len(titled), bonus)))
        self.best = [_best_of(n, terms) for terms in best.values()]
        self.whole = [_whole_of(n, terms) for terms in whole.values()]

    def bm25(self) -> _F64:
        """Every article's BM25 as one document (:func:`article_bm25`)."""
        return _summed(self.n, self.whole)

    def scores(self) -> _F64:
        """Headline bonuses, then each slot's best contribution, then the article BM25 (the
        order of the additions :func:`article_scores` has always made)."""
        total = _summed(self.n, [*self.titles, *self.best])
        total += ARTICLE_BM25 * self.bm25()
        return total


def _summed(n: int, parts: list[_Part]) -> _F64:
    """Each article's sum of the parts, from 0.0, added in the parts' order (bincount adds
    its weights one by one in order)."""
    if not parts:
        return np.zeros(n, dtype=np.float64)
    where = np.concatenate([p for p, _ in parts])
    return np.bincount(where, np.concatenate([v for _, v in parts]), minlength=n).astype(
        np.float64, copy=False
    )


def _best_of(n: int, terms: list[tuple[QueryTerm, _Part]]) -> _Part:
    """A slot's best contribution per article: its first term's, then the maximum with each
    next term's (0 where the next term is not: a negative best counts as 0 from then on)."""
    if len(terms) == 1:
        return terms[0][1]
    best = np.zeros(n, dtype=np.float64)
    for i, (_, (held, top)) in enumerate(terms):
        if i == 0:
            best[held] = top
            continue
        dense = np.zeros(n, dtype=np.float64)
        dense[held] = top
        np.maximum(best, dense, out=best)
    return np.arange(n), best


def _whole_of(n: int, terms: list[tuple[QueryTerm, _Part]]) -> _Part:
    """A slot's best article BM25 per article, the maximum of 0 and its terms' (the values
    are positive: at a positive weight one term's are its own)."""
    if len(terms) == 1:
        t, (held, scaled) = terms[0]
        return held, scaled if t.weight > 0 else np.maximum(scaled, 0.0)
    whole = np.zeros(n, dtype=np.float64)
    for _, (held, scaled) in terms:
        whole[held] = np.maximum(whole[held], scaled)
    return np.arange(n), whole


def _norms(index: SearchIndex) -> np.ndarray[Any, np.dtype[np.float64]]:
    """Each article's length normalisation, ``K1 * (1 - B + B * length / mean length)``."""
    got = _NORMS.get(index)
    if got is None:
        lengths = article_lengths(index)
        _NORMS[index] = got = K1 * (1 - B + B * lengths / max(float(lengths.mean()), 1.0))
    return got


@dataclass(frozen=True, slots=True)
class ArticleScore:
    """One article's score for a question."""

    number: int
    score: float


def article_scores(index: SearchIndex, query: Query) -> np.ndarray[Any, np.dtype[np.float64]]:
    """Every article's score for ``query`` (by article number)."""
    total = _Slots(index, query).scores()
    ids, weights = [t.term_id for t in query.terms], [t.weight for t in query.terms]
    # Each article's best passage among the best PASSAGE_POOL of the whole index.
    articles, best = pool_best(
        index.matrix, index.arrays["passage_article"], ids, weights, PASSAGE_POOL
    )
    total[articles] += BEST_PASSAGE * best
    return total


def score_articles(index: SearchIndex, query: Query, top: int = 5) -> list[ArticleScore]:
    """The best ``top`` articles for ``query``, best first (none when nothing is searched)."""
    if not query.terms:
        return []
    scores = article_scores(index, query)
    order = _best(scores, top)
    return [ArticleScore(int(a), float(scores[a])) for a in order if scores[a] > 0]


def _best(scores: np.ndarray[Any, np.dtype[np.float64]], top: int) -> list[int]:
    """The ``top`` highest scores' positions, highest first, ties by position: what a stable
    sort of every article gives, from a partition (no sort that grows with the corpus)."""
    if scores.size > top <= _ONE_BY_ONE:
        # the highest left, the first of equals (argmax): a stable sort's order
        rest = scores.copy()
        order = []
        for _ in range(top):
            order.append(int(rest.argmax()))
            rest[order[-1]] = -np.inf
        return order
    if scores.size > top:
        kth = kth_largest(scores, top)
        pool = np.flatnonzero(scores >= kth)
    else:
        pool = np.arange(scores.size)
    return [int(p) for p in pool[np.lexsort((pool, -scores[pool]))][:top]]


def choose_article(index: SearchIndex, query: Query, margin: float = CLEAR_WIN) -> int | None:
    """The number of the article that clearly wins ``query``, or None when none does."""
    if len(index.articles) < 2:
        return None
    return winner(score_articles(index, query, top=2), margin)


# A conversation weighs a follow-up's own words with two margins, and answers it: the two
# best articles' scores are kept for the last few queries per index.
_LEADERS: WeakKeyDictionary[SearchIndex, dict[Query, list[ArticleScore]]] = WeakKeyDictionary()
_LEADERS_KEPT = 16


def chosen_article(index: SearchIndex, query: Query, margin: float = CLEAR_WIN) -> int | None:
    """:func:`choose_article`, the two best articles' scores kept for the last few queries."""
    if len(index.articles) < 2:
        return None
    kept = _LEADERS.setdefault(index, {})
    if query not in kept:
        if len(kept) >= _LEADERS_KEPT:
            kept.clear()
        kept[query] = score_articles(index, query, top=2)
    return winner(kept[query], margin)


def winner(best_two: list[ArticleScore], margin: float) -> int | None:
    """Of the two best articles' scores (best first), the first's number when it leads the
    second by ``margin`` (or has no rival), else None."""
    if not best_two:
        return None
    if len(best_two) == 1 or best_two[0].score >= margin * best_two[1].score:
        return best_two[0].number
    return None


__all__ = [
    "CLEAR_WIN",
    "STAY_WIN",
    "ArticleScore",
    "article_bm25",
    "article_lengths",
    "article_scores",
    "choose_article",
    "chosen_article",
    "score_articles",
    "winner",
]
