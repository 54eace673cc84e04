"""General English as a background to a corpus's idf: how rare a word is, beyond the corpus.

BM25's idf says how few passages of the corpus hold a word. Over a corpus of one article or a
few, that says little: every word the article uses once looks as rare as a name, "said" and
"year" as telling as "Soleimani". So the idf counts, beside the corpus's passages,
``BACKGROUND_PASSAGES`` passages of general English, a word being in as many of them as its
frequency in English (symspellpy's counts, ``index.english``) and the corpus's mean passage
length give: ``df + background``, over ``n + BACKGROUND_PASSAGES`` passages. A large corpus
outweighs the background, and a word English lacks (a name) has none. Chosen on the news
development sets, each question asked of its own article alone (as a user with one article
asks) and of the set's articles together, and on SQuAD (docs/quality.md, round 6).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from index.bm25 import Background
from index.english import english

BACKGROUND_PASSAGES = 100


def background_df(
    forms: Sequence[str], form_terms: np.ndarray[Any, Any], n_terms: int, mean_length: float
) -> np.ndarray[Any, np.dtype[np.float64]]:
    """For each of ``n_terms`` terms, how many of the background passages hold it: ``forms``
    are the corpus's word forms and ``form_terms`` the term of each (a term's forms' English
    counts add up), ``mean_length`` the corpus's mean passage length in terms."""
    table = english()
    counts = table.counts_of(forms).astype(np.float64)
    per_term = np.bincount(np.asarray(form_terms, dtype=np.int64), counts, minlength=n_terms)
    share = per_term / max(table.total, 1) * max(mean_length, 1.0)
    out: np.ndarray[Any, np.dtype[np.float64]] = BACKGROUND_PASSAGES * np.minimum(1.0, share)
    return out


def corpus_background(
    forms: Sequence[str],
    form_terms: np.ndarray[Any, Any],
    n_terms: int,
    doc_len: np.ndarray[Any, Any],
) -> Background:
    """The background to a corpus's idf: its word forms, the term of each, its term count and
    its passages' lengths."""
    mean = float(doc_len.mean()) if doc_len.size else 0.0
    return Background(BACKGROUND_PASSAGES, background_df(forms, form_terms, n_terms, mean))


__all__ = ["BACKGROUND_PASSAGES", "background_df", "corpus_background"]
