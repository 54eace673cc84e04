"""Incremental indexing: an index spliced from an old one ranks exactly as a full rebuild."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.bm25 import Bm25Matrix, Bm25Params, Splice, build_matrix_flat, splice_matrix
from index.bm25params import VARIANTS
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


def _row(index: SearchIndex, term: str) -> dict[int, tuple[float, int]]:
    """Passage → contribution and frequency of ``term`` (by its text, not its id), in the
    row's order."""
    m = index.matrix
    tid = index.term_ids[term]
    lo, hi = int(m.indptr[tid]), int(m.indptr[tid + 1])
    weights = (m.data[lo:hi] + m.base[tid]).tolist()
    return dict(
        zip(m.indices[lo:hi].tolist(), zip(weights, m.tf[lo:hi].tolist(), strict=True), strict=True)
    )


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
        assert list(a) == list(b)  # same passages, in the same (ascending) order
        assert [a[k][1] for k in a] == [b[k][1] for k in a]
        assert np.allclose([a[k][0] for k in a], [b[k][0] for k in a], rtol=0, atol=1e-9)
    assert spliced.manifest["counts"] == full.manifest["counts"]


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("variant", VARIANTS)
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


def _same_matrix(got: Bm25Matrix, want: Bm25Matrix) -> None:
    for name in ("indptr", "indices", "tf", "df", "doc_len"):
        assert getattr(got, name).tolist() == getattr(want, name).tolist(), name
    for name in ("data", "base", "idf"):
        assert np.allclose(getattr(got, name), getattr(want, name), rtol=0, atol=1e-9), name


@st.composite
def _changes(draw: st.DrawFn) -> tuple[list[list[int]], list[bool], list[list[int]], list[int]]:
    """Old passages, which of them are kept, added passages and where each goes (its rank
    among the kept ones; term ids may be new ones)."""
    passage = st.lists(st.integers(0, 9), max_size=12)
    old = draw(st.lists(passage, min_size=1, max_size=15))
    kept = draw(st.lists(st.booleans(), min_size=len(old), max_size=len(old)))
    added = draw(st.lists(passage, max_size=6))
    n_kept = sum(kept)
    at = sorted(draw(st.lists(st.integers(0, n_kept), min_size=len(added), max_size=len(added))))
    return old, kept, added, at


@settings(max_examples=200, deadline=None, database=None)
@given(change=_changes(), variant=st.sampled_from(VARIANTS))
def test_a_spliced_matrix_equals_the_matrix_built_from_scratch(
    change: tuple[list[list[int]], list[bool], list[list[int]], list[int]], variant: str
) -> None:
    old, kept, added, at = change
    params = Bm25Params(variant=variant)
    # The new passage order: kept old passages, each added one inserted at its rank.
    order: list[tuple[str, int]] = [("old", i) for i, k in enumerate(kept) if k]
    for j, pos in reversed(list(enumerate(at))):
        order.insert(pos, ("new", j))
    new_docs = [old[i] if kind == "old" else added[i] for kind, i in order]
    flat = lambda docs: np.array([t for d in docs for t in d], dtype=np.int64)  # noqa: E731
    lengths = lambda docs: np.array([len(d) for d in docs], dtype=np.int64)  # noqa: E731
    # Terms no passage uses any more are dropped, the others keep their order.
    used = sorted({t for d in new_docs for t in d})
    term_map = np.full(10, -1, dtype=np.int32)
    term_map[used] = np.arange(len(used), dtype=np.int32)
    doc_map = np.full(len(old), -1, dtype=np.int64)
    for new, (kind, i) in enumerate(order):
        if kind == "old":
            doc_map[i] = new
    before = build_matrix_flat(flat(old), lengths(old), 10, params)
    splice = Splice(
        doc_map,
        term_map,
        term_map[flat(added)].astype(np.int64),
        lengths(added),
        np.array([new for new, (kind, _) in enumerate(order) if kind == "new"], dtype=np.int64),
        lengths(new_docs).astype(np.int32),
        len(used),
    )
    want = build_matrix_flat(term_map[flat(new_docs)], lengths(new_docs), len(used), params)
    _same_matrix(splice_matrix(before, splice, params), want)


def test_term_frequencies_too_large_for_int16_are_kept_exactly() -> None:
    docs = [[0] * 40_000 + [1], [1, 2]]
    lengths = np.array([len(d) for d in docs])
    params = Bm25Params()
    old = build_matrix_flat(np.concatenate([np.array(d) for d in docs]), lengths, 3, params)
    assert old.tf.dtype == np.int32 and int(old.tf.max()) == 40_000
    extra = np.array([2, 2, 0], dtype=np.int64)
    splice = Splice(
        np.array([0, 2], dtype=np.int64),
        None,
        extra,
        np.array([3]),
        np.array([1]),
        np.array([40_001, 3, 2], dtype=np.int32),
        3,
    )
    flat = np.concatenate([np.array(docs[0]), extra, np.array(docs[1])])
    _same_matrix(
        splice_matrix(old, splice, params),
        build_matrix_flat(flat, np.array([40_001, 3, 2]), 3, params),
    )
