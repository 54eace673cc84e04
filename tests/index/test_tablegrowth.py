"""Look-up tables grown by an add are the arrays a rebuild of them makes, byte for byte."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from index.lookups import headline_arrays, lookup_arrays
from index.tablegrowth import gaining_headlines, grown_headlines, grown_tables

# Words with and without non-ASCII letters (the typo corrector's alphabet grows with them).
word = st.text(alphabet="abcxyzéøßΩ1'-", min_size=1, max_size=8)


@settings(max_examples=150, deadline=None, database=None)
@given(
    old_terms=st.lists(word, unique=True, max_size=30),
    new_terms=st.lists(word, unique=True, max_size=10),
    data=st.data(),
)
def test_grown_tables_equal_the_tables_of_the_whole_lists(
    old_terms: list[str], new_terms: list[str], data: st.DataObject
) -> None:
    new_terms = [t for t in new_terms if t not in old_terms]
    terms = old_terms + new_terms
    # Every form is of some term: no old forms without old terms.
    old_forms = data.draw(st.lists(word, unique=True, max_size=30 if old_terms else 0))
    new_forms = [
        f for f in data.draw(st.lists(word, unique=True, max_size=10)) if f not in old_forms
    ]
    n_old, n_all = max(len(old_terms), 1), max(len(terms), 1)
    old_form_terms = np.array([i % n_old for i in range(len(old_forms))], dtype=np.int32)
    new_form_terms = np.array([(7 * i) % n_all for i in range(len(new_forms))], dtype=np.int32)
    before = lookup_arrays(old_terms, old_forms, old_form_terms, [])
    grown = grown_tables(before, new_terms, new_forms, new_form_terms)
    want = lookup_arrays(
        terms, old_forms + new_forms, np.concatenate((old_form_terms, new_form_terms)), []
    )
    assert set(grown) == set(want) - {k for k in want if k.startswith("headline_")}
    for name, arr in grown.items():
        assert arr.dtype == want[name].dtype, name
        assert arr.tolist() == want[name].tolist(), name


def test_grown_headlines_equal_the_headline_arrays_of_every_article() -> None:
    old = [[4, 9], [], [1, 2, 3], [9]]
    fresh = {1: [7, 7, 2], 4: [3, 0]}  # article 1 found anew (a headline that gained a term)
    numbers = [0, None, 2, 3, None]
    per_article = [old[0], fresh[1], old[2], old[3], fresh[4]]
    got = grown_headlines(
        lambda n: np.array(old[n], dtype=np.int32),
        numbers,
        lambda i: np.array(fresh[i], dtype=np.int32),
    )
    want = headline_arrays(per_article)
    assert set(got) == set(want)
    for name, arr in got.items():
        assert arr.dtype == want[name].dtype, name
        assert arr.tolist() == want[name].tolist(), name


def test_a_headline_gains_when_a_word_of_it_stems_to_a_new_term() -> None:
    titles = ["Storms close the harbour", "Dying embers of the festival", "Budget vote"]
    # "storms" and "storm" share the stem; "dying" stems to "die" (a changed second letter).
    assert gaining_headlines(titles, {"storm"}) == {0}
    assert gaining_headlines(titles, {"die", "vote"}) == {1, 2}
    assert gaining_headlines(titles, {"flood"}) == set()
