"""General English as a background to idf: in a small corpus a common English word is less
telling than a name used as often; in a large one the corpus decides."""

from __future__ import annotations

import numpy as np
import pytest

from index.background import BACKGROUND_PASSAGES, corpus_background, term_english
from index.bm25 import build_matrix_flat
from index.bm25params import TUNED
from index.build import build_index
from index.models import Article
from index.searchindex import SearchIndex
from index.splice import splice_index

ONE = Article(
    "one",
    "Talks resume",
    "example.com",
    (
        "The minister said the talks would resume in the spring.",
        "Soleimani was named in the report.",
        "Officials expect a deal before the summer.",
    ),
)


def _idf(index: SearchIndex, form: str) -> float:
    term = index.term_of(form)
    assert term is not None
    return float(index.matrix.idf[term])


def test_in_one_article_a_common_word_weighs_less_than_a_name_used_as_often() -> None:
    index = build_index([ONE])
    assert _idf(index, "said") < _idf(index, "soleimani")
    assert _idf(index, "report") < _idf(index, "soleimani")


def test_a_word_english_lacks_has_no_background_and_a_common_one_has_some() -> None:
    counts = term_english(["soleimani", "said", "the"], np.array([0, 1, 2]), 3)
    df = corpus_background(counts, np.array([12, 12])).df
    assert df[0] == 0.0 and 0.0 < df[1] <= df[2] <= BACKGROUND_PASSAGES


def test_forms_of_one_term_add_up_and_a_term_without_forms_has_none() -> None:
    one = term_english(["said"], np.array([0]), 2)
    both = term_english(["said", "says"], np.array([0, 0]), 2)
    assert both[0] > one[0] > 0 and both[1] == 0


def test_the_index_keeps_each_terms_english_count() -> None:
    index = build_index([ONE])
    said = index.term_of("said")
    assert said is not None and index.arrays["term_english"][said] > 0


def test_a_large_corpus_outweighs_the_background() -> None:
    rng = np.random.default_rng(1)
    n_terms, passages = 50, 20_000
    lengths = rng.integers(5, 20, passages)
    terms = rng.integers(0, n_terms, int(lengths.sum()))
    forms = ["said", "year", "minister", *(f"zq{i}" for i in range(n_terms - 3))]
    bg = corpus_background(term_english(forms, np.arange(n_terms), n_terms), lengths)
    plain = build_matrix_flat(terms, lengths, n_terms, TUNED)
    smoothed = build_matrix_flat(terms, lengths, n_terms, TUNED, bg)
    np.testing.assert_allclose(smoothed.idf, plain.idf, rtol=0.01)
    assert not np.array_equal(smoothed.idf[:3], plain.idf[:3])  # there, yet small


def test_an_added_article_gets_the_background_a_full_build_gives() -> None:
    other = Article("two", "Markets", "example.com", ("Shares fell as the minister spoke.",))
    spliced = splice_index(build_index([ONE]), [other])
    full = build_index([ONE, other])
    np.testing.assert_allclose(spliced.matrix.idf, full.matrix.idf, rtol=0, atol=1e-12)
    assert _idf(full, "minister") == pytest.approx(_idf(spliced, "minister"))
