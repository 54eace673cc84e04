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

Top k without sorting everything: rows are summed into one dense array (``np.add.at``, a pass
per posting), and the k-th best sum among the passages of one query term's row is a floor that
every top-k passage reaches, so only the few passages above it are rounded and ranked.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
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
# Contributions are computed this many postings at a time, so temporaries stay in cache.
_CHUNK = 1 << 16
# Margin far above float error and TIE_DECIMALS' rounding: passages this close to the k-th
# best may tie with it once rounded, and then passage order decides.
_TIE_MARGIN = 1e-6


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
            raise SettingsError(
                f"BM25 variant must be one of {', '.join(VARIANTS)}, got {self.variant!r}"
            )
        # k1 = 0 makes rank-bm25's Plus and Okapi divide 0 by 0 for absent terms (NaN scores).
        if not 0.0 < self.k1 <= 10.0:
            raise SettingsError(f"BM25 k1 must be above 0 and at most 10, got {self.k1}")
        if not 0.0 <= self.b <= 1.0:
            raise SettingsError(f"BM25 b must be 0-1, got {self.b}")

    @property
    def effective_delta(self) -> float:
        """δ as used by the variant (rank-bm25's default when unset)."""
        return _DEFAULT_DELTA[self.variant] if self.delta is None else self.delta

    def to_json(self) -> dict[str, object]:
        """Parameters as saved in the index manifest."""
        return {
            "variant": self.variant,
            "k1": self.k1,
            "b": self.b,
            "delta": self.effective_delta,
            "epsilon": self.epsilon,
        }


# What articlebot ranks with unless told otherwise: BM25Plus with b = 0.3, chosen on SQuAD and
# the seed questions (README, "Retrieval quality"). ``Bm25Params()`` stays rank-bm25's own
# defaults, the reference for parity.
TUNED = Bm25Params(variant="plus", k1=1.5, b=0.3)


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


def build_matrix(
    docs: Sequence[I32] | Sequence[list[int]], n_terms: int, params: Bm25Params
) -> Bm25Matrix:
    """Precompute every (term, passage) contribution from term-id lists, one list a passage."""
    lengths = np.fromiter((len(d) for d in docs), dtype=np.int64, count=len(docs))
    flat = np.fromiter(
        itertools.chain.from_iterable(docs), dtype=np.int64, count=int(lengths.sum())
    )
    return build_matrix_flat(flat, lengths, n_terms, params)


def build_matrix_flat(
    terms: npt.ArrayLike, lengths: npt.ArrayLike, n_terms: int, params: Bm25Params
) -> Bm25Matrix:
    """:func:`build_matrix` from every passage's term ids end to end plus each passage's length.

    What the index builder calls: no Python list per passage, and a few seconds for the 44
    million tokens of a million passages.
    """
    lengths = np.asarray(lengths, dtype=np.int64)
    terms = np.asarray(terms)
    n = int(lengths.size)
    if terms.ndim != 1 or lengths.ndim != 1 or (n and int(lengths.min()) < 0):
        raise ValueError("terms and lengths must be flat, lengths not negative")
    if terms.size != int(lengths.sum()):
        raise ValueError(f"{terms.size} term ids for passages of {int(lengths.sum())} in all")
    if terms.size and (int(terms.min()) < 0 or int(terms.max()) >= n_terms):
        raise ValueError(f"term ids must be in [0, {n_terms})")
    doc_len = lengths.astype(np.int32)
    # One sort of (term, passage) keys gives the term-major order and, as run lengths, each
    # pair's term frequency; shifts rather than division split a key again.
    shift = max(1, n.bit_length())
    keys = terms.astype(np.int64) << shift
    keys |= np.repeat(np.arange(n, dtype=np.int64), lengths)
    keys.sort()
    first = np.ones(keys.size, dtype=bool)
    np.not_equal(keys[1:], keys[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    del first
    tf = np.empty(starts.size, dtype=np.int32)
    np.subtract(starts[1:], starts[:-1], out=tf[:-1])
    tf[-1:] = keys.size - starts[-1:]
    pairs = keys[starts]
    del keys, starts
    term_of = pairs >> shift
    docs_idx = (pairs & ((1 << shift) - 1)).astype(np.int32)
    del pairs
    df_counts = np.bincount(term_of, minlength=n_terms).astype(np.int64)
    indptr = np.zeros(n_terms + 1, dtype=np.int64)
    np.cumsum(df_counts, out=indptr[1:])
    present = df_counts > 0
    idf = np.zeros(n_terms, dtype=np.float64)
    if n and present.any():
        idf[present] = _idf(params, df_counts[present].astype(np.float64), n)
    avgdl = float(lengths.sum()) / n if n else 0.0
    base = np.asarray(
        _contribution(params, idf, np.zeros(n_terms), np.ones(n_terms)), dtype=np.float64
    )
    norm: F64 = (
        np.asarray(1 - params.b + params.b * doc_len / avgdl, dtype=np.float64)
        if avgdl
        else np.ones(n)
    )
    data = np.empty(term_of.size, dtype=np.float64)
    for lo in range(0, data.size, _CHUNK):
        t, d = term_of[lo : lo + _CHUNK], docs_idx[lo : lo + _CHUNK]
        contrib = _contribution(params, idf[t], tf[lo : lo + _CHUNK].astype(np.float64), norm[d])
        np.subtract(contrib, base[t], out=data[lo : lo + _CHUNK])
    return Bm25Matrix(
        params, indptr, docs_idx, data, base, idf, df_counts.astype(np.int32), doc_len
    )


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
            kth = float(np.partition(some, some.size - k)[some.size - k])
            # Rounded as ranking rounds, less a margin: a passage within it may tie the k-th.
            floor = round(kth + base_sum, TIE_DECIMALS) - base_sum - _TIE_MARGIN
        cand = np.flatnonzero(acc >= floor) if floor > 0 else np.flatnonzero(acc > 0)
    return _select(m, term_ids, weights, k, lo, hi, cand + lo, acc[cand], base_sum)


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
        kth = np.partition(rounded, cand.size - k)[cand.size - k]
        keep = rounded >= kth
        cand, partial, rounded = cand[keep], partial[keep], rounded[keep]
    order = np.lexsort((cand, -rounded))[:k]
    # Zero or negative contributions exist only with Okapi's idf floor on tiny corpora; then a
    # passage lacking the term can outrank (or tie) one that has it, so rank everything exactly.
    if (rounded <= round(base_sum, TIE_DECIMALS)).any():
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


def _span(m: Bm25Matrix, term: int, lo: int, hi: int) -> tuple[int, int]:
    """The postings of ``term`` for passages in ``[lo, hi)``, as a range of the row arrays."""
    start, end = int(m.indptr[term]), int(m.indptr[term + 1])
    if lo or hi != m.n_docs:
        a, z = np.searchsorted(m.indices[start:end], [lo, hi])
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
    i = int(np.searchsorted(rows, doc))
    return float(m.data[start + i]) if i < rows.size and rows[i] == doc else None


def term_contribution(m: Bm25Matrix, term_id: int, doc: int) -> float:
    """What one occurrence of ``term_id`` in the query adds to passage ``doc``'s score."""
    return float(m.base[term_id]) + (_stored(m, term_id, doc) or 0.0)


def term_occurs(m: Bm25Matrix, term_id: int, doc: int) -> bool:
    """Whether passage ``doc`` holds ``term_id`` (BM25Plus scores a floor for one that doesn't)."""
    return _stored(m, term_id, doc) is not None


__all__ = [
    "TUNED",
    "VARIANTS",
    "Bm25Matrix",
    "Bm25Params",
    "build_matrix",
    "build_matrix_flat",
    "full_scores",
    "score_candidates",
    "term_contribution",
    "term_occurs",
    "top_k",
]
