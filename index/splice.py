"""Incremental indexing: a new index from an old one with some articles added or removed.

Only the added articles are tokenised; every other article's passages, sentences and term ids
are copied from the old index's arrays (an article is a contiguous slice of each,
:mod:`index.columns`); the BM25 matrix is merged from the old postings and the added ones and
every contribution recomputed (every idf moves when the passage count does,
:func:`index.bm25.splice_matrix`); after an add the look-up tables grow rather than being
made anew (:mod:`index.tablegrowth`). The result ranks exactly as
:func:`index.build.build_index` over the new corpus would: the same articles in the same
(file-name) order, the same passages and the same scores; only the numbering of terms
differs, which no ranking reads, and a word form seen only in removed articles whose term
is still used stays in the table of forms (it still leads to its stem, as stemming the word
would) until the next full build. Adding one article to 10,000 takes about a second of CPU
instead of minutes (docs/performance.md, "Adding an article").
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from itertools import compress
from typing import Any

import numpy as np

from index.background import corpus_background
from index.bm25 import splice_matrix
from index.bm25params import Bm25Params
from index.chunked import Chunk, tokenized
from index.columns import SplicedColumns
from index.identity import wanted_identity
from index.layout import searched
from index.lookups import lookup_arrays
from index.models import Article
from index.searchindex import ArticleMeta, SearchIndex
from index.tablegrowth import gaining_headlines, grown_headlines, grown_tables
from index.tokenizer import content_forms, stem

Arr = np.ndarray[Any, Any]


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
                list(compress(terms, used.tolist())),
                list(compress(forms, kept.tolist())),
                remap[form_terms[kept]],
                [remap[h[used[h]]] for h in headlines],
            ),
            remap,
        )


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
    cols = SplicedColumns(old)
    metas: list[ArticleMeta] = []
    heads: list[tuple[str, Arr | None]] = []
    first = 0
    for seg in _segments(old, drop, add):
        if isinstance(seg, Article):
            ((chunk, _),) = tokenized([seg], 1)
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
    return _assemble(cols, vocab, dropped, tuple(metas), heads, corpus_hash, params, started)


def _lookups(
    vocab: _Vocab, used: Arr | None, heads: list[tuple[str, Arr | None]]
) -> tuple[dict[str, Arr], Arr | None]:
    """The look-up arrays of the new index and the old → new term id map (None: unchanged).

    After every article is in: an old headline's word may be a new term now.
    """
    if used is not None and not used.all():  # terms dropped: every table made anew
        return vocab.tables(used, [vocab.headline(title, ids) for title, ids in heads])
    olds = [i for i, (_, ids) in enumerate(heads) if ids is not None]
    gaining = gaining_headlines([heads[i][0] for i in olds], vocab.new_terms.keys())
    redo = {olds[j] for j in gaining}
    tables = grown_tables(
        vocab.old.arrays,
        list(vocab.new_terms),
        list(vocab.new_forms),
        np.fromiter(vocab.new_forms.values(), np.int32, count=len(vocab.new_forms)),
    )
    headlines = grown_headlines(
        lambda i: heads[i][1],  # type: ignore[arg-type,return-value]
        [None if ids is None or i in redo else i for i, (_, ids) in enumerate(heads)],
        lambda i: vocab.headline(*heads[i]),
    )
    return {**tables, **headlines}, None


def _assemble(
    cols: SplicedColumns,
    vocab: _Vocab,
    dropped: bool,
    metas: tuple[ArticleMeta, ...],
    heads: list[tuple[str, Arr | None]],
    corpus_hash: str,
    params: Bm25Params,
    started: float,
) -> SearchIndex:
    tok_flat = cols.joined("tok_flat", np.int32)
    doc_len = cols.joined("doc_len", np.int32)
    # Terms only dropped articles used go, as a rebuild would not have them.
    used = np.bincount(tok_flat, minlength=vocab.size) > 0 if dropped else None
    tables, remap = _lookups(vocab, used, heads)
    n_terms = vocab.size
    if remap is not None and used is not None:
        tok_flat = remap[tok_flat]
        n_terms = int(used.sum())
    background = corpus_background(tables["term_english"], doc_len)
    change = cols.splice(remap, n_terms, doc_len)
    matrix = splice_matrix(cols.old.matrix, change, params, background)
    passages = np.repeat(
        np.arange(len(metas), dtype=np.int32),
        np.fromiter((m.passage_count for m in metas), dtype=np.int64, count=len(metas)),
    )
    arrays: dict[str, Arr] = {
        **cols.arrays(),
        "tok_flat": tok_flat,
        "passage_article": passages,
        **tables,
    }
    arrays.update(searched(matrix, passages))
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
