"""Article choice's passage pool read from the summed scores: each article's first passage
among the best k, exactly as listing the top k (``index.scoring.top_k``) gives it."""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import pytest

from index.bm25params import VARIANTS, Bm25Params
from index.build import build_index
from index.models import Article
from index.pool import pool_best
from index.scoring import top_k
from index.searchindex import SearchIndex


def _corpus(rng: random.Random, n: int) -> list[Article]:
    words = [f"w{i}" for i in range(rng.randint(3, 30))]
    pick = [words[min(int(rng.paretovariate(1.1)) - 1, len(words) - 1)] for _ in range(300)]
    paragraphs = [
        " ".join(rng.choice(pick) for _ in range(rng.randint(1, 12))) + "." for _ in range(40)
    ]
    # Paragraphs drawn from a small stock: equal passages, so equal scores, across articles.
    return [
        Article(
            f"a{i:03d}", "Story", "example.com", tuple(rng.choices(paragraphs, k=rng.randint(1, 5)))
        )
        for i in range(n)
    ]


def _listed(ix: SearchIndex, ids: list[int], weights: list[float], k: int) -> tuple[Any, Any]:
    """Each article's first positive score in the listed top k, by article."""
    owner = ix.arrays["passage_article"]
    firsts: dict[int, float] = {}
    for p, score in top_k(ix.matrix, ids, k, weights=weights):
        if score > 0:
            firsts.setdefault(int(owner[p]), score)
    articles = sorted(firsts)
    return np.array(articles, dtype=np.int64), np.array([firsts[a] for a in articles])


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("variant", VARIANTS)
def test_each_articles_best_pool_passage_is_the_one_listing_the_top_k_gives(
    seed: int, variant: str
) -> None:
    rng = random.Random(seed)
    ix = build_index(_corpus(rng, rng.choice((2, 20, 60))), Bm25Params(variant=variant))
    owner = ix.arrays["passage_article"]
    for _ in range(20):
        ids = [rng.randrange(ix.matrix.n_terms) for _ in range(rng.randint(1, 6))]
        weights = [rng.choice((1.0, 1.0, 0.5, 0.35, 2.0)) for _ in ids]
        k = rng.choice((1, 3, 10, 40, 100))
        got = pool_best(ix.matrix, owner, ids, weights, k)
        want = _listed(ix, ids, weights, k)
        assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1])


def test_a_query_of_no_terms_pools_nothing_positive() -> None:
    ix = build_index(_corpus(random.Random(2), 5))
    articles, scores = pool_best(ix.matrix, ix.arrays["passage_article"], [], [], 10)
    assert articles.size == 0 and scores.size == 0
