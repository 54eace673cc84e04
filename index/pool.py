"""The passage pool of article choice: each article's best passage among the ``k`` best of the
whole index, read from the passages' summed scores without listing the ``k`` as ranking does.

``index.choice`` adds ``BEST_PASSAGE`` times that passage's score to its article's. The pool is
the first ``k`` passages of the ranking order (:func:`index.scoring.top_k`: scores rounded to
``TIE_DECIMALS``, the earlier passage first on a tie), so an article's first passage in the
pool is its first passage in that order, and it is in the pool when that passage is. The sums
are rank-bm25's, added in query order (the same floats ``top_k`` gets). When a contribution may
be zero or negative, or fewer than ``k`` passages hold a query word (then passages holding none
fill the pool), the answer is read from :func:`~index.scoring.top_k` itself.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from index.bm25 import Bm25Matrix
from index.scoring import TIE_DECIMALS, kth_largest, top_k

Arr = np.ndarray[Any, Any]
# Below the k-th best sum of a row by more than float error and rounding: a floor for the pool.
_MARGIN = 1e-6


def pool_best(
    m: Bm25Matrix, owner: Arr, ids: list[int], weights: list[float], k: int
) -> tuple[Arr, Arr]:
    """The articles (``owner[p]`` of passage ``p``) with a passage among the best ``k`` for the
    query terms ``ids`` at ``weights``, ascending, and the score of each one's first there;
    only positive scores count."""
    base_sum = float(sum(m.base[t] * w for t, w in zip(ids, weights, strict=True)))
    if not ids or min(weights) <= 0 or any(float(m.idf[t]) <= 0 for t in ids):
        return _listed(m, owner, ids, weights, k)
    spans = [slice(*m.indptr[t : t + 2].tolist()) for t in ids]
    rows = [m.indices[s] for s in spans]
    vals = [m.data[s] if w == 1.0 else m.data[s] * w for s, w in zip(spans, weights, strict=True)]
    # Each passage's sum from 0.0, its terms' contributions added in query order.
    acc = np.bincount(np.concatenate(rows), np.concatenate(vals), minlength=m.n_docs).astype(
        np.float64, copy=False
    )
    row = min((r for r in rows if r.size >= k), key=len, default=None)
    floor = 0.0
    if row is not None:
        floor = round(kth_largest(acc[row], k) + base_sum, TIE_DECIMALS) - base_sum - _MARGIN
    cand = np.flatnonzero(acc >= floor) if floor > 0 else np.flatnonzero(acc > 0)
    partial = acc[cand]
    rounded = np.round(partial + base_sum, TIE_DECIMALS)
    if cand.size < k or (rounded <= round(base_sum, TIE_DECIMALS)).any():
        return _listed(m, owner, ids, weights, k)
    if cand.size > k:
        keep = rounded >= kth_largest(rounded, k)
        cand, partial, rounded = cand[keep], partial[keep], rounded[keep]
    order = np.lexsort((cand, -rounded))[:k]
    return _firsts(owner[cand[order]], partial[order] + base_sum)


def _listed(
    m: Bm25Matrix, owner: Arr, ids: list[int], weights: list[float], k: int
) -> tuple[Arr, Arr]:
    """:func:`pool_best` from the listed top ``k``."""
    pool = top_k(m, ids, k, weights=weights)
    scores = np.array([score for _, score in pool], dtype=np.float64)
    articles = owner[np.array([p for p, _ in pool], dtype=np.int64)]
    return _firsts(articles, scores)


def _firsts(articles: Arr, scores: Arr) -> tuple[Arr, Arr]:
    """Each article's first positive score in pool order (best first), by article."""
    positive = scores > 0
    articles, scores = articles[positive], scores[positive]
    order = np.argsort(articles, kind="stable")
    ranked = articles[order]
    first = np.ones(ranked.size, dtype=bool)
    np.not_equal(ranked[1:], ranked[:-1], out=first[1:])
    return ranked[first], scores[order[first]]


__all__ = ["pool_best"]
