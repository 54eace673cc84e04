"""Ranking a query against the BM25 matrix: the top k passages, all scores, one term's share.

Ties: scores equal to ``TIE_DECIMALS`` decimals (summation order differs from rank-bm25's in the
last bits) rank the earlier passage first.

Top k without sorting everything: rows are summed into one dense array (``np.add.at``, a pass
per posting), and the k-th best sum among the passages of one query term's row is a floor that
every top-k passage reaches, so only the few passages above it are rounded and ranked.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from index.bm25 import F64, I32, I64, Bm25Matrix

TIE_DECIMALS = 9
# Margin far above float error and TIE_DECIMALS' rounding: passages this close to the k-th
# best may tie with it once rounded, and then passage order decides.
_TIE_MARGIN = 1e-6
# kth_largest: below this many values a plain partition is as fast as anything.
_BLOCKS_FROM = 512


def score_candidates(
    m: Bm25Matrix,
    term_ids: list[int],
    lo: int = 0,
    hi: int | None = None,
    weights: list[float] | None = None,
) -> tuple[I64, F64, float]:
    """Passages in ``[lo, hi)`` containing a query term, their partial scores, and ``Σ base``.

    A passage's full score (rank-bm25's ``get_scores``) is its partial score plus ``Σ base``;
    passages not returned score exactly ``Σ base``. Repeated terms count again, as in rank-bm25.
    ``weights`` scale each query term's contribution (all 1.0, rank-bm25's case, when None).
    """
    hi = m.n_docs if hi is None else hi
    w = _weights(term_ids, weights)
    base_sum = float(sum(m.base[t] * wt for t, wt in zip(term_ids, w, strict=True)))
    if hi <= lo:
        return np.zeros(0, dtype=np.int64), np.zeros(0), base_sum
    acc, rows = _accumulate(m, term_ids, w, lo, hi)
    cand = np.flatnonzero(_hits(rows, hi - lo))
    return cand + lo, acc[cand], base_sum


def top_k(
    m: Bm25Matrix,
    term_ids: list[int],
    k: int,
    lo: int = 0,
    hi: int | None = None,
    weights: list[float] | None = None,
) -> list[tuple[int, float]]:
    """The ``k`` best passages in ``[lo, hi)`` as (passage, full score), best first.

    Passages containing no query term come last, in passage order, scored ``Σ base``.
    """
    hi = m.n_docs if hi is None else hi
    w = _weights(term_ids, weights)
    if k <= 0 or hi <= lo:
        return []
    base_sum = float(sum(m.base[t] * wt for t, wt in zip(term_ids, w, strict=True)))
    # With positive weights and idf every contribution is positive (only Okapi's idf floor on
    # tiny corpora or a zero weight breaks that): then a passage holds a query term exactly
    # when its sum is positive, and the k-th best sum among one row's passages is a floor the
    # whole top k reaches, so only the passages above it are rounded and ranked.
    positive = min(w, default=1.0) > 0 and all(float(m.idf[t]) > 0 for t in term_ids)
    acc, rows = _accumulate(m, term_ids, w, lo, hi)
    if not positive:
        cand = np.flatnonzero(_hits(rows, hi - lo))
    else:
        row = min((r for r in rows if r.size >= k), key=len, default=None)
        floor = 0.0
        if row is not None:
            some = acc[row]
            kth = kth_largest(some, k)
            # Rounded as ranking rounds, less a margin: a passage within it may tie the k-th.
            floor = round(kth + base_sum, TIE_DECIMALS) - base_sum - _TIE_MARGIN
        cand = np.flatnonzero(acc >= floor) if floor > 0 else np.flatnonzero(acc > 0)
    return _select(m, term_ids, weights, k, lo, hi, cand + lo, acc[cand], base_sum)


def kth_largest(values: F64, k: int) -> float:
    """The ``k``-th largest of ``values`` (``1 <= k <= values.size``), exactly what
    ``np.partition(values, values.size - k)[values.size - k]`` gives, fast for a small ``k``
    in a big array: numpy's partition is slow on many equal values (most articles score 0),
    so the maxima of ``4k`` blocks give a floor at least ``k`` values reach, and only the
    values above it are partitioned."""
    n = values.size
    if n < _BLOCKS_FROM or n < 32 * k:
        return float(np.partition(values, n - k)[n - k])
    blocks = 4 * k
    width = n // blocks
    maxima = values[: width * blocks].reshape(blocks, width).max(axis=1)
    some = values[values >= np.partition(maxima, blocks - k)[blocks - k]]
    return float(np.partition(some, some.size - k)[some.size - k])


def _weights(term_ids: list[int], weights: list[float] | None) -> list[float]:
    if weights is None:
        return [1.0] * len(term_ids)
    if len(weights) != len(term_ids):
        raise ValueError(f"{len(weights)} weights for {len(term_ids)} query terms")
    return weights


def _accumulate(
    m: Bm25Matrix, term_ids: list[int], w: list[float], lo: int, hi: int
) -> tuple[F64, list[I32]]:
    """Partial scores of every passage of ``[lo, hi)`` (by offset from ``lo``) and each query
    term's passages (same offsets); rows are added in query order."""
    acc = np.zeros(hi - lo, dtype=np.float64)
    rows: list[I32] = []
    for t, wt in zip(term_ids, w, strict=True):
        start, end = _span(m, t, lo, hi)
        local = m.indices[start:end] - lo if lo else m.indices[start:end]
        np.add.at(acc, local, m.data[start:end] if wt == 1.0 else m.data[start:end] * wt)
        rows.append(local)
    return acc, rows


def _hits(rows: list[I32], width: int) -> npt.NDArray[np.bool_]:
    """Which passages (offsets) hold a query term."""
    hit = np.zeros(width, dtype=bool)
    for local in rows:
        hit[local] = True
    return hit


def _select(
    m: Bm25Matrix,
    term_ids: list[int],
    weights: list[float] | None,
    k: int,
    lo: int,
    hi: int,
    cand: I64,
    partial: F64,
    base_sum: float,
) -> list[tuple[int, float]]:
    """The top ``k`` of candidates that include every passage that could be in it."""
    # Select on rounded scores too: passages tied to TIE_DECIMALS may differ in the last bits,
    # and the earlier one must not be dropped for a later one that is a hair higher.
    rounded = np.round(partial + base_sum, TIE_DECIMALS)
    if cand.size > k:
        kth = kth_largest(rounded, k)
        keep = rounded >= kth
        cand, partial, rounded = cand[keep], partial[keep], rounded[keep]
    order = np.lexsort((cand, -rounded))[:k]
    # Zero or negative contributions exist only with Okapi's idf floor on tiny corpora; then a
    # passage lacking the term can outrank (or tie) one that has it, so rank everything exactly.
    if (rounded <= round(base_sum, TIE_DECIMALS)).any():
        full = full_scores(m, term_ids, weights)[lo:hi]
        order_all = np.lexsort((np.arange(lo, hi), -np.round(full, TIE_DECIMALS)))[:k]
        return [(int(i) + lo, float(full[i])) for i in order_all]
    # tolist: Python ints and floats at once (not one numpy scalar each), the same values.
    passages, partials = cand[order].tolist(), partial[order].tolist()
    out = [(p, s + base_sum) for p, s in zip(passages, partials, strict=True)]
    if len(out) < k:
        have = {p for p, _ in out}
        for p in range(lo, hi):
            if len(out) >= k:
                break
            if p not in have:
                out.append((p, base_sum))
    return out


def _span(m: Bm25Matrix, term: int, lo: int, hi: int) -> tuple[int, int]:
    """The postings of ``term`` for passages in ``[lo, hi)``, as a range of the row arrays."""
    start, end = int(m.indptr[term]), int(m.indptr[term + 1])
    if lo or hi != m.n_docs:
        # Searched as the row's own integer type: a Python int would cast a copy of the row.
        rows = m.indices[start:end]
        a, z = rows.searchsorted(np.array((lo, hi), dtype=rows.dtype))
        start, end = start + int(a), start + int(z)
    return start, end


def full_scores(m: Bm25Matrix, term_ids: list[int], weights: list[float] | None = None) -> F64:
    """Every passage's score, as rank-bm25's ``get_scores`` returns it."""
    cand, partial, base_sum = score_candidates(m, term_ids, weights=weights)
    scores = np.full(m.n_docs, base_sum, dtype=np.float64)
    scores[cand] += partial
    return scores


def _stored(m: Bm25Matrix, term_id: int, doc: int) -> float | None:
    """The stored (above the floor) part of ``term_id``'s score in ``doc``; None when absent."""
    start, end = int(m.indptr[term_id]), int(m.indptr[term_id + 1])
    rows = m.indices[start:end]
    i = int(rows.searchsorted(rows.dtype.type(doc)))
    return float(m.data[start + i]) if i < rows.size and rows[i] == doc else None


def term_contribution(m: Bm25Matrix, term_id: int, doc: int) -> float:
    """What one occurrence of ``term_id`` in the query adds to passage ``doc``'s score."""
    return float(m.base[term_id]) + (_stored(m, term_id, doc) or 0.0)


def term_occurs(m: Bm25Matrix, term_id: int, doc: int) -> bool:
    """Whether passage ``doc`` holds ``term_id`` (BM25Plus scores a floor for one that doesn't)."""
    return _stored(m, term_id, doc) is not None


__all__ = [
    "TIE_DECIMALS",
    "full_scores",
    "kth_largest",
    "score_candidates",
    "term_contribution",
    "term_occurs",
    "top_k",
]
