"""BM25 as a sparse matrix of precomputed score contributions, equal to rank-bm25's scores.

rank-bm25 is the scorer of record: ``BM25Okapi``, ``BM25L`` and ``BM25Plus`` (its formulas,
idf and defaults are reproduced here exactly; ``tests/index/test_bm25.py`` proves equality of
``get_scores`` to 1e-9 on random corpora). For every (term, passage) pair with the term present
we store ``contribution - base[term]``, where ``base`` is what the term adds to a passage that
lacks it (``idf·δ`` for Plus, zero for Okapi and for rank-bm25's L, whose formula multiplies
by the term frequency). A query is then
``Σ base`` plus the sum of a few matrix rows, and only passages that contain a query term
need ranking.

Ties: scores equal to ``TIE_DECIMALS`` decimals (summation order differs from rank-bm25's in the
last bits) rank the earlier passage first.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from index.errors import SettingsError

F64 = npt.NDArray[np.float64]
I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]

VARIANTS = ("okapi", "l", "plus")
TIE_DECIMALS = 9
_DEFAULT_DELTA = {"okapi": 0.0, "l": 0.5, "plus": 1.0}


@dataclass(frozen=True, slots=True)
class Bm25Params:
    """Which rank-bm25 class and its parameters (rank-bm25's own defaults)."""

    variant: str = "plus"
    k1: float = 1.5
    b: float = 0.75
    delta: float | None = None
    epsilon: float = 0.25

    def __post_init__(self) -> None:
        if self.variant not in VARIANTS:
            raise SettingsError(f"BM25 variant must be one of {', '.join(VARIANTS)}, got {self.variant!r}")
        if not 0.0 <= self.k1 <= 10.0:
            raise SettingsError(f"BM25 k1 must be 0-10, got {self.k1}")
        if not 0.0 <= self.b <= 1.0:
            raise SettingsError(f"BM25 b must be 0-1, got {self.b}")

    @property
    def effective_delta(self) -> float:
        """δ as used by the variant (rank-bm25's default when unset)."""
        return _DEFAULT_DELTA[self.variant] if self.delta is None else self.delta

    def to_json(self) -> dict[str, object]:
        """Parameters as saved in the index manifest."""
        return {"variant": self.variant, "k1": self.k1, "b": self.b,
                "delta": self.effective_delta, "epsilon": self.epsilon}


@dataclass(frozen=True, slots=True)
class Bm25Matrix:
    """Term-major sparse contributions (CSR): row ``t`` holds passages containing term ``t``."""

    params: Bm25Params
    indptr: I64
    indices: I32
    data: F64
    base: F64
    idf: F64
    df: I32
    doc_len: I32

    @property
    def n_docs(self) -> int:
        """Number of passages."""
        return int(self.doc_len.shape[0])

    @property
    def n_terms(self) -> int:
        """Vocabulary size."""
        return int(self.base.shape[0])


def _idf(params: Bm25Params, df: npt.NDArray[np.float64], n: int) -> F64:
    """rank-bm25's idf for each term of the vocabulary (``df`` > 0 for every term)."""
    if params.variant == "plus":
        return np.asarray(np.log((n + 1) / df), dtype=np.float64)
    if params.variant == "l":
        return np.asarray(np.log(n + 1) - np.log(df + 0.5), dtype=np.float64)
    idf = np.log(n - df + 0.5) - np.log(df + 0.5)
    if idf.size:
        # rank-bm25 floors negative idf at epsilon × the mean idf over the vocabulary.
        eps = params.epsilon * (float(np.sum(idf)) / idf.size)
        idf = np.where(idf < 0, eps, idf)
    return np.asarray(idf, dtype=np.float64)


def _contribution(params: Bm25Params, idf: F64, tf: F64, norm: F64) -> F64:
    """What a term with frequency ``tf`` adds to a passage; ``norm`` = 1 - b + b·dl/avgdl."""
    k1, delta = params.k1, params.effective_delta
    if params.variant == "plus":
        return idf * (delta + (tf * (k1 + 1)) / (k1 * norm + tf))
    if params.variant == "l":
        ctd = tf / norm
        return idf * tf * (k1 + 1) * (ctd + delta) / (k1 + ctd + delta)
    return idf * (tf * (k1 + 1) / (tf + k1 * norm))


def build_matrix(docs: list[I32] | list[list[int]], n_terms: int, params: Bm25Params) -> Bm25Matrix:
    """Precompute every (term, passage) contribution from term-id lists, one list a passage."""
    n = len(docs)
    lengths = np.fromiter((len(d) for d in docs), dtype=np.int64, count=n)
    doc_len = lengths.astype(np.int32)
    flat = (np.concatenate([np.asarray(d, dtype=np.int64) for d in docs])
            if n and lengths.sum() else np.zeros(0, dtype=np.int64))
    doc_of = np.repeat(np.arange(n, dtype=np.int64), lengths)
    keys, tf = np.unique(flat * max(n, 1) + doc_of, return_counts=True)
    term_of = keys // max(n, 1)
    docs_idx = (keys % max(n, 1)).astype(np.int32)
    df_counts = np.bincount(term_of, minlength=n_terms).astype(np.int64)
    indptr = np.zeros(n_terms + 1, dtype=np.int64)
    np.cumsum(df_counts, out=indptr[1:])
    present = df_counts > 0
    idf = np.zeros(n_terms, dtype=np.float64)
    if n and present.any():
        idf[present] = _idf(params, df_counts[present].astype(np.float64), n)
    avgdl = float(lengths.sum()) / n if n else 0.0
    base = _contribution(params, idf, np.zeros(n_terms), np.ones(n_terms))
    norm = (1 - params.b + params.b * doc_len[docs_idx] / avgdl) if avgdl else np.ones(docs_idx.size)
    contrib = _contribution(params, idf[term_of], tf.astype(np.float64), norm)
    data = np.asarray(contrib - base[term_of], dtype=np.float64)
    return Bm25Matrix(params, indptr, docs_idx, data, np.asarray(base, dtype=np.float64), idf,
                      df_counts.astype(np.int32), doc_len)


def score_candidates(m: Bm25Matrix, term_ids: list[int], lo: int = 0, hi: int | None = None,
                     weights: list[float] | None = None) -> tuple[I64, F64, float]:
    """Passages in ``[lo, hi)`` containing a query term, their partial scores, and ``Σ base``.

    A passage's full score (rank-bm25's ``get_scores``) is its partial score plus ``Σ base``;
    passages not returned score exactly ``Σ base``. Repeated terms count again, as in rank-bm25.
    ``weights`` scale each query term's contribution (all 1.0, rank-bm25's case, when None).
    """
    hi = m.n_docs if hi is None else hi
    w = weights if weights is not None else [1.0] * len(term_ids)
    base_sum = float(sum(m.base[t] * wt for t, wt in zip(term_ids, w, strict=True)))
    width = hi - lo
    if width <= 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0), base_sum
    acc = np.zeros(width, dtype=np.float64)
    hit = np.zeros(width, dtype=bool)
    for t, wt in zip(term_ids, w, strict=True):
        start, end = int(m.indptr[t]), int(m.indptr[t + 1])
        rows = m.indices[start:end]
        vals = m.data[start:end] if wt == 1.0 else m.data[start:end] * wt
        if lo or hi != m.n_docs:
            a, z = np.searchsorted(rows, [lo, hi])
            rows, vals = rows[a:z], vals[a:z]
        local = rows - lo if lo else rows
        acc[local] += vals
        hit[local] = True
    cand = np.flatnonzero(hit)
    return cand + lo, acc[cand], base_sum


def top_k(m: Bm25Matrix, term_ids: list[int], k: int, lo: int = 0, hi: int | None = None,
          weights: list[float] | None = None) -> list[tuple[int, float]]:
    """The ``k`` best passages in ``[lo, hi)`` as (passage, full score), best first.

    Passages containing no query term come last, in passage order, scored ``Σ base``.
    """
    hi = m.n_docs if hi is None else hi
    cand, partial, base_sum = score_candidates(m, term_ids, lo, hi, weights)
    if k <= 0:
        return []
    if cand.size > k:
        kth = np.partition(partial, cand.size - k)[cand.size - k]
        keep = partial >= kth
        cand, partial = cand[keep], partial[keep]
    order = np.lexsort((cand, -np.round(partial + base_sum, TIE_DECIMALS)))[:k]
    # Zero or negative contributions exist only with Okapi's idf floor on tiny corpora; then a
    # passage lacking the term can outrank one that has it, so rank everything exactly.
    if (partial <= 0).any():
        full = full_scores(m, term_ids, weights)[lo:hi]
        order_all = np.lexsort((np.arange(lo, hi), -np.round(full, TIE_DECIMALS)))[:k]
        return [(int(i) + lo, float(full[i])) for i in order_all]
    out = [(int(cand[i]), float(partial[i]) + base_sum) for i in order]
    if len(out) < k:
        have = {p for p, _ in out}
        for p in range(lo, hi):
            if len(out) >= k:
                break
            if p not in have:
                out.append((p, base_sum))
    return out


def full_scores(m: Bm25Matrix, term_ids: list[int], weights: list[float] | None = None) -> F64:
    """Every passage's score, as rank-bm25's ``get_scores`` returns it."""
    cand, partial, base_sum = score_candidates(m, term_ids, weights=weights)
    scores = np.full(m.n_docs, base_sum, dtype=np.float64)
    scores[cand] += partial
    return scores


def term_contribution(m: Bm25Matrix, term_id: int, doc: int) -> float:
    """What one occurrence of ``term_id`` in the query adds to passage ``doc``'s score."""
    start, end = int(m.indptr[term_id]), int(m.indptr[term_id + 1])
    rows = m.indices[start:end]
    i = int(np.searchsorted(rows, doc))
    extra = float(m.data[start + i]) if i < rows.size and rows[i] == doc else 0.0
    return float(m.base[term_id]) + extra


__all__ = ["VARIANTS", "Bm25Matrix", "Bm25Params", "build_matrix", "full_scores",
           "score_candidates", "term_contribution", "top_k"]
