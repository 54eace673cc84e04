"""Choosing the article: asked of many articles, first decide which one the question is about.

A question's words are often spread over several paragraphs of the right article (who scored,
against whom, in which match), while one paragraph of another article may happen to hold
more of them at once. So articles are scored as a whole: their best passages for the
question (the best, the next at ``PASSAGE_DECAY`` of its score, …), the question words their
headline holds, and the share of the question's words the article has anywhere. When the
best article clearly wins (its score at least ``CLEAR_WIN`` times the next one's), the answer
is looked for inside it only; otherwise passages of all articles compete as before.
Calibrated on the news development set (``bench/news_eval.py --dev``).
"""

from __future__ import annotations

from dataclasses import dataclass

from index.bm25 import top_k
from index.query import Query
from index.searchindex import SearchIndex
from index.tokenizer import terms

ARTICLE_POOL = 60
PASSAGE_DECAY = 0.5
PASSAGES_COUNTED = 3
TITLE_WEIGHT = 1.0
CANDIDATES = 8
CLEAR_WIN = 1.25


@dataclass(frozen=True, slots=True)
class ArticleScore:
    """One article's score for a question, and the share of the question's words it has."""

    number: int
    score: float
    coverage: float


def _title_terms(index: SearchIndex, number: int) -> set[int]:
    ids = index.term_ids
    return {ids[t] for t in terms(index.articles[number].title) if t in ids}


def _article_terms(index: SearchIndex, number: int) -> set[int]:
    meta = index.articles[number]
    out: set[int] = set()
    for p in range(meta.first_passage, meta.first_passage + meta.passage_count):
        out.update(index.passage_term_ids(p))
    return out


def score_articles(index: SearchIndex, query: Query) -> list[ArticleScore]:
    """The best ``CANDIDATES`` articles for ``query``, best first."""
    own = [t for t in query.terms if not t.carried]
    ids = [t.term_id for t in query.terms]
    if not ids:
        return []
    ranked = top_k(index.matrix, ids, ARTICLE_POOL, weights=[t.weight for t in query.terms])
    by_article: dict[int, list[float]] = {}
    for p, score in ranked:
        if score > 0:
            by_article.setdefault(index.article_of(p).number, []).append(score)
    passages = {
        a: sum(
            s * PASSAGE_DECAY**i for i, s in enumerate(sorted(v, reverse=True)[:PASSAGES_COUNTED])
        )
        for a, v in by_article.items()
    }
    idf = index.matrix.idf
    slots = {t.slot for t in own}
    out = []
    for a in sorted(passages, key=lambda a: -passages[a])[:CANDIDATES]:
        title = _title_terms(index, a)
        present = _article_terms(index, a) | title
        headline = sum(float(idf[t.term_id]) * t.weight for t in query.terms if t.term_id in title)
        found = {t.slot for t in own if t.term_id in present}
        coverage = len(found) / len(slots) if slots else 1.0
        out.append(ArticleScore(a, (passages[a] + TITLE_WEIGHT * headline) * coverage, coverage))
    return sorted(out, key=lambda s: -s.score)


def choose_article(index: SearchIndex, query: Query) -> int | None:
    """The number of the article that clearly wins ``query``, or None when none does."""
    if len(index.articles) < 2:
        return None
    scores = score_articles(index, query)
    if not scores:
        return None
    if len(scores) == 1 or scores[0].score >= CLEAR_WIN * scores[1].score:
        return scores[0].number
    return None


__all__ = ["CLEAR_WIN", "ArticleScore", "choose_article", "score_articles"]
