"""English words and how common each is: the typo corrector's idea of what is a word.

The list is symspellpy's bundled frequency dictionary (82,765 words, counts from Google Books
n-grams, MIT licence), written once by :func:`english_tables` into two arrays shipped in
``data/``: the words sorted, as fixed-width byte strings, and their counts. Answering maps
them (``numpy.load(mmap_mode="r")``): nothing is parsed or sorted in a process, and every
process of a machine shares the same pages (issue 17: reading symspellpy's text took 30-50
ms on the first word a corpus lacked, and 3 MB of each process). symspellpy is a development
dependency, needed only to write the arrays; a test keeps them equal to its list.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

SOURCE = "frequency_dictionary_en_82_765.txt"  # symspellpy's file the arrays are written from
WORDS = "english_words.npy"
COUNTS = "english_counts.npy"


class English:
    """English words and their counts: sorted fixed-width byte strings, searched by bisection
    (one vectorised search for a batch of candidates)."""

    __slots__ = ("_counts", "_words")

    def __init__(self, words: np.ndarray[Any, Any], counts: np.ndarray[Any, Any]) -> None:
        """``words`` sorted (numpy ``S`` strings), ``counts`` in the same order."""
        self._words = words
        self._counts = counts

    def _positions(self, words: list[str]) -> list[int]:
        """Where each of ``words`` is in the table (-1: not an English word)."""
        if not self._words.size:
            return [-1] * len(words)
        width = self._words.dtype.itemsize
        encoded = [w.encode("utf-8") for w in words]
        fits = [len(e) <= width and e.isascii() for e in encoded]
        asked = np.array([e if ok else b"" for e, ok in zip(encoded, fits, strict=True)], "S")
        pos = np.minimum(np.searchsorted(self._words, asked), self._words.size - 1)
        found = (self._words[pos] == asked) & np.array(fits, dtype=bool)
        return np.where(found, pos, -1).tolist()  # type: ignore[no-any-return]

    def count(self, word: str) -> int:
        """How often ``word`` occurs in English text (0 when it is not an English word)."""
        (pos,) = self._positions([word])
        return int(self._counts[pos]) if pos >= 0 else 0

    def having(self, words: Iterable[str]) -> set[str]:
        """Which of ``words`` are English words."""
        asked = list(words)
        if not asked:
            return set()
        return {w for w, pos in zip(asked, self._positions(asked), strict=True) if pos >= 0}

    def counts_of(self, words: Sequence[str]) -> np.ndarray[Any, Any]:
        """How often each of ``words`` occurs in English text (0 for a word not English)."""
        if not words:
            return np.zeros(0, dtype=np.int64)
        pos = np.asarray(self._positions(list(words)), dtype=np.int64)
        out = np.zeros(pos.size, dtype=np.int64)
        found = pos >= 0
        out[found] = self._counts[pos[found]]
        return out

    @property
    def total(self) -> int:
        """Every count added up: the size of the text the counts were taken from."""
        return int(self._counts.sum())

    def __len__(self) -> int:
        return int(self._words.size)


def english_tables(text: bytes) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """The two shipped arrays of a word list in symspellpy's format (``word count`` lines):
    the words sorted, and their counts in that order."""
    tokens = text.split()
    unsorted = np.array(tokens[0::2]) if tokens else np.zeros(0, "S1")
    order = np.argsort(unsorted, kind="stable")
    counts = np.array([int(c) for c in tokens[1::2]], dtype=np.int64)
    return unsorted[order], counts[order]


def write_english_tables(source: Path, folder: Path) -> None:
    """Write ``WORDS`` and ``COUNTS`` into ``folder`` from symspellpy's ``source`` file."""
    words, counts = english_tables(source.read_bytes())
    np.save(folder / WORDS, words, allow_pickle=False)
    np.save(folder / COUNTS, counts, allow_pickle=False)


@cache
def english() -> English:
    """The shipped English list, mapped (read once a process, on first need)."""
    data = resources.files("index").joinpath("data")
    with resources.as_file(data / WORDS) as words, resources.as_file(data / COUNTS) as counts:
        return English(
            np.load(words, mmap_mode="r", allow_pickle=False),
            np.load(counts, mmap_mode="r", allow_pickle=False),
        )


def is_english(word: str) -> bool:
    """Whether ``word`` (case-folded) is a word of English, inflections included."""
    return english_count(word) > 0


@lru_cache(maxsize=65_536)
def english_count(word: str) -> int:
    """How often ``word`` occurs in English text (0 when it is not an English word)."""
    return english().count(word)


__all__ = [
    "COUNTS",
    "SOURCE",
    "WORDS",
    "English",
    "english",
    "english_count",
    "english_tables",
    "is_english",
    "write_english_tables",
]
