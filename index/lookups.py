"""The index file's look-up tables, built in one place for a full build and a splice.

- the vocabulary (``vocab``: term id → term) and the word forms (``surface``: form →
  ``surface_term``), as :mod:`index.strtable` tables, and the letters the forms are made of
  (``surface_letters``, UTF-8: the typo corrector's alphabet);
- how often each term occurs in English (``term_english``: the idf's background,
  :mod:`index.background`);
- the headline terms of each article (``headline_starts``/``headline_terms``, sorted term ids)
  and the same as postings (``headline_post_term``, sorted, with ``headline_post_article``),
  so article choice needs no tokenising of headlines in each process.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np

from index.background import term_english
from index.strtable import StringTable, prefixed, table_arrays, table_names

Arr = np.ndarray[Any, Any]
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")
HEADLINE_ARRAYS = (
    "headline_starts",
    "headline_terms",
    "headline_post_term",
    "headline_post_article",
)
# Every look-up array of an index file.
LOOKUP_ARRAYS = (
    *table_names("vocab"),
    *table_names("surface"),
    "surface_term",
    "surface_letters",
    "term_english",
    *HEADLINE_ARRAYS,
)


def letters_of(blob: np.ndarray[Any, Any]) -> str:
    """The letters of the word forms in their ``\\n``-joined UTF-8 ``blob``, sorted: ASCII by
    counting bytes, other letters only when the blob has any."""
    counts = np.bincount(blob, minlength=256)
    chars = {chr(b) for b in np.flatnonzero(counts[:128]).tolist()}
    if counts[128:].any():
        chars.update(_NON_ASCII_RE.findall(blob.tobytes().decode("utf-8")))
    return "".join(sorted(c for c in chars if c.isalpha()))


def headline_arrays(headlines: Sequence[Iterable[int]]) -> dict[str, Arr]:
    """Per article (in order) the term ids of its headline, and the postings term → articles."""
    per = [np.unique(np.fromiter(ids, dtype=np.int32)) for ids in headlines]
    starts = np.zeros(len(per) + 1, dtype=np.int64)
    np.cumsum([p.size for p in per], out=starts[1:])
    flat = np.concatenate(per) if per else np.zeros(0, np.int32)
    owner = np.repeat(np.arange(len(per), dtype=np.int32), np.diff(starts))
    order = np.argsort(flat, kind="stable")
    return {
        "headline_starts": starts,
        "headline_terms": flat,
        "headline_post_term": flat[order],
        "headline_post_article": owner[order],
    }


def lookup_arrays(
    terms: Sequence[str],
    forms: Sequence[str],
    form_terms: Arr,
    headlines: Sequence[Iterable[int]],
    english: Arr | None = None,
) -> dict[str, Arr]:
    """Every look-up array of an index: ``terms`` in term-id order, ``forms`` with the term
    of each (``form_terms``), how often each term occurs in English (``english``, worked out
    when not given: ``index.background``), and each article's headline term ids."""
    surface = table_arrays(forms)
    letters = letters_of(surface["blob"]).encode("utf-8")
    return {
        **prefixed("vocab", table_arrays(terms)),
        **prefixed("surface", surface),
        "surface_term": np.asarray(form_terms, dtype=np.int32),
        "surface_letters": np.frombuffer(letters, dtype=np.uint8).copy(),
        "term_english": term_english(forms, form_terms, len(terms)) if english is None else english,
        **headline_arrays(headlines),
    }


class TableMap(Mapping[str, int]):
    """A string table as a read-only mapping: string → its number, or → ``values[number]``."""

    __slots__ = ("_table", "_values")

    def __init__(self, table: StringTable, values: Arr | None = None) -> None:
        self._table = table
        self._values = values

    def get(self, key: str, default: int | None = None) -> int | None:  # type: ignore[override]
        i = self._table.find(key) if isinstance(key, str) else None
        if i is None:
            return default
        return i if self._values is None else int(self._values[i])

    def __getitem__(self, key: str) -> int:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._table.find(key) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)

    def having(self, keys: Iterable[str]) -> set[str]:
        """Which of ``keys`` are in the mapping (one batch look-up)."""
        return self._table.having(keys)

    def having_rows(self, rows: Arr) -> set[str]:
        """Which keys, given as rows of UTF-8 bytes, are in the mapping
        (:meth:`~index.strtable.StringTable.having_rows`)."""
        return self._table.having_rows(rows)


__all__ = [
    "HEADLINE_ARRAYS",
    "LOOKUP_ARRAYS",
    "TableMap",
    "headline_arrays",
    "letters_of",
    "lookup_arrays",
]
