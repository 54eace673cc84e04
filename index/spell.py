"""Typo correction: a question word that is neither a corpus word nor English is mapped to
the likeliest word meant.

A valid English word is never "corrected" (``east`` stays ``east`` even when the corpus only
has ``eat``): English is symspellpy's bundled frequency dictionary (82,765 words, counts from
Google Books n-grams, MIT licence), shipped as two mapped arrays (``index.english``). A typo's
candidates are corpus words in its one-deletion neighbourhood (symmetric delete, as SymSpell
does) and English words one edit away; a candidate is accepted within an
optimal-string-alignment distance of 1 (words of 4-7 letters) or 2 (8 or more). The likeliest
is the closest, then a word of the corpus or a stopword (every corpus has those: "scord" →
"scored", not the fish "scrod"), then one the corpus has in another form ("seding" →
"seeding" where it says "seeded", not the commoner "seeing"), then one made of the very
letters typed (a swap: "mnay" → "many", not "may"), then the longer shared start (typos sit
late in a word more often than early), then the most frequent in English, then in the
corpus. Words under 4 letters and numbers are never corrected (too often right and unknown),
and a correction keeps the first letter (people rarely mistype it; without the rule, words
the corpus lacks drift into corpus words). A capitalised word inside a question is likely a
name: see :meth:`SpellIndex.correct`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np

from index.english import english, english_count, is_english
from index.tokenizer import stopwords

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
NAME_RATIO = 50


def osa_distance(a: str, b: str, limit: int = 3) -> int:
    """Optimal string alignment distance (edits and adjacent swaps), capped at ``limit``."""
    if abs(len(a) - len(b)) >= limit:
        return limit
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) >= limit:
            return limit
        prev2, prev = prev, cur
    return min(prev[-1], limit)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))} | {word}


def _insertion_rows(word: str, letters: str) -> list[np.ndarray[Any, Any]]:
    """``word`` (ASCII) and each of its deletions that keeps its first letter, with each of
    ``letters`` inserted after that first letter anywhere: the candidates' UTF-8 as rows of
    bytes, one array for each length."""
    n = len(word)
    text = np.frombuffer(word.encode("ascii"), dtype=np.uint8)
    cut = [i for i in range(n) if i > 0 or (n > 1 and word[1] == word[0])]
    sources = [[k for k in range(n) if k != i] for i in cut] + [list(range(n))]
    by_size: dict[int, list[bytes]] = {}
    for c in letters:
        e = c.encode("utf-8")
        by_size.setdefault(len(e), []).append(e)
    out = []
    for size, group in sorted(by_size.items()):
        add = np.frombuffer(b"".join(group), dtype=np.uint8)
        for length in (n - 1, n):
            # Where in ``word`` each byte of each candidate comes from (-1: the inserted letter).
            places = [
                d[:j] + [-1] * size + d[j:]
                for d in sources
                if len(d) == length
                for j in range(1, length + 1)
            ]
            if not places:
                continue
            at = np.array(places, dtype=np.int64)
            rows = np.repeat(text[np.maximum(at, 0)], len(group), axis=0)
            rows[np.repeat(at < 0, len(group), axis=0)] = np.tile(add, len(places))
            out.append(rows)
    return out


def _edits(word: str) -> set[str]:
    """Every string one edit (delete, swap, replace, insert) from ``word``, first letter kept."""
    head, rest = word[:1], word[1:]
    splits = [(rest[:i], rest[i:]) for i in range(len(rest) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    out |= {a + c + b for a, b in splits for c in _LETTERS}
    return {head + e for e in out}


def max_distance(word: str) -> int:
    """How many edits a word of this length may be corrected by (0: never)."""
    if len(word) < 4 or not word.isalpha():
        return 0
    return 1 if len(word) < 8 else 2


class SpellIndex:
    """The corpus's word forms with each form's weight, searched by symmetric deletes.

    Nothing is built in advance: the corpus forms sharing a one-letter deletion with a word
    are the deletions themselves and the strings one insertion away from them, looked up in
    the form table (a few thousand look-ups a typo), so an index of any size gets its
    corrector at once (issue 17: 0.76 s of delete-map building on first use before)."""

    def __init__(
        self,
        forms: Iterable[tuple[str, int]] | Mapping[str, int],
        alphabet: str | None = None,
        in_other_form: Callable[[str], bool] | None = None,
    ) -> None:
        """``forms``: corpus word form → weight (pairs, or a mapping read lazily, such as a
        view of an index's tables); ``alphabet``: the letters forms are made of (computed from
        ``forms`` when not given); ``in_other_form``: whether the corpus has a word in another
        form ("seeding" where it says "seeded"), asked of a typo's likeliest candidates."""
        if isinstance(forms, Mapping):
            self._weight: Mapping[str, int] = forms
        else:
            self._weight = {f: w for f, w in forms if len(f) >= 3 and f.isalpha()}
        self._alphabet = alphabet
        self._in_other_form = in_other_form

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and len(word) >= 3 and word.isalpha() and word in self._weight

    def _letters(self) -> str:
        if self._alphabet is None:
            self._alphabet = "".join(sorted({c for f in self._weight for c in f if c.isalpha()}))
        return self._alphabet

    def _sharing_a_delete(self, word: str) -> set[str]:
        """Corpus forms starting as ``word`` does that share a one-letter deletion with it:
        each deletion itself, and each deletion with one letter inserted anywhere. For an
        ASCII word and a table that looks up rows of bytes, the insertions (the thousands of
        candidates) are made and looked up as numpy arrays, not one Python string each."""
        head = word[:1]
        letters = self._letters()
        by_rows = getattr(self._weight, "having_rows", None)
        found: set[str] = set()
        if by_rows is not None and word.isascii() and word.isalpha() and len(word) >= 3:
            for rows in _insertion_rows(word, letters):
                found |= by_rows(rows)
            letters = ""
        tried: set[str] = set()
        for d in _deletes(word):
            tried.update((d, head + d))
            if d[:1] == head:
                tried.update(d[:i] + c + d[i:] for i in range(1, len(d) + 1) for c in letters)
        ok = (t for t in tried if t[:1] == head and len(t) >= 3 and t.isalpha())
        return found | self._having(ok)

    def _having(self, words: Iterable[str]) -> set[str]:
        """Which of ``words`` are corpus forms: one batch look-up when the forms can do it
        (an index's table, ``index.lookups.TableMap``), else one look-up each."""
        having = getattr(self._weight, "having", None)
        if having is not None:
            return having(words)  # type: ignore[no-any-return]
        return {w for w in words if w in self._weight}

    def near(self, word: str, limit: int) -> dict[str, int]:
        """Corpus forms within ``limit`` edits of ``word`` sharing its first letter → distance."""
        out: dict[str, int] = {}
        for cand in self._sharing_a_delete(word):
            dist = osa_distance(word, cand, limit + 1)
            if dist <= limit:
                out[cand] = dist
        return out

    def correct(self, word: str, name: bool = False) -> str | None:
        """The likeliest word meant by ``word``, or None when it is a word already (of the
        corpus or of English) or nothing is close enough.

        ``name``: the word was capitalised inside a question. Only corpus words are tried
        (correcting a name to a common word finds nothing), and an English word is still
        corrected to a corpus word ``NAME_RATIO`` times commoner in English ("Jonson" →
        "Johnson": both are names, one far likelier)."""
        limit = max_distance(word)
        if not limit or word in self:
            return None
        typed = english_count(word)
        if typed and not name:
            return None
        found = self.near(word, limit)
        if name:
            found = {c: d for c, d in found.items() if english_count(c) >= NAME_RATIO * typed}
        else:
            for cand in english().having(_edits(word)):
                found.setdefault(cand, 1)
        if not found:
            return None
        letters = sorted(word)
        common = stopwords()  # in every corpus, though no index keeps them
        other = self._in_other_form

        def likelihood(cand: str) -> tuple[int, bool, bool, bool, int, int, int, str]:
            corpus = cand in self or cand in common
            return (
                found[cand],
                not corpus,
                not corpus and (other is None or not other(cand)),
                sorted(cand) != letters,
                -_common_prefix(word, cand),  # typos sit late in a word more often than early
                -english_count(cand),
                -self._weight.get(cand, 0),
                cand,
            )

        return min(found, key=likelihood)


__all__ = ["SpellIndex", "english", "english_count", "is_english", "max_distance", "osa_distance"]
