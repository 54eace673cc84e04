"""Per-article postings stored in the index, and article choice read from them: exactly what
a pass over every question word's postings and dense per-article arrays give."""

from __future__ import annotations

import math
import random
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from index import articlepostings, choice
from index.bm25params import VARIANTS, Bm25Params
from index.build import build_index, load_index, save_index
from index.models import Article
from index.query import Query, QueryTerm
from index.scoring import top_k
from index.searchindex import SearchIndex
from index.splice import splice_index

F64 = np.ndarray[Any, np.dtype[np.float64]]


@pytest.fixture(
    autouse=True, params=[1, 8, articlepostings.STORED_FROM], ids=["all", "mixed", "default"]
)
def stored_from(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    """Each test with every term's per-article postings stored, and with only longer rows'
    (the rest read from the postings at question time)."""
    monkeypatch.setattr(articlepostings, "STORED_FROM", request.param)
    return int(request.param)


def _corpus(rng: random.Random, n: int) -> list[Article]:
    words = [f"w{i}" for i in range(rng.randint(3, 40))]
    # Zipf-like: a few words in most passages, many in a few
    pick = [words[min(int(rng.paretovariate(1.1)) - 1, len(words) - 1)] for _ in range(400)]
    return [
        Article(
            f"a{i:03d}",
            " ".join(rng.sample(words, min(3, len(words)))),
            "example.com",
            tuple(
                " ".join(rng.choice(pick) for _ in range(rng.randint(1, 25))) + "."
                for _ in range(rng.randint(1, 6))
            ),
        )
        for i in range(n)
    ]


def _pass(index: SearchIndex, term_id: int) -> tuple[Any, Any, Any]:
    """A term's articles, summed frequency and best contribution, from its postings."""
    m = index.matrix
    start, end = int(m.indptr[term_id]), int(m.indptr[term_id + 1])
    owners = index.arrays["passage_article"][m.indices[start:end]]
    if not owners.size:
        return owners, np.zeros(0), np.zeros(0)
    firsts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])
    tf = np.add.reduceat(m.tf[start:end].astype(np.float64), firsts)
    return owners[firsts], tf, np.maximum.reduceat(m.data[start:end], firsts)


def _assert_stored_as_passed(index: SearchIndex) -> None:
    """Every term of at least ``STORED_FROM`` postings stored as a pass gives, the others not."""
    m = index.matrix
    assert index.arrays["art_indptr"].size == m.n_terms + 1
    for t in range(m.n_terms):
        held, tf, most = index.term_articles(t)
        if int(m.indptr[t + 1] - m.indptr[t]) < articlepostings.STORED_FROM:
            assert held.size == tf.size == most.size == 0
            continue
        want = _pass(index, t)
        assert np.array_equal(held, want[0])
        assert np.array_equal(tf.astype(np.float64), want[1])
        assert np.array_equal(most, want[2])  # the same floats, to the bit


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("variant", VARIANTS)
def test_stored_per_article_postings_equal_a_pass_over_each_terms_postings(
    seed: int, variant: str
) -> None:
    rng = random.Random(seed)
    _assert_stored_as_passed(
        build_index(_corpus(rng, rng.randint(1, 30)), Bm25Params(variant=variant))
    )


def test_per_article_postings_built_in_many_blocks_equal_those_built_in_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ix = build_index(_corpus(random.Random(11), 40))
    whole = articlepostings.article_postings(ix.matrix, ix.arrays["passage_article"])
    monkeypatch.setattr(articlepostings, "_BLOCK", 7)
    blocks = articlepostings.article_postings(ix.matrix, ix.arrays["passage_article"])
    assert whole.keys() == blocks.keys()
    for name in whole:
        assert whole[name].dtype == blocks[name].dtype
        assert np.array_equal(whole[name], blocks[name])


def test_a_spliced_index_stores_the_per_article_postings_of_its_own_matrix() -> None:
    rng = random.Random(5)
    old = _corpus(rng, 12)
    added = Article("a005b", "w1 w2", "example.com", ("w1 w1 w3 w2.", "w0 w4."))
    spliced = splice_index(build_index(old), [added], ["a003", "a009"])
    _assert_stored_as_passed(spliced)


def test_a_saved_index_loads_its_per_article_postings(tmp_path: Path) -> None:
    ix = build_index(_corpus(random.Random(3), 10))
    save_index(ix, tmp_path / "x.idx")
    loaded = load_index(tmp_path / "x.idx")
    for name in articlepostings.ARTICLE_ARRAYS:
        assert np.array_equal(loaded.arrays[name], ix.arrays[name])
    _assert_stored_as_passed(loaded)


def _dense_scores(index: SearchIndex, query: Query) -> F64:
    """Article scores as first written: dense arrays of every article per term and slot,
    each term's per-article figures from a pass over its postings."""
    m, n = index.matrix, len(index.articles)
    lengths = np.bincount(index.arrays["passage_article"], weights=m.doc_len, minlength=n).astype(
        np.float64
    )
    norms = choice.K1 * (1 - choice.B + choice.B * lengths / max(float(lengths.mean()), 1.0))
    by_slot: dict[tuple[bool, int], F64] = {}
    whole: dict[tuple[bool, int], F64] = {}
    total = np.zeros(n, dtype=np.float64)
    for t in query.terms:
        held, tf, most = _pass(index, t.term_id)
        key = (t.carried, t.slot if not t.carried else t.term_id)
        best = np.zeros(n, dtype=np.float64)
        best[held] = most if t.weight == 1.0 else most * t.weight
        by_slot[key] = np.maximum(by_slot[key], best) if key in by_slot else best
        if held.size:
            idf = math.log((n - held.size + 0.5) / (held.size + 0.5) + 1.0)
            values = idf * tf * (choice.K1 + 1) / (tf + norms[held])
            w = whole.setdefault(key, np.zeros(n, dtype=np.float64))
            w[held] = np.maximum(w[held], values * t.weight)
        titled = index.headline_articles(t.term_id)
        if len(titled):
            total[titled] += choice.TITLE_WEIGHT * float(m.idf[t.term_id]) * t.weight
    for best in by_slot.values():
        total += best
    bm25 = np.zeros(n, dtype=np.float64)
    for w in whole.values():
        bm25 += w
    total += choice.ARTICLE_BM25 * bm25
    ids, weights = [t.term_id for t in query.terms], [t.weight for t in query.terms]
    pool = top_k(m, ids, choice.PASSAGE_POOL, weights=weights)
    scores = np.array([s for _, s in pool], dtype=np.float64)
    owners = index.arrays["passage_article"][np.array([p for p, _ in pool], dtype=np.int64)]
    articles, first = np.unique(owners[scores > 0], return_index=True)
    total[articles] += choice.BEST_PASSAGE * scores[scores > 0][first]
    return total


def _query(index: SearchIndex, rng: random.Random) -> Query:
    """Random question words, some carried or related (weights below 1), in shared slots."""
    terms = []
    for i in range(rng.randint(1, 7)):
        tid = rng.randrange(index.matrix.n_terms)
        carried = rng.random() < 0.3
        weight = rng.choice((1.0, 1.0, 0.5, 0.35, 2.0, 0.0, -0.5))  # none below 0 in use
        terms.append(QueryTerm(index.terms[tid], tid, weight, carried, rng.randint(0, max(i, 1))))
    return Query("?", tuple(terms))


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("variant", VARIANTS)
def test_article_scores_equal_dense_scores_over_every_article(seed: int, variant: str) -> None:
    rng = random.Random(seed)
    # Tiny corpora too: Okapi's idf floor makes contributions negative there.
    ix = build_index(_corpus(rng, rng.choice((2, 3, 25))), Bm25Params(variant=variant))
    for _ in range(15):
        query = _query(ix, rng)
        got, want = choice.article_scores(ix, query), _dense_scores(ix, query)
        assert np.array_equal(got, want), (query, got, want)


@pytest.mark.parametrize("top", [1, 2, 3, 4, 5, 8])
def test_the_best_articles_are_a_stable_sorts_first_ties_by_number(top: int) -> None:
    rng = np.random.default_rng(top)
    for size in (1, 2, 5, 40, 700, 3000):
        # few distinct values: many ties, zeros among them
        scores = rng.integers(0, 4, size).astype(np.float64) * 0.75
        want = np.argsort(-scores, kind="stable")[:top].tolist()
        assert choice._best(scores, top) == want
