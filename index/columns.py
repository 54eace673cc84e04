"""The columns of a spliced index (:mod:`index.splice`): passages, sentences and tokens, one
segment at a time, a run of the old index's articles (slices of its arrays) or an added
article (freshly tokenised), and how the old BM25 matrix maps to the new one.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from index.bm25 import Splice
from index.chunked import Chunk
from index.searchindex import SearchIndex

Arr = np.ndarray[Any, Any]
# Per-passage, per-sentence and per-token columns, joined segment by segment.
_PARTS = (
    "text_len",
    "sent_count",
    "tok_count",
    "sent_start",
    "sent_end",
    "tok_flat",
    "passage_para",
    "passage_part",
    "doc_len",
)


class SplicedColumns:
    """The new index's columns, appended one segment (old run or added article) at a time."""

    def __init__(self, old: SearchIndex) -> None:
        self.old = old
        self.parts: dict[str, list[Arr]] = {k: [] for k in _PARTS}
        self.text: list[Arr] = []
        self.passages = 0  # how many the new index has so far
        # Each old passage's number in the new index (-1: dropped), and the added passages'.
        self.doc_map = np.full(old.n_passages, -1, dtype=np.int64)
        self.added_docs: list[Arr] = []
        self.added_terms: list[Arr] = []
        self.added_lengths: list[Arr] = []

    def add_old(self, lo_article: int, hi_article: int) -> None:
        """Copy the old index's articles ``[lo_article, hi_article)``."""
        a, metas = self.old.arrays, self.old.articles
        p_lo = metas[lo_article].first_passage
        p_hi = metas[hi_article - 1].first_passage + metas[hi_article - 1].passage_count
        to, so, sto = a["text_offsets"], a["sent_offsets"], a["sent_tok_offsets"]
        s_lo, s_hi = int(so[p_lo]), int(so[p_hi])
        t_lo, t_hi = int(sto[s_lo]), int(sto[s_hi])
        add = self.parts
        self.text.append(a["text_blob"][int(to[p_lo]) : int(to[p_hi])])
        add["text_len"].append(np.diff(to[p_lo : p_hi + 1]))
        add["sent_count"].append(np.diff(so[p_lo : p_hi + 1]))
        add["tok_count"].append(np.diff(sto[s_lo : s_hi + 1]))
        add["sent_start"].append(a["sent_start"][s_lo:s_hi])
        add["sent_end"].append(a["sent_end"][s_lo:s_hi])
        add["tok_flat"].append(a["tok_flat"][t_lo:t_hi])
        add["passage_para"].append(a["passage_para"][p_lo:p_hi])
        add["passage_part"].append(a["passage_part"][p_lo:p_hi])
        add["doc_len"].append(a["bm25_doc_len"][p_lo:p_hi])
        self.doc_map[p_lo:p_hi] = np.arange(self.passages, self.passages + p_hi - p_lo)
        self.passages += p_hi - p_lo

    def add_chunk(self, chunk: Chunk, ids: Arr) -> None:
        """Append a freshly tokenised chunk, its local term ids mapped through ``ids``."""
        sent = np.frombuffer(chunk.sentences, dtype=np.intc).reshape(-1, 3)
        pas = np.frombuffer(chunk.passages, dtype=np.intc).reshape(-1, 4)
        tokens = np.frombuffer(chunk.tokens, dtype=np.intc)
        sent_ends = np.cumsum(pas[:, 1])
        tok_bounds = np.concatenate(([0], np.cumsum(sent[:, 0])))
        add = self.parts
        self.text.append(np.frombuffer(chunk.text, dtype=np.uint8))
        add["text_len"].append(pas[:, 0])
        add["sent_count"].append(pas[:, 1])
        add["tok_count"].append(sent[:, 0])
        add["sent_start"].append(sent[:, 1])
        add["sent_end"].append(sent[:, 2])
        terms = ids[tokens] if tokens.size else np.zeros(0, np.int32)
        lengths = tok_bounds[sent_ends] - tok_bounds[sent_ends - pas[:, 1]]
        add["tok_flat"].append(terms)
        add["passage_para"].append(pas[:, 2])
        add["passage_part"].append(pas[:, 3])
        add["doc_len"].append(lengths)
        self.added_terms.append(terms)
        self.added_lengths.append(lengths)
        self.added_docs.append(np.arange(self.passages, self.passages + len(pas)))
        self.passages += len(pas)

    def joined(self, name: str, dtype: type) -> Arr:
        """One column, segments joined."""
        return _joined(self.parts[name], dtype)

    def arrays(self) -> dict[str, Arr]:
        """The index file's arrays of passages and sentences (``tok_flat`` aside: its term
        ids may be renumbered)."""
        return {
            "text_blob": np.concatenate(self.text) if self.text else np.zeros(0, np.uint8),
            "text_offsets": _offsets(self.joined("text_len", np.int64)),
            "sent_offsets": _offsets(self.joined("sent_count", np.int64)),
            "sent_tok_offsets": _offsets(self.joined("tok_count", np.int64)),
            "sent_start": self.joined("sent_start", np.int32),
            "sent_end": self.joined("sent_end", np.int32),
            "passage_para": self.joined("passage_para", np.int32),
            "passage_part": self.joined("passage_part", np.int32),
        }

    def splice(self, remap: Arr | None, n_terms: int, doc_len: Arr) -> Splice:
        """How the old matrix maps to the new one (``remap``: old → new term ids, or None)."""
        added = _joined(self.added_terms, np.int64)
        return Splice(
            self.doc_map,
            None if remap is None else remap[: self.old.matrix.n_terms],
            added if remap is None else remap[added].astype(np.int64),
            _joined(self.added_lengths, np.int64),
            _joined(self.added_docs, np.int64),
            doc_len,
            n_terms,
        )


def _joined(parts: list[Arr], dtype: type) -> Arr:
    return np.concatenate(parts).astype(dtype, copy=False) if parts else np.zeros(0, dtype)


def _offsets(counts: Arr) -> Arr:
    out = np.zeros(counts.size + 1, dtype=np.int64)
    np.cumsum(counts, out=out[1:])
    return out


__all__ = ["SplicedColumns"]
