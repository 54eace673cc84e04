"""Incremental indexing: a new index from an old one with some articles added or removed.

Only the added articles are tokenised; every other article's passages, sentences and term ids
are copied from the old index's arrays (an article is a contiguous slice of each), and the BM25
matrix is recomputed from the tokens (every idf moves when the passage count does). The result
ranks exactly as :func:`index.build.build_index` over the new corpus would: the same articles
in the same (file-name) order, the same passages and the same scores; only the numbering of
terms differs, which no ranking reads, and word forms seen only in removed articles stay in
the table of forms (each still leads to its stem, as stemming the word would) until the next
full build. Adding one article to 10,000 takes about a second
instead of minutes (docs/performance.md, "Adding an article").
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from itertools import compress
from typing import Any

import numpy as np

from index.bm25 import build_matrix_flat
from index.bm25params import Bm25Params
from index.chunked import Chunk, tokenized
from index.identity import wanted_identity
from index.lookups import lookup_arrays
from index.models import Article
from index.searchindex import ArticleMeta, SearchIndex
from index.tokenizer import content_forms, stem

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


def file_order(article_id: str) -> str:
    """The key the corpus folder sorts an article's file by (its file name)."""
    return f"{article_id}.txt"


class _Vocab:
    """The old index's vocabulary, extended by the added articles' new terms and forms."""

    def __init__(self, index: SearchIndex) -> None:
        self.old = index
        self.n_old = len(index.terms)
        self.term_ids = index.term_ids
        self.forms = index.surface_forms
        self.new_terms: dict[str, int] = {}
        self.new_forms: dict[str, int] = {}

    def global_ids(self, chunk: Chunk) -> Arr:
        """The global term id of each of the chunk's local ids (new terms get new ids)."""
        out = np.empty(len(chunk.forms), dtype=np.int32)
        for i, (form, root) in enumerate(zip(chunk.forms, chunk.stems, strict=True)):
            tid = self.forms.get(form)
            if tid is None:
                tid = self.new_forms.get(form)
            if tid is None:
                tid = self.term_ids.get(root, self.new_terms.get(root))
                if tid is None:
                    tid = self.new_terms[root] = self.n_old + len(self.new_terms)
                self.new_forms[form] = tid
            out[i] = tid
        return out

    @property
    def size(self) -> int:
        """How many terms there are, new ones included."""
        return self.n_old + len(self.new_terms)

    def headline(self, title: str, old: Arr | None = None) -> Arr:
        """The term ids of a headline: an old article's (``old``) with any new term its words
        now have, or an added article's, as a full build would find them."""
        if old is not None and not self.new_terms:
            return old
        found = set() if old is None else set(old.tolist())
        for form in content_forms(title):
            tid = self.forms.get(form, self.new_forms.get(form))
            if tid is None:
                root = stem(form)
                tid = self.term_ids.get(root, self.new_terms.get(root))
            if tid is not None:
                found.add(tid)
        return np.fromiter(found, dtype=np.int32, count=len(found))

    def tables(self, used: Arr | None, headlines: list[Arr]) -> tuple[dict[str, Arr], Arr | None]:
        """The look-up arrays (``index.lookups``), and the old → new term id map when terms
        no passage uses any more are dropped (``used`` False for them)."""
        terms = [*self.old.terms.strings(), *self.new_terms]
        forms = [*self.old.surface_forms, *self.new_forms]
        form_terms = np.concatenate(
            (
                self.old.arrays["surface_term"],
                np.fromiter(self.new_forms.values(), np.int32, count=len(self.new_forms)),
            )
        ).astype(np.int32, copy=False)
        if used is None or used.all():  # only additions
            return lookup_arrays(terms, forms, form_terms, headlines), None
        remap = (np.cumsum(used) - 1).astype(np.int32)
        kept = used[form_terms]
        return (
            lookup_arrays(
                compress(terms, used.tolist()),
                compress(forms, kept.tolist()),
                remap[form_terms[kept]],
                [remap[h[used[h]]] for h in headlines],
            ),
            remap,
        )


class _Columns:
    """The new index's columns, appended one segment (old run or added article) at a time."""

    def __init__(self, old: SearchIndex) -> None:
        self.old = old
        self.parts: dict[str, list[Arr]] = {k: [] for k in _PARTS}
        self.text: list[Arr] = []

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
        add["tok_flat"].append(ids[tokens] if tokens.size else np.zeros(0, np.int32))
        add["passage_para"].append(pas[:, 2])
        add["passage_part"].append(pas[:, 3])
        add["doc_len"].append(tok_bounds[sent_ends] - tok_bounds[sent_ends - pas[:, 1]])

    def joined(self, name: str, dtype: type) -> Arr:
        parts = self.parts[name]
        return np.concatenate(parts).astype(dtype, copy=False) if parts else np.zeros(0, dtype)


def _offsets(counts: Arr) -> Arr:
    out = np.zeros(counts.size + 1, dtype=np.int64)
    np.cumsum(counts, out=out[1:])
    return out


def _segments(
    old: SearchIndex, drop: set[str], added: Sequence[Article]
) -> list[tuple[int, int] | Article]:
    """The new index's articles in file order: runs of kept old articles, and added ones."""
    entries: list[tuple[str, int, Article | None]] = [
        (file_order(m.id), m.number, None) for m in old.articles if m.id not in drop
    ]
    entries += [(file_order(a.id), -1, a) for a in added]
    entries.sort(key=lambda e: e[0])
    out: list[tuple[int, int] | Article] = []
    for _, number, art in entries:
        if art is not None:
            out.append(art)
        elif out and isinstance(out[-1], tuple) and out[-1][1] == number:
            out[-1] = (out[-1][0], number + 1)
        else:
            out.append((number, number + 1))
    return out


def splice_index(
    old: SearchIndex,
    add: Sequence[Article] = (),
    remove: Iterable[str] = (),
    corpus_hash: str = "",
    params: Bm25Params | None = None,
) -> SearchIndex:
    """``old`` with the articles ``remove`` (ids) dropped and ``add`` put in (replacing any
    of the same id), as :func:`index.build.build_index` would build it from the new corpus."""
    started = time.perf_counter()
    params = params or old.params
    drop = set(remove) | {a.id for a in add}
    vocab = _Vocab(old)
    cols = _Columns(old)
    metas: list[ArticleMeta] = []
    heads: list[tuple[str, Arr | None]] = []
    first = 0
    for seg in _segments(old, drop, add):
        if isinstance(seg, Article):
            (chunk,) = tokenized([seg], 1)
            cols.add_chunk(chunk, vocab.global_ids(chunk))
            heads.append((seg.title, None))
            counts: list[tuple[Article | ArticleMeta, int, int]] = [
                (seg, int(chunk.articles[0]), len(seg.paragraphs))
            ]
        else:
            cols.add_old(*seg)
            heads += [(m.title, old.headline_terms(m.number)) for m in old.articles[slice(*seg)]]
            counts = [
                (m, m.passage_count, m.paragraph_count) for m in old.articles[seg[0] : seg[1]]
            ]
        for m, n_passages, n_paragraphs in counts:
            metas.append(
                ArticleMeta(
                    *(len(metas), m.id, m.title, m.source, m.url, m.published),
                    *(first, n_passages, n_paragraphs),
                )
            )
            first += n_passages
    dropped = any(m.id in drop for m in old.articles)
    # After every article is in: an old headline's word may be a new term now.
    headlines = [vocab.headline(title, ids) for title, ids in heads]
    return _assemble(cols, vocab, dropped, tuple(metas), headlines, corpus_hash, params, started)


def _assemble(
    cols: _Columns,
    vocab: _Vocab,
    dropped: bool,
    metas: tuple[ArticleMeta, ...],
    headlines: list[Arr],
    corpus_hash: str,
    params: Bm25Params,
    started: float,
) -> SearchIndex:
    tok_flat = cols.joined("tok_flat", np.int32)
    doc_len = cols.joined("doc_len", np.int32)
    # Terms only dropped articles used go, as a rebuild would not have them.
    used = np.bincount(tok_flat, minlength=vocab.size) > 0 if dropped else None
    tables, remap = vocab.tables(used, headlines)
    n_terms = vocab.size
    if remap is not None and used is not None:
        tok_flat = remap[tok_flat]
        n_terms = int(used.sum())
    matrix = build_matrix_flat(tok_flat, doc_len, n_terms, params)
    passages = np.repeat(
        np.arange(len(metas), dtype=np.int32),
        np.fromiter((m.passage_count for m in metas), dtype=np.int64, count=len(metas)),
    )
    arrays: dict[str, Arr] = {
        "text_blob": np.concatenate(cols.text) if cols.text else np.zeros(0, np.uint8),
        "text_offsets": _offsets(cols.joined("text_len", np.int64)),
        "sent_offsets": _offsets(cols.joined("sent_count", np.int64)),
        "sent_tok_offsets": _offsets(cols.joined("tok_count", np.int64)),
        "sent_start": cols.joined("sent_start", np.int32),
        "sent_end": cols.joined("sent_end", np.int32),
        "tok_flat": tok_flat,
        "passage_para": cols.joined("passage_para", np.int32),
        "passage_part": cols.joined("passage_part", np.int32),
        "passage_article": passages,
        **tables,
    }
    for k in ("indptr", "indices", "data", "base", "idf", "df", "doc_len"):
        arrays[f"bm25_{k}"] = getattr(matrix, k)
    manifest: dict[str, Any] = {
        **wanted_identity(corpus_hash, params).to_json(),
        "counts": {
            "articles": len(metas),
            "passages": matrix.n_docs,
            "terms": n_terms,
            "tokens": int(tok_flat.size),
        },
        "build_seconds": round(time.perf_counter() - started, 3),
        "articles": [m.to_json() for m in metas],
    }
    return SearchIndex(manifest, matrix, arrays, metas)


__all__ = ["file_order", "splice_index"]
