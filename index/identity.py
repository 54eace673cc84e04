"""The identity of an index: everything that decides what its term ids, passage numbers and
article numbers mean and how it ranks.

One record serves the index file (saved in its manifest; a file whose identity differs from
what this installation would build is stale and rebuilt) and the fronts' stored references
(a Discord button names the index it was made for by :attr:`IndexIdentity.short`, so a
button made for another corpus, tokenizer or indexing code is refused, never misread).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from index.bm25params import Bm25Params
from index.buildinfo import builder_fingerprint
from index.errors import IndexFileError
from index.passages import MAX_WORDS
from index.store import FORMAT_VERSION
from index.tokenizer import TOKENIZER_VERSION

SHORT_CHARS = 6
CORPUS_CHANGED = "corpus changed"


@dataclass(frozen=True, slots=True)
class IndexIdentity:
    """What an index was built from and with. Equal identities: interchangeable indexes."""

    format_version: int
    tokenizer_version: str
    builder: str
    corpus_hash: str
    bm25: tuple[tuple[str, Any], ...]
    max_passage_words: int

    @property
    def short(self) -> str:
        """Six characters naming this identity (for references that must be short)."""
        key = json.dumps(self.to_json(), sort_keys=True)
        return hashlib.sha1(key.encode()).hexdigest()[:SHORT_CHARS]

    def to_json(self) -> dict[str, Any]:
        """The manifest keys this identity is saved under."""
        saved = {name: getattr(self, name) for name in self.__slots__}
        return {**saved, "bm25": dict(self.bm25)}

    def stale_reason(self, wanted: IndexIdentity) -> str:
        """Why an index of this identity cannot serve as one of ``wanted`` ("" when it can)."""
        checks = (
            ("index format changed", self.format_version, wanted.format_version),
            ("tokenizer changed", self.tokenizer_version, wanted.tokenizer_version),
            ("indexing code changed", self.builder, wanted.builder),
            ("passage size changed", self.max_passage_words, wanted.max_passage_words),
            (CORPUS_CHANGED, self.corpus_hash, wanted.corpus_hash),
            ("BM25 parameters changed", self.bm25, wanted.bm25),
        )
        return next((reason for reason, have, want in checks if have != want), "")


def wanted_identity(corpus_hash: str, params: Bm25Params) -> IndexIdentity:
    """The identity this installation gives an index of a corpus (by content hash)."""
    return IndexIdentity(
        FORMAT_VERSION,
        TOKENIZER_VERSION,
        builder_fingerprint(),
        corpus_hash,
        tuple(sorted(params.to_json().items())),
        MAX_WORDS,
    )


def identity_of(manifest: Mapping[str, Any]) -> IndexIdentity:
    """The identity an index manifest records; raise :class:`IndexFileError` when it lacks one."""
    try:
        return IndexIdentity(
            manifest["format_version"],
            manifest["tokenizer_version"],
            manifest["builder"],
            manifest["corpus_hash"],
            tuple(sorted(dict(manifest["bm25"]).items())),
            manifest["max_passage_words"],
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise IndexFileError(f"index manifest has no usable identity ({exc})") from exc


__all__ = ["CORPUS_CHANGED", "IndexIdentity", "identity_of", "wanted_identity"]
