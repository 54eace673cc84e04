"""Per-article postings: for each term, the articles holding it, with its frequency summed over
each article and its best contribution in any of the article's passages.

Article choice (``index.choice``) reads, for every question word, which articles hold it, its
BM25 in each as one document (from the summed frequency) and its best passage contribution
in each. Derived from the BM25 matrix at build time and stored in the index file (term-major
CSR, like the matrix), it is a slice at question time instead of a pass over the word's
postings. The values are exactly what that pass gives: integer sums and maxima of the same
float64 contributions.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from index.bm25 import Bm25Matrix

Arr = np.ndarray[Any, Any]
# Names in the index file: row starts (per term, n_terms + 1), then per (term, article): the
# article, the term's frequency summed over the article, its best passage contribution.
ARTICLE_ARRAYS = ("art_indptr", "art_article", "art_tf", "art_most")
# Terms of fewer postings are left out (their rows empty): a pass over a short row at question
# time costs little, and most terms are rare (docs/performance.md, "round 5").
STORED_FROM = 256
# Postings handled at once while building (bounds the temporary arrays at a million passages).
_BLOCK = 1 << 23


def article_postings(
    matrix: Bm25Matrix, passage_article: Arr, stored_from: int | None = None
) -> dict[str, Arr]:
    """The per-article postings of ``matrix`` whose passage ``p`` belongs to article
    ``passage_article[p]`` (ascending: an article's passages are contiguous), for the terms
    of at least ``stored_from`` postings (``STORED_FROM``; the others' rows are empty)."""
    stored_from = STORED_FROM if stored_from is None else stored_from
    indptr = np.asarray(matrix.indptr, dtype=np.int64)
    n_terms = int(indptr.size) - 1
    counts = np.zeros(n_terms, dtype=np.int64)
    articles: list[Arr] = []
    tfs: list[Arr] = []
    most: list[Arr] = []
    row = 0
    while row < n_terms:
        lo = int(indptr[row])
        end = max(row + 1, int(np.searchsorted(indptr, lo + _BLOCK, side="right")) - 1)
        hi = int(indptr[end])
        if hi > lo:
            owners = passage_article[matrix.indices[lo:hi]]
            # A new run where the article changes or a new term's row starts (postings are in
            # passage order within a row, so each article of a row is one run).
            starts = np.zeros(hi - lo, dtype=bool)
            starts[0] = True
            np.not_equal(owners[1:], owners[:-1], out=starts[1:])
            starts[indptr[row:end][indptr[row:end] < hi] - lo] = True
            firsts = np.flatnonzero(starts)
            # Runs a row holds: runs begun before its end less those begun before its start.
            runs = np.diff(np.searchsorted(firsts, indptr[row : end + 1] - lo))
            stored = np.diff(indptr[row : end + 1]) >= stored_from
            kept = np.repeat(stored, runs)
            articles.append(owners[firsts[kept]].astype(np.int32, copy=False))
            tfs.append(np.add.reduceat(matrix.tf[lo:hi].astype(np.int32), firsts)[kept])
            most.append(np.maximum.reduceat(matrix.data[lo:hi], firsts)[kept])
            counts[row:end] = np.where(stored, runs, 0)
        row = end
    out_indptr = np.zeros(n_terms + 1, dtype=np.int64)
    np.cumsum(counts, out=out_indptr[1:])
    # Joined one array at a time, each one's blocks let go at once (a lower peak at 1M).
    return {
        "art_indptr": out_indptr,
        "art_most": _joined(most, np.float64),
        "art_article": _joined(articles, np.int32),
        "art_tf": _joined(tfs, np.int32),
    }


def term_postings(matrix: Bm25Matrix, passage_article: Arr, term_id: int) -> tuple[Arr, Arr, Arr]:
    """One term's per-article postings from a pass over its postings, as article choice
    reads a term too rare to be stored: the articles holding it, its frequency summed over
    each (float64) and its best contribution in each (each article's passages are one run of
    the postings, which are in passage order)."""
    start, end = matrix.indptr[term_id : term_id + 2].tolist()
    owners = passage_article[matrix.indices[start:end]]
    if not owners.size:
        return owners, np.zeros(0), np.zeros(0)
    firsts = np.concatenate(([0], np.flatnonzero(owners[1:] != owners[:-1]) + 1))
    tf = np.add.reduceat(matrix.tf[start:end].astype(np.float64), firsts)
    return owners[firsts], tf, np.maximum.reduceat(matrix.data[start:end], firsts)


def _joined(parts: list[Arr], dtype: type) -> Arr:
    """The blocks as one array (the list emptied)."""
    out: Arr = np.concatenate(parts).astype(dtype, copy=False) if parts else np.zeros(0, dtype)
    parts.clear()
    return out


__all__ = ["ARTICLE_ARRAYS", "article_postings", "term_postings"]
