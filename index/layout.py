"""The arrays of an index file, named once for the builder (``index.build``) and the readers
(``index.build.load_index``, ``index.searchindex``).

Per passage (offsets have one more entry, starting at 0): where its text, sentences and
sentence tokens start; per sentence: its span and where its tokens start; per token: its term
id; then the look-up tables (``index.lookups``: vocabulary, word forms, English, headline
terms), the BM25 matrix (``bm25_*``) and its per-article postings (``index.articlepostings``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from index.articlepostings import ARTICLE_ARRAYS, article_postings
from index.bm25 import Bm25Matrix
from index.lookups import LOOKUP_ARRAYS


def matrix_array(name: str) -> str:
    """The file's name for one array of the BM25 matrix."""
    return f"bm25_{name}"


def searched(matrix: Bm25Matrix, passage_article: np.ndarray[Any, Any]) -> dict[str, Any]:
    """The arrays ranking and article choice read, by file name: the BM25 matrix's and its
    per-article postings (passage ``p`` is of article ``passage_article[p]``)."""
    out: dict[str, Any] = {matrix_array(k): getattr(matrix, k) for k in MATRIX_ARRAYS}
    return out | article_postings(matrix, passage_article)


MATRIX_ARRAYS = ("indptr", "indices", "data", "base", "idf", "df", "doc_len", "tf")
# Saved in this order after text_blob; doc_len (passage lengths) feeds the matrix only.
OFFSET_COLUMNS = ("text_offsets", "sent_offsets", "sent_tok_offsets")
COLUMNS = (
    *OFFSET_COLUMNS,
    "sent_start",
    "sent_end",
    "tok_flat",
    "passage_para",
    "passage_part",
    "passage_article",
    "doc_len",
)
# Every array of an index file (load checks each is there).
ARRAYS = (
    "text_blob",
    *(k for k in COLUMNS if k != "doc_len"),
    *LOOKUP_ARRAYS,
    *(matrix_array(k) for k in MATRIX_ARRAYS),
    *ARTICLE_ARRAYS,
)


__all__ = ["ARRAYS", "COLUMNS", "MATRIX_ARRAYS", "OFFSET_COLUMNS", "matrix_array", "searched"]
