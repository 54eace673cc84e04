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


def term_english(
    forms: Sequence[str], form_terms: np.ndarray[Any, Any], n_terms: int
) -> np.ndarray[Any, np.dtype[np.int64]]:
    """How often each of ``n_terms`` terms occurs in English: the counts of its word forms
    (``forms``, the term of each in ``form_terms``) added up; 0 for a term English lacks.
    Kept in the index (``term_english``), so adding an article looks up only its new forms."""
    counts = english().counts_of(forms).astype(np.float64)
    terms = np.asarray(form_terms, dtype=np.int64)
    return np.bincount(terms, counts, minlength=n_terms)[:n_terms].astype(np.int64)


def corpus_background(per_term: np.ndarray[Any, Any], doc_len: np.ndarray[Any, Any]) -> Background:
    """The background to a corpus's idf from its terms' English counts (:func:`term_english`)
    and its passages' lengths: each term in ``BACKGROUND_PASSAGES`` times the share of a
    passage's words its English frequency gives, at most every one of them."""
    mean = float(doc_len.mean()) if doc_len.size else 0.0
    share = per_term / max(english().total, 1) * max(mean, 1.0)
    return Background(BACKGROUND_PASSAGES, BACKGROUND_PASSAGES * np.minimum(1.0, share))


__all__ = ["BACKGROUND_PASSAGES", "corpus_background", "term_english"]
