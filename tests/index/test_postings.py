"""The matrix built block by block is build_matrix_flat's, array for array."""

from __future__ import annotations

import numpy as np
import pytest

from index.background import corpus_background
from index.bm25 import build_matrix_flat
from index.bm25params import TUNED, VARIANTS, Bm25Params
from index.build import build_index
from index.layout import MATRIX_ARRAYS, matrix_array
from index.models import Article
from index.postings import PostingBlocks


def _random_corpus(seed: int, passages: int, n_terms: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    lengths = rng.integers(0, 40, passages)
    # Zipf-like ids: a few terms in most passages, many in one, some never used.
    terms = np.minimum(rng.zipf(1.3, int(lengths.sum())) - 1, n_terms - 1)
    return terms.astype(np.int32), lengths.astype(np.int32)


def _in_blocks(terms: np.ndarray, lengths: np.ndarray, block_tokens: int) -> PostingBlocks:
    """The passages added a few at a time (1 to 49), as the builder adds chunks."""
    blocks = PostingBlocks(block_tokens)
    ends = np.concatenate(([0], np.cumsum(lengths)))
    start = 0
    for size in np.random.default_rng(block_tokens).integers(1, 50, lengths.size):
        stop = min(start + int(size), lengths.size)
        blocks.add(terms[ends[start] : ends[stop]], lengths[start:stop])
        start = stop
    return blocks


@pytest.mark.parametrize("block_tokens", [1, 57, 1000, 1 << 23])
@pytest.mark.parametrize("seed", [0, 1])
def test_blocks_of_any_size_give_the_flat_builds_arrays(block_tokens: int, seed: int) -> None:
    terms, lengths = _random_corpus(seed, 700, 300)
    for params in (TUNED, *(Bm25Params(variant=v) for v in VARIANTS)):
        flat = build_matrix_flat(terms, lengths, 300, params)
        merged = _in_blocks(terms, lengths, block_tokens).matrix(lengths, 300, params)
        for name in MATRIX_ARRAYS:
            a, b = getattr(flat, name), getattr(merged, name)
            assert a.dtype == b.dtype and a.tobytes() == b.tobytes(), (params, name)


def test_an_indexs_matrix_is_the_flat_build_of_its_own_tokens() -> None:
    words = [f"w{i}x" for i in range(400)]
    rng = np.random.default_rng(3)
    articles = [
        Article(
            f"a{n}",
            f"Headline {n}",
            "x.com",
            tuple(
                " ".join(rng.choice(words, int(rng.integers(5, 30)))) + "."
                for _ in range(int(rng.integers(1, 6)))
            ),
        )
        for n in range(120)
    ]
    index = build_index(articles)
    arrays = index.arrays
    n_terms = int(arrays[matrix_array("indptr")].size) - 1
    m = index.matrix
    bg = corpus_background(arrays["term_english"], m.doc_len)
    flat = build_matrix_flat(arrays["tok_flat"], m.doc_len, n_terms, TUNED, bg)
    for name in MATRIX_ARRAYS:
        a, b = getattr(flat, name), arrays[matrix_array(name)]
        assert a.dtype == b.dtype and a.tobytes() == b.tobytes(), name
