"""String tables: a list of strings and its look-up, as four flat arrays an index file maps.

Every process that maps the file shares them (issue 16: dictionaries built from the file were
~100 MB of private memory per process at 381k word forms). A table is:

- ``blob``: the strings' UTF-8, joined by ``"\\n"`` (no string holds one);
- ``starts``: where string ``i`` starts (``n + 1`` entries; it ends one byte before the next);
- ``hashes``: every string's 64-bit FNV-1a hash, sorted;
- ``slots``: the number of the string each sorted hash belongs to.

A look-up hashes the string, finds its hash by binary search and compares the bytes (a hash
collision costs a second comparison, never a wrong id). FNV-1a is used because it is stable
across processes and Python versions (``hash()`` is salted per process) and is computed
over all strings at once with numpy when a table is built or a batch is looked up.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, overload

import numpy as np

Arr = np.ndarray[Any, Any]
PARTS = ("blob", "starts", "hash", "slot")
_OFFSET = 0xCBF29CE484222325
_PRIME = 0x100000001B3
_MASK = (1 << 64) - 1
_CACHE = 65_536  # single look-ups kept per table (bounded: questions bring endless words)


def fnv1a(data: bytes) -> int:
    """The 64-bit FNV-1a hash of ``data``."""
    h = _OFFSET
    for byte in data:
        h = ((h ^ byte) * _PRIME) & _MASK
    return h


def hash_spans(blob: Arr, starts: Arr, lengths: Arr) -> Arr:
    """FNV-1a of each span ``blob[starts[i] : starts[i] + lengths[i]]``, vectorised: one pass
    per byte position, over the spans at least that long (longest first)."""
    order = np.argsort(-lengths, kind="stable")
    sorted_starts = starts[order].astype(np.int64)
    sorted_lengths = lengths[order]
    h = np.full(order.size, _OFFSET, dtype=np.uint64)
    prime = np.uint64(_PRIME)
    longest = int(sorted_lengths[0]) if order.size else 0
    # How many spans are longer than j, for each j (lengths are sorted descending).
    alive = np.searchsorted(-sorted_lengths, -np.arange(longest), side="left")
    for j in range(longest):
        k = int(alive[j])
        h[:k] ^= blob[sorted_starts[:k] + j].astype(np.uint64)
        h[:k] *= prime
    out = np.empty_like(h)
    out[order] = h
    return out


def table_arrays(strings: Iterable[str]) -> dict[str, Arr]:
    """The four arrays of a table of ``strings`` (in order: string ``i`` gets number ``i``),
    keyed by :data:`PARTS`."""
    encoded = [s.encode("utf-8") for s in strings]
    lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
    starts = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum(lengths + 1, out=starts[1:])
    blob = np.frombuffer(b"\n".join(encoded), dtype=np.uint8).copy()
    hashes = hash_spans(blob, starts[:-1], lengths)
    slots = np.argsort(hashes, kind="stable").astype(np.int32)
    return {"blob": blob, "starts": starts, "hash": hashes[slots], "slot": slots}


def prefixed(prefix: str, parts: dict[str, Arr]) -> dict[str, Arr]:
    """A table's arrays under their names in an index file (``{prefix}_{part}``)."""
    return {f"{prefix}_{k}": v for k, v in parts.items()}


def table_names(prefix: str) -> tuple[str, ...]:
    """The index file's names of the arrays of table ``prefix``."""
    return tuple(f"{prefix}_{k}" for k in PARTS)


class StringTable(Sequence[str]):
    """A read-only table of strings over its four arrays: ``table[i]`` is string ``i``,
    :meth:`find` its number."""

    __slots__ = ("_blob", "_cache", "_hashes", "_mv", "_slots", "_starts")

    def __init__(self, arrays: dict[str, Arr], prefix: str) -> None:
        self._blob, self._starts, self._hashes, self._slots = (
            arrays[name] for name in table_names(prefix)
        )
        # Memoryviews for single look-ups: indexing one gives a Python int at once, and
        # bisect searches one in C (numpy's per-call overhead is most of a scalar search).
        self._mv = tuple(
            np.ascontiguousarray(a).data
            for a in (self._blob, self._starts, self._hashes, self._slots)
        )
        self._cache: dict[str, int | None] = {}

    def __len__(self) -> int:
        return int(self._starts.shape[0]) - 1

    @overload
    def __getitem__(self, i: int) -> str: ...

    @overload
    def __getitem__(self, i: slice) -> list[str]: ...

    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if not -len(self) <= i < len(self):
            raise IndexError(i)
        i %= len(self)
        lo, hi = int(self._starts[i]), int(self._starts[i + 1]) - 1
        return bytes(self._blob[lo:hi]).decode("utf-8")

    def __iter__(self) -> Iterator[str]:
        return iter(self.strings())

    def __contains__(self, s: object) -> bool:
        return isinstance(s, str) and self.find(s) is not None

    def strings(self) -> list[str]:
        """Every string, in order (one decode of the blob)."""
        text = self._blob.tobytes().decode("utf-8")
        return text.split("\n") if len(self) else []

    def find(self, s: str) -> int | None:
        """The number of string ``s``, or None when the table lacks it."""
        cache = self._cache
        if s in cache:
            return cache[s]
        data = s.encode("utf-8")
        h = fnv1a(data)
        blob, starts, hashes, slots = self._mv
        i = bisect_left(hashes, h)
        found = None
        while i < len(hashes) and hashes[i] == h:
            slot = slots[i]
            if blob[starts[slot] : starts[slot + 1] - 1] == data:
                found = slot
                break
            i += 1
        if len(cache) >= _CACHE:
            cache.clear()
        cache[s] = found
        return found

    def having(self, strings: Iterable[str]) -> set[str]:
        """Which of ``strings`` the table holds: one vectorised pass for a batch (the typo
        corrector asks about thousands of candidates at once)."""
        asked = list(dict.fromkeys(strings))
        if not asked or not len(self):
            return set()
        encoded = [s.encode("utf-8") for s in asked]
        lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
        starts = np.zeros(len(encoded), dtype=np.int64)
        np.cumsum(lengths[:-1], out=starts[1:])
        blob = np.frombuffer(b"".join(encoded), dtype=np.uint8)
        hit = self._maybe(hash_spans(blob, starts, lengths))
        # Only hash matches are compared byte for byte (and a rare collision run in full).
        return {asked[i] for i in np.flatnonzero(hit).tolist() if self.find(asked[i]) is not None}

    def having_rows(self, rows: Arr) -> set[str]:
        """:meth:`having` of strings given as the rows of a 2-D ``uint8`` array, each the
        UTF-8 of one string of the row's length (candidates made with numpy, not one Python
        string each: the typo corrector's thousands of same-length candidates)."""
        if not rows.size or not len(self):
            return set()
        h = np.full(rows.shape[0], _OFFSET, dtype=np.uint64)
        prime = np.uint64(_PRIME)
        for column in rows.T:
            h ^= column
            h *= prime
        unique, first = np.unique(h, return_index=True)
        hit = first[self._maybe(unique)]
        found = (rows[i].tobytes().decode("utf-8") for i in hit.tolist())
        return {s for s in found if self.find(s) is not None}

    def _maybe(self, hashes: Arr) -> Arr:
        """Which of ``hashes`` a string of the table has (its bytes still to be compared)."""
        pos = np.searchsorted(self._hashes, hashes)
        hit: Arr = pos < self._hashes.shape[0]
        hit[hit] = self._hashes[pos[hit]] == hashes[hit]
        return hit


__all__ = ["PARTS", "StringTable", "fnv1a", "hash_spans", "prefixed", "table_arrays", "table_names"]
