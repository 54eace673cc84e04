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

Top-k without scoring everything (MaxScore): ``row_max`` holds each term's largest contribution.
Query terms are taken in order of that bound, highest first; once the k-th best exact score among
passages holding the terms taken so far beats what the remaining terms could add at most, no
other passage can enter the top k, and the long rows of common words are only looked up for
those candidates, never scanned. Queries of common words only fall back to summing rows.
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
# Pruning gives up (and rows are summed densely) once candidates pass this share of passages.
_PRUNE_SHARE = 1 / 16
# Slack on the pruning bound, far above summation error and far below TIE_DECIMALS.
_BOUND_SLACK = 1e-12
# Margin far above float error and TIE_DECIMALS' rounding: passages this close to the k-th
# best may tie with it once rounded, and then passage order decides.
_TIE_MARGIN = 1e-6
# Summing rows densely, the k-th best of about this many candidates bounds the selection.
_SAMPLE = 2048


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
    row_max: F64 | None = None
    """Each term's largest contribution (``data`` of its row); None disables pruning."""

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


def build_matrix(docs: Sequence[I32] | Sequence[list[int]], n_terms: int, params: Bm25Params
                 ) -> Bm25Matrix:
    """Precompute every (term, passage) contribution from term-id lists, one list a passage."""
    lengths = np.fromiter((len(d) for d in docs), dtype=np.int64, count=len(docs))
    flat = np.fromiter(itertools.chain.from_iterable(docs), dtype=np.int64,
                       count=int(lengths.sum()))
    return build_matrix_flat(flat, lengths, n_terms, params)


def build_matrix_flat(terms: npt.ArrayLike, lengths: npt.ArrayLike, n_terms: int,
                      params: Bm25Params) -> Bm25Matrix:
    """:func:`build_matrix` from every passage's term ids end to end plus each passage's length.

    The form builders use: no list per passage, and about 2 s for 40 million postings.
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
    base = np.asarray(_contribution(params, idf, np.zeros(n_terms), np.ones(n_terms)),
                      dtype=np.float64)
    norm = (1 - params.b + params.b * doc_len / avgdl) if avgdl else np.ones(n)
    data = np.empty(term_of.size, dtype=np.float64)
    for lo in range(0, data.size, _CHUNK):
        t, d = term_of[lo : lo + _CHUNK], docs_idx[lo : lo + _CHUNK]
        contrib = _contribution(params, idf[t], tf[lo : lo + _CHUNK].astype(np.float64), norm[d])
        np.subtract(contrib, base[t], out=data[lo : lo + _CHUNK])
    row_max = np.zeros(n_terms, dtype=np.float64)
    if data.size:
        row_max[present] = np.maximum.reduceat(data, indptr[:-1][present])
    return Bm25Matrix(params, indptr, docs_idx, data, base, idf, df_counts.astype(np.int32),
                      doc_len, row_max)


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
    w = weights if weights is not None else [1.0] * len(term_ids)
    if len(w) != len(term_ids):
        raise ValueError(f"{len(w)} weights for {len(term_ids)} query terms")
    if k <= 0 or hi <= lo:
        return []
    base_sum = float(sum(m.base[t] * wt for t, wt in zip(term_ids, w, strict=True)))
    floor = -np.inf
    if m.row_max is not None and min(w, default=0.0) >= 0:
        found, floor = _pruned(m, m.row_max, term_ids, w, k, lo, hi, base_sum)
        if found is not None:
            return _select(m, term_ids, weights, k, lo, hi, *found, base_sum)
    cand, partial, _ = score_candidates(m, term_ids, lo, hi, weights)
    if cand.size > 4 * _SAMPLE:
        sample = np.round(partial[:: cand.size // _SAMPLE] + base_sum, TIE_DECIMALS)
        if sample.size >= k:
            floor = max(floor, float(np.partition(sample, sample.size - k)[sample.size - k]))
    if floor > -np.inf:
        # Every top-k passage scores at least ``floor``, the k-th best of some candidates:
        # ranking only those is the same ranking, without rounding and partitioning them all.
        keep = partial >= floor - base_sum - _TIE_MARGIN
        cand, partial = cand[keep], partial[keep]
    return _select(m, term_ids, weights, k, lo, hi, cand, partial, base_sum)


def _select(m: Bm25Matrix, term_ids: list[int], weights: list[float] | None, k: int, lo: int,
            hi: int, cand: I64, partial: F64, base_sum: float) -> list[tuple[int, float]]:
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


def _pruned(m: Bm25Matrix, row_max: F64, term_ids: list[int], w: list[float], k: int, lo: int,
            hi: int, base_sum: float) -> tuple[tuple[I64, F64] | None, float]:
    """Candidates proven to hold the top ``k`` and their partial scores (MaxScore), or None
    when that needs too many; and the best lower bound found on the k-th best full score.

    Needs contributions ≥ 0 (weights ≥ 0, idf ≥ 0): then a partial sum so far is a lower bound.
    """
    if any(float(m.idf[t]) < 0 for t in term_ids):
        return None, -np.inf
    spans = [_span(m, t, lo, hi) for t in term_ids]
    bounds = [wt * float(row_max[t]) for t, wt in zip(term_ids, w, strict=True)]
    order = sorted(range(len(term_ids)), key=lambda i: (-bounds[i], spans[i][1] - spans[i][0]))
    rest = [0.0] * (len(order) + 1)
    for j in range(len(order) - 1, -1, -1):
        rest[j] = rest[j + 1] + bounds[order[j]]
    # Summing rows densely costs about their postings plus a pass over the range: pruning is
    # worth it only while candidates stay a small share of that.
    postings = sum(end - start for start, end in spans)
    limit = max(k, int(min(hi - lo, postings) * _PRUNE_SHARE))
    cand, acc = np.zeros(0, dtype=np.int32), np.zeros(0)
    floor = -np.inf
    for j, i in enumerate(order):
        start, end = spans[i]
        if cand.size + end - start > limit:
            return None, floor
        cand, acc = _merge(cand, acc, m.indices[start:end], m.data[start:end] * w[i])
        if j + 1 < len(order) and cand.size >= k:
            # The k-th best partial so far bounds the final k-th best from below; a passage
            # outside ``cand`` gets at most ``rest``, one inside at most its sum plus ``rest``.
            kth = float(np.partition(acc, acc.size - k)[acc.size - k]) * (1 - _BOUND_SLACK)
            floor = max(floor, round(kth + base_sum, TIE_DECIMALS))
            reach = rest[j + 1] * (1 + _BOUND_SLACK) + _BOUND_SLACK
            if round(reach + base_sum, TIE_DECIMALS) < floor:
                cand = cand[acc + reach >= kth - _TIE_MARGIN]
                break
    return (cand.astype(np.int64), _lookup(m, spans, w, cand)), floor


def _merge(cand: I32, acc: F64, rows: I32, vals: F64) -> tuple[I32, F64]:
    """Add one row's contributions to sorted candidates and their sums so far."""
    if not cand.size:
        return rows, np.array(vals, dtype=np.float64)
    union = np.union1d(cand, rows)
    out = np.zeros(union.size, dtype=np.float64)
    out[np.searchsorted(union, cand)] = acc
    out[np.searchsorted(union, rows)] += vals
    return union, out


def _span(m: Bm25Matrix, term: int, lo: int, hi: int) -> tuple[int, int]:
    """The postings of ``term`` for passages in ``[lo, hi)``, as a range of the row arrays."""
    start, end = int(m.indptr[term]), int(m.indptr[term + 1])
    if lo or hi != m.n_docs:
        a, z = np.searchsorted(m.indices[start:end], [lo, hi])
        start, end = start + int(a), start + int(z)
    return start, end


def _lookup(m: Bm25Matrix, spans: list[tuple[int, int]], w: list[float], cand: I32) -> F64:
    """Partial scores of the sorted passages ``cand``, summed in query order as rows are."""
    acc = np.zeros(cand.size, dtype=np.float64)
    for (start, end), wt in zip(spans, w, strict=True):
        if end == start:
            continue
        rows = m.indices[start:end]
        pos = np.searchsorted(rows, cand)
        np.minimum(pos, rows.size - 1, out=pos)
        hit = rows[pos] == cand
        vals = m.data[start:end][pos[hit]]
        acc[hit] += vals if wt == 1.0 else vals * wt
    return acc


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
