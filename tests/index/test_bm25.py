"""BM25: the sparse matrix scores exactly as rank-bm25, the scorer of record."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from rank_bm25 import BM25L, BM25Okapi, BM25Plus

from index.bm25 import build_matrix, term_score
from index.bm25params import TUNED, VARIANTS, Bm25Params
from index.build import build_index
from index.errors import SettingsError
from index.models import Article
from index.scoring import TIE_DECIMALS, full_scores, term_contribution, top_k
from tests.asking import ask

REFERENCE = {"okapi": BM25Okapi, "l": BM25L, "plus": BM25Plus}
PARITY = settings(max_examples=150, deadline=None, database=None)


def comparable(docs: list[list[int]], params: Bm25Params) -> bool:
    """With b = 1 an empty passage has a zero length norm and rank-bm25 scores it 0/0 = nan
    (ours scores it as a passage lacking every term): such cases have no reference."""
    return params.b < 1.0 or all(docs)


def reference(variant: str, docs: list[list[int]], params: Bm25Params) -> BM25Okapi:
    corpus = [[f"t{t}" for t in doc] for doc in docs]
    if variant == "okapi":
        return BM25Okapi(corpus, k1=params.k1, b=params.b, epsilon=params.epsilon)
    return REFERENCE[variant](corpus, k1=params.k1, b=params.b, delta=params.effective_delta)


def reference_order(scores: np.ndarray, k: int, lo: int = 0, hi: int | None = None) -> list[int]:
    """rank-bm25's ranking, ties (to TIE_DECIMALS decimals) broken by passage order."""
    hi = len(scores) if hi is None else hi
    return sorted(range(lo, hi), key=lambda i: (-round(float(scores[i]), TIE_DECIMALS), i))[:k]


@st.composite
def corpora(draw: st.DrawFn, max_docs: int = 12) -> tuple[list[list[int]], int, list[int]]:
    """Passages as term-id lists over a small vocabulary (ties and repeats are common), and
    a query that may repeat terms."""
    n_terms = draw(st.integers(1, 8))
    docs = draw(
        st.lists(st.lists(st.integers(0, n_terms - 1), max_size=15), min_size=1, max_size=max_docs)
    )
    if not any(docs):  # rank-bm25 divides by the mean length: it needs one non-empty doc
        docs[0] = [0]
    query = draw(st.lists(st.integers(0, n_terms - 1), min_size=1, max_size=5))
    return docs, n_terms, query


params_strategy = st.builds(
    Bm25Params,
    variant=st.sampled_from(VARIANTS),
    k1=st.sampled_from([0.5, 1.2, 1.5, 2.0]),
    b=st.sampled_from([0.0, 0.3, 0.75, 1.0]),
)


@PARITY
@given(case=corpora(), params=params_strategy)
def test_full_scores_equal_rank_bm25(
    case: tuple[list[list[int]], int, list[int]], params: Bm25Params
) -> None:
    docs, n_terms, query = case
    assume(comparable(docs, params))
    expected = reference(params.variant, docs, params).get_scores([f"t{t}" for t in query])
    got = full_scores(build_matrix(docs, n_terms, params), query)
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-9)


@PARITY
@given(case=corpora(), params=params_strategy, k=st.integers(1, 14))
def test_top_k_order_equals_rank_bm25_order(
    case: tuple[list[list[int]], int, list[int]], params: Bm25Params, k: int
) -> None:
    docs, n_terms, query = case
    assume(comparable(docs, params))
    expected = reference(params.variant, docs, params).get_scores([f"t{t}" for t in query])
    ranked = top_k(build_matrix(docs, n_terms, params), query, k)
    assert [p for p, _ in ranked] == reference_order(expected, k)
    np.testing.assert_allclose(
        [s for _, s in ranked], expected[[p for p, _ in ranked]], rtol=0, atol=1e-9
    )


@PARITY
@given(case=corpora(), params=params_strategy, k=st.integers(1, 5), data=st.data())
def test_top_k_within_a_passage_range_equals_rank_bm25_order(
    case: tuple[list[list[int]], int, list[int]], params: Bm25Params, k: int, data: st.DataObject
) -> None:
    docs, n_terms, query = case
    assume(comparable(docs, params))
    lo = data.draw(st.integers(0, len(docs) - 1))
    hi = data.draw(st.integers(lo + 1, len(docs)))
    expected = reference(params.variant, docs, params).get_scores([f"t{t}" for t in query])
    ranked = top_k(build_matrix(docs, n_terms, params), query, k, lo, hi)
    assert [p for p, _ in ranked] == reference_order(expected, k, lo, hi)


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize(
    "docs",
    [
        [[0]],
        [[0, 1, 1]],
        [[0], [1]],
        [[0, 0], [0]],
        [[0], [0], [0]],
        [[0, 1], [1, 2], [2, 0]],
        [[1], [0, 1], []],
    ],
    ids=lambda d: str(d).replace(" ", ""),
)
def test_tiny_corpora_score_and_rank_as_rank_bm25(variant: str, docs: list[list[int]]) -> None:
    params = Bm25Params(variant=variant)
    m = build_matrix(docs, 3, params)
    for query in ([0], [1], [0, 1], [2, 2], [0, 1, 2]):
        expected = reference(variant, docs, params).get_scores([f"t{t}" for t in query])
        np.testing.assert_allclose(full_scores(m, query), expected, rtol=0, atol=1e-9)
        assert [p for p, _ in top_k(m, query, 3)] == reference_order(expected, 3)


def test_term_contributions_add_up_to_the_score() -> None:
    docs = [[0, 1, 1, 2], [1, 3], [2, 2, 0], [3]]
    m = build_matrix(docs, 4, Bm25Params())
    query = [0, 1, 3]
    for doc, score in enumerate(full_scores(m, query)):
        assert sum(term_contribution(m, t, doc) for t in query) == pytest.approx(score, abs=1e-12)


def test_query_weights_scale_each_terms_contribution() -> None:
    docs = [[0, 1], [1], [0, 0, 2]]
    m = build_matrix(docs, 3, Bm25Params())
    plain = [full_scores(m, [t]) for t in (0, 1)]
    np.testing.assert_allclose(
        full_scores(m, [0, 1], weights=[0.5, 2.0]),
        0.5 * plain[0] + 2.0 * plain[1],
        rtol=0,
        atol=1e-12,
    )


def test_k_zero_ranks_nothing() -> None:
    assert top_k(build_matrix([[0]], 1, Bm25Params()), [0], 0) == []


@pytest.mark.parametrize(
    "kwargs", [{"variant": "bm25f"}, {"k1": -1.0}, {"k1": 11.0}, {"b": 1.5}, {"b": -0.1}]
)
def test_out_of_range_parameters_are_settings_errors(kwargs: dict[str, object]) -> None:
    with pytest.raises(SettingsError):
        Bm25Params(**kwargs)  # type: ignore[arg-type]


def test_one_paragraph_article_still_answers_with_the_default_variant() -> None:
    text = "The embassy cat in Baghdad is called Larry and sleeps in the garden."
    index = build_index([Article("solo", "Embassy cat", "example.com", (text,))])
    assert index.params == TUNED
    ans = ask(index, "What is the embassy cat called?")
    assert not ans.abstained
    assert [h.passage.text for h in ans.hits] == [text]
    assert ans.hits[0].score > 0


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("seed", range(40))
def test_top_k_keeps_passage_order_among_scores_tied_but_for_rounding(
    variant: str, seed: int
) -> None:
    # With b = 1 and passages made of one repeated term, every passage scores the same in
    # exact arithmetic, but the floats differ in the last bits: the earliest must win.
    rng = random.Random(seed)
    docs = [[0] * rng.randint(1, 12) for _ in range(rng.randint(2, 25))]
    params = Bm25Params(variant=variant, k1=rng.choice([0.5, 1.2, 1.5, 2.0]), b=1.0)
    query = [0] * rng.randint(1, 6)
    expected = reference(variant, docs, params).get_scores([f"t{t}" for t in query])
    for k in (1, 2, len(docs) // 2 + 1):
        ranked = top_k(build_matrix(docs, 1, params), query, k)
        assert [p for p, _ in ranked] == reference_order(expected, k)


@pytest.mark.parametrize("seed", range(24))
def test_top_k_on_larger_zipfian_corpora_equals_rank_bm25_order(seed: int) -> None:
    # Hundreds of passages over a skewed vocabulary: long rows of common words next to rare
    # ones, the case where top_k may skip scoring passages it can prove out of the top k.
    rng = random.Random(seed)
    n_terms = rng.randint(20, 200)
    zipf = [1 / (rank + 1) for rank in range(n_terms)]
    docs = [rng.choices(range(n_terms), zipf, k=rng.randint(1, 30)) for _ in range(300)]
    query = rng.choices(range(n_terms), zipf, k=rng.randint(1, 6))
    params = Bm25Params(variant=VARIANTS[seed % 3], b=rng.choice([0.3, 0.75, 1.0]))
    expected = reference(params.variant, docs, params).get_scores([f"t{t}" for t in query])
    m = build_matrix(docs, n_terms, params)
    lo = rng.choice([0, rng.randrange(150)])
    for k in (1, 3, 10):
        assert [p for p, _ in top_k(m, query, k, lo)] == reference_order(expected, k, lo)


@pytest.mark.parametrize("variant", VARIANTS)
def test_term_score_is_what_a_passage_of_the_matrix_gets(variant: str) -> None:
    docs = [[0, 1, 1, 2], [1, 3], [2, 2, 0, 0, 0], [3]]
    params = Bm25Params(variant=variant, b=0.4)
    m = build_matrix(docs, 4, params)
    avgdl = sum(map(len, docs)) / len(docs)
    for p, doc in enumerate(docs):
        norm = 1 - params.b + params.b * len(doc) / avgdl
        for t in set(doc):
            got = term_score(params, float(m.idf[t]), float(doc.count(t)), norm)
            want = term_contribution(m, t, p)
            assert got == pytest.approx(want, abs=1e-12), (p, t)
