"""Incremental indexing: an index spliced from an old one ranks exactly as a full rebuild."""

from __future__ import annotations

import random

import numpy as np
import pytest

from index.bm25 import Bm25Params
from index.build import build_index, load_index, save_index
from index.models import Article
from index.searchindex import SearchIndex
from index.splice import splice_index

WORDS = (
    "minister army bridge council harbour election vote strike troops budget court judge "
    "hospital nurses river flood storm bank rates inflation market shares police arrest "
    "school teachers pupils museum painting festival music theatre airport flights"
).split()


def _article(rng: random.Random, article_id: str) -> Article:
    paragraphs = tuple(
        " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 30))).capitalize() + "."
        for _ in range(rng.randint(1, 6))
    )
    return Article(article_id, f"Story {article_id}", "example.com", paragraphs)


def _row(index: SearchIndex, term: str) -> dict[int, float]:
    """Passage → contribution of ``term`` (by its text, not its id)."""
    m = index.matrix
    tid = index.term_ids[term]
    lo, hi = int(m.indptr[tid]), int(m.indptr[tid + 1])
    return dict(zip(m.indices[lo:hi].tolist(), (m.data[lo:hi] + m.base[tid]).tolist(), strict=True))


def _assert_same(spliced: SearchIndex, full: SearchIndex) -> None:
    assert [m.to_json() for m in spliced.articles] == [m.to_json() for m in full.articles]
    assert spliced.n_passages == full.n_passages
    for i in range(full.n_passages):
        assert spliced.passage(i) == full.passage(i)
        got = [[spliced.terms[t] for t in s] for s in spliced.sentence_term_ids(i)]
        assert got == [[full.terms[t] for t in s] for s in full.sentence_term_ids(i)]
    assert sorted(spliced.terms) == sorted(full.terms)
    for term in full.terms:
        a, b = _row(spliced, term), _row(full, term)
        assert a.keys() == b.keys()
        assert np.allclose([a[k] for k in a], [b[k] for k in a], rtol=0, atol=1e-9)
    assert spliced.manifest["counts"] == full.manifest["counts"]


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("variant", ["okapi", "plus"])
def test_adding_and_removing_articles_ranks_as_a_full_rebuild(seed: int, variant: str) -> None:
    rng = random.Random(seed)
    params = Bm25Params(variant=variant)
    ids = sorted(f"{rng.randint(100, 999)}_{i}" for i in range(rng.randint(1, 12)))
    old = [_article(rng, i) for i in ids]
    removed = set(rng.sample(ids, rng.randint(0, len(ids) - 1)))
    replaced = [_article(rng, i) for i in ids if i not in removed and rng.random() < 0.2]
    added = [_article(rng, f"{rng.randint(0, 1200)}_new{i}") for i in range(rng.randint(0, 3))]
    new_by_id = {a.id: a for a in old if a.id not in removed}
    new_by_id.update({a.id: a for a in (*replaced, *added)})
    new = [new_by_id[k] for k in sorted(new_by_id, key=lambda k: f"{k}.txt")]

    spliced = splice_index(build_index(old, params), [*replaced, *added], removed, "h", params)
    _assert_same(spliced, build_index(new, params))


@pytest.mark.parametrize("where", ["a0", "m5b", "z9"])
def test_adding_to_the_front_middle_or_end_ranks_as_a_full_rebuild(where: str) -> None:
    rng = random.Random(where)
    old = [_article(rng, f"m{i}") for i in range(10)]
    extra = _article(rng, where)
    spliced = splice_index(build_index(old), [extra])
    _assert_same(spliced, build_index(sorted([*old, extra], key=lambda a: f"{a.id}.txt")))


def test_a_spliced_index_saves_and_loads_like_a_built_one(tmp_path: object) -> None:
    from pathlib import Path

    rng = random.Random(7)
    old = [_article(rng, f"a{i}") for i in range(5)]
    extra = _article(rng, "a2b")
    path = Path(str(tmp_path)) / "x.idx"
    save_index(splice_index(build_index(old), [extra], ["a0"], "hash"), path)
    loaded = load_index(path)
    _assert_same(loaded, build_index([*old[1:3], extra, *old[3:]]))
    assert loaded.manifest["corpus_hash"] == "hash"


def test_removing_every_article_but_one_keeps_only_its_terms() -> None:
    a = Article("a", "A", "x", ("Harbour bridge reopens to traffic.",))
    b = Article("b", "B", "x", ("Strikers march on parliament today.",))
    spliced = splice_index(build_index([a, b]), remove=["b"])
    assert sorted(spliced.terms) == sorted(build_index([a]).terms)
