"""Word checks without a pattern per word: each gives what the regular expression or the
tokenizer it replaces gives, on random text full of the tokenizer's corner cases."""

from __future__ import annotations

import random
import re

from index.coverage import points_back
from index.rerank import has_word
from index.tokenizer import words

PIECES = [
    "he", "He", "HE", "she", "it", "It's", "its", "I.T.", "h.e.", "they", "Them", "their",
    "hers", "his", "him", "the", "then", "shed", "itself", "heit", "o'he", "he'd", "he's",
    "5,200", "3.5", "x2he", "_he", "he_", "ǰ", "ß", "é", "café", "Hé", "h\u200be", "\u00ad",
    "’s", "‘it’", "`he`", "—", "-", " ", " ", " ", ".", ",", "'", '"', "(", ")", "\n", "é.",
    "US", "U.S.", "ǰohn", "Ǉ", "ǉ",
]  # fmt: skip


def _texts(seed: int, n: int = 3000) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 12))) for _ in range(n)]


def test_points_back_reads_pronouns_as_the_tokenizer_does() -> None:
    pointing = {"he", "him", "his", "she", "her", "hers", "it", "its", "they", "them", "their"}
    for text in _texts(1):
        assert points_back(text) == any(w.form in pointing for w in words(text)), text


def test_has_word_finds_what_the_lookaround_and_boundary_patterns_find() -> None:
    rng = random.Random(2)
    for text in _texts(3):
        candidates = [w.form for w in words(text)] + [rng.choice(PIECES)]
        for word in filter(None, candidates):
            capital = word[:1].upper() + word[1:]
            around = re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text) is not None
            bounded = re.search(rf"\b{re.escape(capital)}\b", text) is not None
            assert has_word(text, word) == around, (text, word)
            assert has_word(text, capital, bounded=True) == bounded, (text, capital)
