"""Look-up tables in the index file: string tables, word forms, headline terms; a splice
writes the same tables as a full build."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from index.build import build_index, load_index, save_index
from index.models import Article
from index.searchindex import SearchIndex
from index.splice import splice_index
from index.strtable import StringTable, fnv1a, hash_spans, prefixed, table_arrays
from index.tokenizer import content_forms, stem

STRINGS = ["iran", "shamkhani", "naïve", "東京", "a", "soleimani's", "5200", "zürich", "ab"]


def _table(strings: list[str]) -> StringTable:
    return StringTable(prefixed("t", table_arrays(strings)), "t")


def test_a_table_finds_each_of_its_strings_by_number_and_nothing_else() -> None:
    table = _table(STRINGS)
    assert len(table) == len(STRINGS)
    assert [table[i] for i in range(len(table))] == STRINGS == list(table)
    assert [table.find(s) for s in STRINGS] == list(range(len(STRINGS)))
    for missing in ("ira", "irann", "naive", "", "東", "b", "A"):
        assert table.find(missing) is None
        assert missing not in table
    with pytest.raises(IndexError):
        table[len(STRINGS)]


def test_an_empty_table_holds_nothing() -> None:
    table = _table([])
    assert len(table) == 0 and list(table) == [] and table.find("x") is None
    assert table.having(["x", "y"]) == set()


def test_a_batch_look_up_agrees_with_single_look_ups() -> None:
    rng = random.Random(5)
    strings = sorted({"".join(rng.choices("abcdeé", k=rng.randint(1, 9))) for _ in range(3000)})
    table = _table(strings[::2])
    asked = [*strings, "zz", "é"]
    assert table.having(asked) == {s for s in asked if table.find(s) is not None}
    assert table.having(asked) == set(strings[::2])


def test_the_vectorised_hash_is_fnv1a_of_each_string() -> None:
    encoded = [s.encode() for s in STRINGS]
    lengths = np.array([len(e) for e in encoded], dtype=np.int64)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int64)
    blob = np.frombuffer(b"".join(encoded), dtype=np.uint8)
    assert hash_spans(blob, starts, lengths).tolist() == [fnv1a(e) for e in encoded]


def test_strings_sharing_a_hash_are_told_apart_by_their_bytes() -> None:
    arrays = table_arrays(["alpha", "beta"])
    h = fnv1a(b"alpha")
    # Forge a collision: both strings filed under alpha's hash, beta first.
    arrays["hash"] = np.array([h, h], dtype=np.uint64)
    arrays["slot"] = np.array([1, 0], dtype=np.int32)
    table = StringTable(prefixed("t", arrays), "t")
    assert table.find("alpha") == 0


def _article(rng: random.Random, words: list[str], article_id: str, title: str) -> Article:
    paragraphs = tuple(
        " ".join(rng.choice(words) for _ in range(rng.randint(4, 20))).capitalize() + "."
        for _ in range(rng.randint(1, 4))
    )
    return Article(article_id, title, "example.com", paragraphs)


BODY = "minister ministers army bridge council votes voting strike troops court judges".split()
HEADLINE_ONLY = "harbour floods election".split()  # in headlines, in no body of the old corpus


def _corpus(seed: int, n: int) -> list[Article]:
    rng = random.Random(seed)
    return [
        _article(
            rng,
            BODY,
            f"{i:03d}",
            " ".join(rng.sample(BODY + HEADLINE_ONLY, 3)).title(),
        )
        for i in range(n)
    ]


def _forms(index: SearchIndex) -> dict[str, str]:
    """Word form → the term it searches, as text."""
    return {f: index.terms[t] for f, t in index.surface_forms.items()}


def _headlines(index: SearchIndex) -> list[set[str]]:
    return [
        {index.terms[t] for t in index.headline_terms(a.number).tolist()} for a in index.articles
    ]


def test_each_word_form_leads_to_its_stem_and_each_headline_to_its_terms(
    tmp_path: Path,
) -> None:
    save_index(build_index(_corpus(1, 8)), tmp_path / "x.idx")
    index = load_index(tmp_path / "x.idx")
    assert _forms(index) == {f: stem(f) for f in _forms(index)}
    assert index.term_ids == {t: i for i, t in enumerate(index.terms)}
    for a, got in zip(index.articles, _headlines(index), strict=True):
        assert got == {stem(f) for f in content_forms(a.title)} & set(index.terms)
        for term in got:
            assert a.number in index.headline_articles(index.term_ids[term]).tolist()
    assert {stem(w) for w in HEADLINE_ONLY}.isdisjoint(index.terms)


def test_the_letters_of_the_word_forms_are_stored_for_the_typo_corrector() -> None:
    accented = Article("z", "Zürich", "x.com", ("Café owners in Zürich met the ministers.",))
    index = build_index([*_corpus(1, 3), accented])
    letters = index.arrays["surface_letters"].tobytes().decode("utf-8")
    assert letters == "".join(sorted({c for f in index.surface_forms for c in f if c.isalpha()}))
    assert "ü" in letters and "é" in letters


def test_a_spliced_index_has_the_tables_of_a_full_build() -> None:
    old = _corpus(2, 6)
    rng = random.Random(3)
    # The added article's body brings terms old headlines have and no old body had.
    added = _article(rng, BODY + HEADLINE_ONLY, "002b", "Harbour council")
    spliced = splice_index(build_index(old), add=[added])
    full = build_index(sorted([*old, added], key=lambda a: a.id))
    assert _forms(spliced) == _forms(full)
    assert sorted(spliced.terms) == sorted(full.terms)
    assert _headlines(spliced) == _headlines(full)
    stems = {stem(w) for w in HEADLINE_ONLY}
    assert any(
        stems & h for a, h in zip(full.articles, _headlines(full), strict=True) if a.id != "002b"
    )


def test_removing_articles_keeps_the_tables_of_a_full_build() -> None:
    old = _corpus(4, 7)
    spliced = splice_index(build_index(old), remove=[old[1].id, old[4].id])
    full = build_index([a for a in old if a.id not in {old[1].id, old[4].id}])
    assert sorted(spliced.terms) == sorted(full.terms)
    # Forms only removed articles used may stay (each still leading to its stem).
    assert _forms(full).items() <= _forms(spliced).items()
    assert _headlines(spliced) == _headlines(full)


def test_reading_article_after_article_keeps_a_bounded_cache(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("index.searchindex.ARTICLE_CACHE", 2)
    articles = _corpus(5, 5)
    index = build_index(articles)
    for _ in range(2):
        for a in articles:
            assert index.article(a.id) == a
            assert len(index._article_cache) <= 2


def test_a_table_slices_like_a_list() -> None:
    table = _table(STRINGS)
    assert table[2:5] == STRINGS[2:5]
    assert table[-2:] == STRINGS[-2:]
    assert table[::3] == STRINGS[::3]
    assert table[-1] == STRINGS[-1]
