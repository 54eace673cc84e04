"""Which BM25 is ranked with: rank-bm25's class (variant) and its parameters.

Apart from the matrix (``index.bm25``) so settings and command lines can name and check the
parameters without loading numpy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from index.errors import SettingsError

VARIANTS = ("okapi", "l", "plus")
_DEFAULT_DELTA = {"okapi": 0.0, "l": 0.5, "plus": 1.0}


@dataclass(frozen=True, slots=True)
class Bm25Params:
    """Which rank-bm25 class and its parameters (rank-bm25's own defaults)."""

    variant: str = "plus"
    k1: float = 1.5
    b: float = 0.75
    delta: float | None = None
    epsilon: float = 0.25

    def __post_init__(self) -> None:
        if self.variant not in VARIANTS:
            raise SettingsError(
                f"BM25 variant must be one of {', '.join(VARIANTS)}, got {self.variant!r}"
            )
        # k1 = 0 makes rank-bm25's Plus and Okapi divide 0 by 0 for absent terms (NaN scores).
        if not 0.0 < self.k1 <= 10.0:
            raise SettingsError(f"BM25 k1 must be above 0 and at most 10, got {self.k1}")
        if not 0.0 <= self.b <= 1.0:
            raise SettingsError(f"BM25 b must be 0-1, got {self.b}")

    @property
    def effective_delta(self) -> float:
        """δ as used by the variant (rank-bm25's default when unset)."""
        return _DEFAULT_DELTA[self.variant] if self.delta is None else self.delta

    def to_json(self) -> dict[str, object]:
        """Parameters as saved in the index manifest."""
        given = {name: getattr(self, name) for name in self.__slots__}
        return {**given, "delta": self.effective_delta}

    @classmethod
    def from_json(cls, saved: dict[str, Any]) -> Bm25Params:
        """The parameters an index manifest saved (:meth:`to_json`)."""
        names = ("variant", "k1", "b", "delta", "epsilon")
        return cls(**{name: saved[name] for name in names})


# What articlebot ranks with unless told otherwise: BM25Plus with b = 0.3, chosen on SQuAD and
# the seed questions (README, "Retrieval quality"). ``Bm25Params()`` stays rank-bm25's own
# defaults, the reference for parity.
TUNED = Bm25Params(variant="plus", k1=1.5, b=0.3)


__all__ = ["TUNED", "VARIANTS", "Bm25Params"]
