"""Look-up tables grown by an add: the old arrays extended, equal to a rebuild of them.

An add that drops no term keeps every term and form number, so the look-up tables of
:mod:`index.lookups` need not be rebuilt from a list of every string (hashing half a million
strings and sorting the hashes: most of a splice's time at 10,000 articles). Each table's
strings are appended, only the new strings are hashed, and their hashes are merged into the
sorted ones; the result is the same arrays :func:`index.lookups.lookup_arrays` makes of the
whole lists (a test holds them equal).

Headlines: an old article's headline terms change only when one of its words has a stem that
is a new term (a word no article body had until now). One tokenising of all old headlines
together finds those words (stemming only the words that start as a new term does); only
the headlines that hold one are looked up again.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Callable, Collection, Sequence
from typing import Any

import numpy as np

from index.background import term_english
from index.lookups import HEADLINE_ARRAYS, letters_of
from index.strtable import hash_spans, prefixed, table_names
from index.tokenizer import stem, words

Arr = np.ndarray[Any, Any]
# Snowball's exceptions that change a word's second letter (dying → die).
_SECOND_LETTER_CHANGES = frozenset({"dying", "lying", "tying"})


def _grown_table(arrays: dict[str, Arr], prefix: str, extra: Sequence[str]) -> dict[str, Arr]:
    """Table ``prefix`` of ``arrays`` with the strings ``extra`` appended (numbered on)."""
    blob, starts, hashes, slots = (arrays[name] for name in table_names(prefix))
    if not extra:
        return {name: arrays[name] for name in table_names(prefix)}
    n = int(starts.shape[0]) - 1
    encoded = [s.encode("utf-8") for s in extra]
    lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
    more = np.zeros(len(encoded), dtype=np.int64)
    np.cumsum(lengths[:-1] + 1, out=more[1:])
    added = np.frombuffer(b"\n".join(encoded), dtype=np.uint8)
    new_hashes = hash_spans(added, more, lengths)
    order = np.argsort(new_hashes, kind="stable")
    # Equal hashes stay in number order, as the stable sort of a rebuild leaves them.
    at = np.searchsorted(hashes, new_hashes[order], side="right")
    joiner = np.frombuffer(b"\n", dtype=np.uint8) if n else np.zeros(0, np.uint8)
    base = int(starts[-1]) if n else 0
    return prefixed(
        prefix,
        {
            "blob": np.concatenate((blob, joiner, added)),
            "starts": np.concatenate((starts, base + more[1:], [base + added.size + 1])),
            "hash": np.insert(hashes, at, new_hashes[order]),
            "slot": np.insert(slots, at, (n + order).astype(np.int32)),
        },
    )


def grown_tables(
    arrays: dict[str, Arr], terms: Sequence[str], forms: Sequence[str], form_terms: Arr
) -> dict[str, Arr]:
    """The vocabulary and word-form tables of ``arrays`` with ``terms`` and ``forms`` (whose
    terms are ``form_terms``) appended, and the terms' English counts, as
    :func:`index.lookups.lookup_arrays` makes them."""
    old_letters = bytes(arrays["surface_letters"]).decode("utf-8")
    blob = np.frombuffer("\n".join(forms).encode("utf-8"), dtype=np.uint8)
    letters = "".join(sorted(set(old_letters) | set(letters_of(blob))))
    return {
        **_grown_table(arrays, "vocab", terms),
        **_grown_table(arrays, "surface", forms),
        "surface_term": np.concatenate(
            (arrays["surface_term"], np.asarray(form_terms, dtype=np.int32))
        ),
        "surface_letters": np.frombuffer(letters.encode("utf-8"), dtype=np.uint8).copy(),
        "term_english": _grown_english(arrays["term_english"], forms, form_terms, len(terms)),
    }


def _grown_english(old: Arr, forms: Sequence[str], form_terms: Arr, new_terms: int) -> Arr:
    """The terms' English counts with ``new_terms`` more terms, and what the new ``forms``
    add to their terms (old ones or new): only the new forms are looked up."""
    out = np.zeros(old.size + new_terms, dtype=np.int64)
    out[: old.size] = old
    return out + term_english(forms, form_terms, out.size)


def gaining_headlines(titles: Sequence[str], new_terms: Collection[str]) -> set[int]:
    """Which of ``titles`` have a word whose stem is one of ``new_terms``: the only old
    headlines whose terms an add can change (every other word keeps the term it had)."""
    if not new_terms or not titles:
        return set()
    normal = [unicodedata.normalize("NFKC", t) for t in titles]
    starts = [0]
    for t in normal[:-1]:
        starts.append(starts[-1] + len(t) + 1)
    found = words("\n".join(normal))
    # Snowball keeps a word's first two letters (but for a leading apostrophe and the three
    # words below): only words starting as a new term does are stemmed.
    heads = {t[:2] for t in new_terms}
    gaining = {
        f
        for f in {w.form for w in found}
        if (f[:2] in heads or f in _SECOND_LETTER_CHANGES or f.startswith("'"))
        and stem(f) in new_terms
    }
    return {bisect.bisect_right(starts, w.start) - 1 for w in found if w.form in gaining}


def grown_headlines(
    old: Callable[[int], Arr], numbers: Sequence[int | None], fresh: Callable[[int], Arr]
) -> dict[str, Arr]:
    """The headline arrays of :func:`index.lookups.headline_arrays` for articles in order,
    ``numbers[i]`` the old number of article ``i`` (its sorted terms ``old(number)`` kept) or
    None (``fresh(i)`` gives its terms, found anew)."""
    per = [
        np.unique(fresh(i)) if n is None else np.asarray(old(n), dtype=np.int32)
        for i, n in enumerate(numbers)
    ]
    starts = np.zeros(len(per) + 1, dtype=np.int64)
    np.cumsum([p.size for p in per], out=starts[1:])
    flat = np.concatenate(per).astype(np.int32, copy=False) if per else np.zeros(0, np.int32)
    owner = np.repeat(np.arange(len(per), dtype=np.int32), np.diff(starts))
    order = np.argsort(flat, kind="stable")
    return dict(zip(HEADLINE_ARRAYS, (starts, flat, flat[order], owner[order]), strict=True))


__all__ = ["gaining_headlines", "grown_headlines", "grown_tables"]
