"""The BM25 matrix of a corpus built block by block: postings sorted per block, then placed.

Passages arrive in order (:mod:`index.build` adds chunk after chunk). Every block of about
:data:`BLOCK_TOKENS` tokens is sorted into its own postings (term-major, passages ascending)
and kept compact (term, passage, frequency: 12 bytes a posting); at the end each block's
postings go straight to their places in the final arrays, after the earlier blocks' postings
of the same term (their passages are all smaller). The result is the one
:func:`index.bm25.build_matrix_flat` gives, array for array, without its sort keys over every
token of the corpus (8 bytes a token, 3.5 GB at 10 million passages) and their copies.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from index.bm25 import Background, Bm25Matrix, matrix_of_postings, postings_of
from index.bm25params import Bm25Params

# Tokens sorted at once: large enough that a block's per-term bookkeeping is cheap.
BLOCK_TOKENS = 1 << 23

Ints = np.ndarray[Any, Any]


class PostingBlocks:
    """Postings of passages added in order, in blocks; :meth:`matrix` merges them."""

    def __init__(self, block_tokens: int = BLOCK_TOKENS) -> None:
        self.block_tokens = block_tokens
        self.blocks: list[tuple[Ints, Ints, Ints]] = []
        self._terms: list[Ints] = []
        self._lengths: list[Ints] = []
        self._pending = 0
        self.passages = 0  # passages in the blocks so far

    def add(self, terms: Ints, lengths: Ints) -> None:
        """Some passages' term ids end to end and their lengths (the next passages)."""
        self._terms.append(terms)
        self._lengths.append(lengths)
        self._pending += int(terms.size)
        if self._pending >= self.block_tokens:
            self._flush()

    def _flush(self) -> None:
        if not self._lengths:
            return
        terms = np.concatenate(self._terms).astype(np.int64)
        lengths = np.concatenate(self._lengths).astype(np.int64)
        self._terms, self._lengths, self._pending = [], [], 0
        term_of, docs, tf = postings_of(terms, lengths)
        del terms
        docs += self.passages
        self.blocks.append((term_of.astype(np.int32), docs, tf))
        self.passages += int(lengths.size)

    def matrix(
        self,
        doc_len: Ints,
        n_terms: int,
        params: Bm25Params,
        background: Background | None = None,
    ) -> Bm25Matrix:
        """The BM25 matrix of every passage added, ``doc_len`` their lengths (idf counting the
        ``background`` passages too, when given)."""
        self._flush()
        per_block = [np.bincount(t, minlength=n_terms) for t, _, _ in self.blocks]
        counts = np.zeros(n_terms, dtype=np.int64)
        for c in per_block:
            counts += c
        indptr = np.zeros(n_terms + 1, dtype=np.int64)
        np.cumsum(counts, out=indptr[1:])
        size = int(indptr[-1])
        docs_out = np.empty(size, dtype=np.int32)
        tf_out = np.empty(size, dtype=np.int32)
        cursor = indptr[:-1].copy()  # where each term's next posting goes
        while self.blocks:
            term_of, docs, tf = self.blocks.pop(0)
            c = per_block.pop(0)
            first = np.cumsum(c) - c  # where each term's postings start within the block
            at = cursor[term_of] + (np.arange(term_of.size, dtype=np.int64) - first[term_of])
            docs_out[at] = docs
            tf_out[at] = tf
            cursor += c
            del term_of, docs, tf, at
        lengths = doc_len.astype(np.int32)
        return matrix_of_postings(params, indptr, docs_out, tf_out, lengths, background)


__all__ = ["BLOCK_TOKENS", "PostingBlocks"]
