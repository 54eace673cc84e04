"""The typo corrector's candidates made as numpy rows of bytes (an index's tables) are the
very ones its one-string-at-a-time path finds, whatever letters the corpus uses."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.build import build_index
from index.models import Article
from index.respell import spell_index
from index.searchindex import SearchIndex
from index.spell import SpellIndex

WORDS = (
    "temperature government receive population electricity committee university "
    "tempreature goverment tempest government's zürich zurich café cafe naïve naive "
    "straße strasse ɐbc ɐbcd сталин stalin aarhus aardvark aaron abba abbot "
    "mississippi missisippi bookkeeper bokkeeper tattoo tatoo teeth teeths"
).split()


BODY = tuple(" ".join(WORDS[i : i + 6]) + "." for i in range(0, len(WORDS), 6))
INDEX = build_index([Article("w", "Words", "example.com", BODY)])


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return INDEX


def _one_at_a_time(index: SearchIndex) -> SpellIndex:
    """The same forms and alphabet, as a plain mapping (no look-up of rows)."""
    fast = spell_index(index)
    forms = {f: 1 for f in index.surface_forms}
    return SpellIndex(forms, fast._letters())


def _typos(word: str, rng: random.Random) -> list[str]:
    out = []
    for _ in range(6):
        i = rng.randrange(1, len(word))
        c = rng.choice("abcdefghijklmnopqrstuvwxyz")
        out += [word[:i] + word[i + 1 :], word[:i] + c + word[i:], word[:i] + c + word[i + 1 :]]
    return out


def test_rows_find_the_candidates_strings_find_on_near_misses(index: SearchIndex) -> None:
    fast, slow = spell_index(index), _one_at_a_time(index)
    rng = random.Random(7)
    asked = [t for w in WORDS if w.isascii() and w.isalpha() for t in _typos(w, rng)]
    assert any(fast._sharing_a_delete(w) for w in asked)  # the check sees real candidates
    for word in asked:
        assert fast._sharing_a_delete(word) == slow._sharing_a_delete(word), word


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcdeimnorstuz'1", min_size=1, max_size=12))
def test_rows_and_strings_agree_on_any_ascii_word(word: str) -> None:
    assert spell_index(INDEX)._sharing_a_delete(word) == _one_at_a_time(INDEX)._sharing_a_delete(
        word
    )
