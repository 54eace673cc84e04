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

from index.query import Query
from index.scoring import kth_largest, top_k
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
_TERM_ARTICLES: WeakKeyDictionary[SearchIndex, dict[int, _TermArticles]] = WeakKeyDictionary()
_TERMS_KEPT = 256


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
    n = len(index.articles)
    by_slot: dict[tuple[bool, int], np.ndarray[Any, np.dtype[np.float64]]] = {}
    for t in query.terms:
        held, values, _ = _term_articles(index, t.term_id)
        if not held.size:
            continue
        key = (t.carried, t.slot if not t.carried else t.term_id)
        best = by_slot.setdefault(key, np.zeros(n, dtype=np.float64))
        best[held] = np.maximum(best[held], values * t.weight)
    total = np.zeros(n, dtype=np.float64)
    for best in by_slot.values():
        total += best
    return total


def _term_articles(index: SearchIndex, term_id: int) -> _TermArticles:
    """The articles that hold ``term_id``, its BM25 in each as one document, and its best
    contribution in any of each one's passages (weight 1); kept for the last few terms (a
    conversation asks its topic's words again and again)."""
    kept = _TERM_ARTICLES.setdefault(index, {})
    found = kept.get(term_id)
    if found is None:
        m = index.matrix
        n = len(index.articles)
        start, end = int(m.indptr[term_id]), int(m.indptr[term_id + 1])
        # Postings are in passage order, so each article's passages are one run of them.
        owners = index.arrays["passage_article"][m.indices[start:end]]
        if owners.size:
            firsts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])
            held = owners[firsts]
            tf = np.add.reduceat(m.tf[start:end].astype(np.float64), firsts)
            idf = math.log((n - held.size + 0.5) / (held.size + 0.5) + 1.0)
            values = idf * tf * (K1 + 1) / (tf + _norms(index)[held])
            most = np.maximum.reduceat(m.data[start:end], firsts)
        else:
            held, values, most = owners, np.zeros(0), np.zeros(0)
        if len(kept) >= _TERMS_KEPT:
            kept.clear()
        found = kept[term_id] = (held, values, most)
    return found


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
    m = index.matrix
    owner = index.arrays["passage_article"]
    n = len(index.articles)
    by_slot: dict[tuple[bool, int], np.ndarray[Any, np.dtype[np.float64]]] = {}
    total = np.zeros(n, dtype=np.float64)
    for t in query.terms:
        held, _, most = _term_articles(index, t.term_id)
        best = np.zeros(n, dtype=np.float64)
        # max(w·x) is w·max(x) for w > 0, to the bit: the same as scaling every contribution
        best[held] = most if t.weight == 1.0 else most * t.weight
        key = (t.carried, t.slot if not t.carried else t.term_id)
        by_slot[key] = np.maximum(by_slot[key], best) if key in by_slot else best
        titled = index.headline_articles(t.term_id)  # each article once: one addition each
        if len(titled):
            total[titled] += TITLE_WEIGHT * float(m.idf[t.term_id]) * t.weight
    for best in by_slot.values():
        total += best
    total += ARTICLE_BM25 * article_bm25(index, query)
    ids = [t.term_id for t in query.terms]
    pool = top_k(m, ids, PASSAGE_POOL, weights=[t.weight for t in query.terms])
    scores = np.array([score for _, score in pool], dtype=np.float64)
    articles = owner[np.array([p for p, _ in pool], dtype=np.int64)][scores > 0]
    # Each article's best passage in the pool (the first of it, the pool is best first).
    articles, first = np.unique(articles, return_index=True)
    total[articles] += BEST_PASSAGE * scores[scores > 0][first]
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
    "score_articles",
    "winner",
]
