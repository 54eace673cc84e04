"""What built an index: a fingerprint of the code and data that decide its contents.

An index file is stale when the tokenizer, the sentence splitter, the passage splitter, the
corpus parser or the stopword list changed since it was built, even if nobody remembered to
bump ``TOKENIZER_VERSION``: the fingerprint of their sources is saved in the manifest and
compared on open. Ranking and answering code is not part of it (it reads the same index).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

SOURCES = (
    "tokenizer.py",
    "sentences.py",
    "passages.py",
    "corpus.py",
    "chunked.py",
    "layout.py",
    "background.py",
    "data/stopwords.txt",
    "data/english_counts.npy",
)


def fingerprint_of(files: Iterable[Traversable]) -> str:
    """A short hash of the files' bytes (names included, so a moved line still counts);
    ``"unknown"`` when one cannot be read (a package installed without its sources)."""
    h = hashlib.sha256()
    try:
        for f in files:
            h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    except OSError:
        return "unknown"
    return h.hexdigest()[:16]


@cache
def builder_fingerprint() -> str:
    """The fingerprint of this installation's indexing sources (computed once)."""
    root = resources.files("index")
    return fingerprint_of(root.joinpath(name) for name in SOURCES)


__all__ = ["SOURCES", "builder_fingerprint", "fingerprint_of"]
