"""Typo correction: a query word the corpus never uses is mapped to a close corpus word.

Candidates share a one-deletion neighbourhood with the word (symmetric delete, as SymSpell
does), which finds every single edit and transposition and many double edits; a candidate is
accepted within an optimal-string-alignment distance of 1 (words of 4-7 letters) or 2 (8 or
more), preferring the smallest distance, then the most frequent word. Words under 4
letters and numbers are never corrected: they are too often right and unknown; and a
correction keeps the first letter (people rarely mistype it, and without the rule ordinary
words the corpus lacks turn into corpus words: "send" → "end").
"""

from __future__ import annotations

from collections.abc import Iterable


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


def max_distance(word: str) -> int:
    """How many edits a word of this length may be corrected by (0: never)."""
    if len(word) < 4 or not word.isalpha():
        return 0
    return 1 if len(word) < 8 else 2


class SpellIndex:
    """Delete-neighbourhood index over the corpus's word forms, with each form's weight."""

    def __init__(self, forms: Iterable[tuple[str, int]]) -> None:
        self._weight: dict[str, int] = {}
        self._by_delete: dict[str, list[str]] = {}
        for form, weight in forms:
            if len(form) < 3 or not form.isalpha():
                continue
            self._weight[form] = weight
            for d in _deletes(form):
                self._by_delete.setdefault(d, []).append(form)

    def correct(self, word: str) -> str | None:
        """The best correction of ``word``, or None when nothing is close enough."""
        limit = max_distance(word)
        if not limit or word in self._weight:
            return None
        best: tuple[int, int, int, str] | None = None
        seen: set[str] = set()
        for d in _deletes(word):
            for cand in self._by_delete.get(d, ()):
                if cand in seen or cand[0] != word[0]:
                    continue
                seen.add(cand)
                dist = osa_distance(word, cand, limit + 1)
                if dist <= limit:
                    # Typos sit late in a word more often than early: among equally close
                    # words prefer the longer shared start, then the more frequent word.
                    key = (dist, -_common_prefix(word, cand), -self._weight[cand], cand)
                    if best is None or key < best:
                        best = key
        return best[3] if best else None


__all__ = ["SpellIndex", "max_distance", "osa_distance"]
