"""Build, save, load and open the index: corpus → passages → terms → BM25 matrix → file.

:func:`open_index` is what front ends call: it loads the index file when it is fresh (same
corpus content, tokenizer, format and parameters) and otherwise rebuilds and saves it, saying
why in its :class:`OpenedIndex`: a changed corpus is never answered from a stale index.
"""

from __future__ import annotations

import time
from array import array
from collections.abc import Callable, Iterable, Sequence, Sized
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from index.background import corpus_background, term_english
from index.bm25 import Bm25Matrix
from index.bm25params import TUNED, Bm25Params
from index.chunked import Chunk, tokenized
from index.corpus import Corpus, CorpusProblem, CorpusReader
from index.errors import IndexFileError, SettingsError
from index.freshness import corpus_fingerprint, remember, table_path
from index.identity import CORPUS_CHANGED, IndexIdentity, identity_of, wanted_identity
from index.layout import ARRAYS, COLUMNS, MATRIX_ARRAYS, OFFSET_COLUMNS, matrix_array, searched
from index.lookups import lookup_arrays
from index.models import Article
from index.postings import PostingBlocks
from index.searchindex import ArticleMeta, IndexCounts, SearchIndex
from index.store import read_index_file, read_manifest, write_index_file
from index.tokenizer import TOKENIZER_VERSION, content_forms, stem

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class OpenedIndex:
    """An index ready to search, and how it was obtained (``reason`` says why it was rebuilt)."""

    index: SearchIndex
    rebuilt: bool
    reason: str
    problems: tuple[CorpusProblem, ...] = ()


def _ints(a: array[int], width: int = 1) -> np.ndarray[Any, Any]:
    """An ``array("i")`` as int32 numpy rows of ``width`` (no copy)."""
    return np.frombuffer(a, dtype=np.intc).astype(np.int32, copy=False).reshape(-1, width)


class _Builder:
    """Accumulates tokenised chunks into the index's flat arrays; one instance builds one index.

    Term ids are given in order of first use over the whole corpus, form by form, exactly as
    if one process had read every article in order, however the chunks were produced.
    """

    def __init__(self) -> None:
        self.vocab: dict[str, int] = {}
        self.surface: dict[str, int] = {}
        self.parts: dict[str, list[np.ndarray[Any, Any]]] = {k: [] for k in COLUMNS}
        self.text = bytearray()  # grown in place: a list joined at the end takes twice the room
        self.ends = dict.fromkeys(("text", "sentences", "tokens", "passages"), 0)
        self.postings = PostingBlocks()  # the matrix's, sorted block by block

    def add_chunk(
        self, chunk: Chunk, articles: Sequence[Article], first_number: int
    ) -> list[ArticleMeta]:
        """Append a chunk (of ``articles``, numbered from ``first_number``); their metadata."""
        ids = np.empty(len(chunk.forms), dtype=np.int32)
        for i, (form, root) in enumerate(zip(chunk.forms, chunk.stems, strict=True)):
            tid = self.surface.get(form)
            if tid is None:
                tid = self.vocab.setdefault(root, len(self.vocab))
                self.surface[form] = tid
            ids[i] = tid
        sent, pas = _ints(chunk.sentences, 3), _ints(chunk.passages, 4)
        per_article = _ints(chunk.articles)[:, 0]
        tok_ends = np.cumsum(sent[:, 0], dtype=np.int64)
        sent_ends = np.cumsum(pas[:, 1], dtype=np.int64)
        sent_tok = np.concatenate(([0], tok_ends))
        e = self.ends
        add = self.parts
        add["tok_flat"].append(ids[_ints(chunk.tokens)[:, 0]])
        add["sent_tok_offsets"].append(e["tokens"] + tok_ends)
        add["sent_start"].append(sent[:, 1].copy())
        add["sent_end"].append(sent[:, 2].copy())
        add["sent_offsets"].append(e["sentences"] + sent_ends)
        add["text_offsets"].append(e["text"] + np.cumsum(pas[:, 0], dtype=np.int64))
        add["doc_len"].append(
            (sent_tok[sent_ends] - sent_tok[sent_ends - pas[:, 1]]).astype(np.int32)
        )
        self.postings.add(add["tok_flat"][-1], add["doc_len"][-1])
        add["passage_para"].append(pas[:, 2].copy())
        add["passage_part"].append(pas[:, 3].copy())
        numbers = np.arange(first_number, first_number + len(articles), dtype=np.int32)
        add["passage_article"].append(np.repeat(numbers, per_article))
        self.text += chunk.text
        metas = []
        first = e["passages"]
        for a, number, count in zip(articles, numbers.tolist(), per_article.tolist(), strict=True):
            metas.append(
                ArticleMeta(
                    number,
                    a.id,
                    a.title,
                    a.source,
                    a.url,
                    a.published,
                    first,
                    count,
                    len(a.paragraphs),
                )
            )
            first += count
        e["text"] += len(chunk.text)
        e["sentences"] += len(sent)
        e["tokens"] += len(chunk.tokens)
        e["passages"] = first
        return metas

    def column(self, name: str) -> np.ndarray[Any, Any]:
        """One accumulated column, chunks joined once (offsets start with their leading 0)."""
        dtype = np.int64 if name in OFFSET_COLUMNS else np.int32
        parts = ([np.zeros(1, dtype=dtype)] if name in OFFSET_COLUMNS else []) + self.parts[name]
        joined = parts[0] if len(parts) == 1 else np.concatenate(parts) if parts else None
        out: np.ndarray[Any, Any] = np.zeros(0, dtype) if joined is None else joined
        if name not in OFFSET_COLUMNS:
            self.parts[name] = [out]  # the chunks' copies go (tok_flat is asked for twice)
        return out.astype(dtype, copy=False)

    def headline(self, title: str) -> set[int]:
        """The term ids of a headline's words the corpus has (headlines are not passages)."""
        out = set()
        for form in content_forms(title):
            tid = self.surface.get(form)
            if tid is None:
                tid = self.vocab.get(stem(form))
            if tid is not None:
                out.add(tid)
        return out

    def english(self) -> np.ndarray[Any, Any]:
        """How often each term occurs in English (``index.background``)."""
        terms = np.fromiter(self.surface.values(), dtype=np.int32, count=len(self.surface))
        return term_english(list(self.surface), terms, len(self.vocab))

    def arrays(
        self, matrix: Bm25Matrix, titles: Sequence[str], english: np.ndarray[Any, Any]
    ) -> dict[str, np.ndarray[Any, Any]]:
        out: dict[str, np.ndarray[Any, Any]] = {
            "text_blob": np.frombuffer(self.text, dtype=np.uint8),
            **{k: self.column(k) for k in COLUMNS if k != "doc_len"},
            **lookup_arrays(
                list(self.vocab),
                list(self.surface),
                np.fromiter(self.surface.values(), dtype=np.int32, count=len(self.surface)),
                [self.headline(title) for title in titles],
                english,
            ),
        }
        out.update(searched(matrix, out["passage_article"]))  # matrix, per-article postings
        out["text_blob"].flags.writeable = False  # as from bytes: the index is read-only
        return out


def build_index(
    articles: Iterable[Article],
    params: Bm25Params | None = None,
    corpus_hash: str = "",
    progress: Progress | None = None,
    workers: int = 1,
) -> SearchIndex:
    """Build a :class:`SearchIndex` in memory from parsed articles: a sequence, or a
    :class:`~index.corpus.CorpusReader` read file by file as the build goes (it holds no more
    of the corpus than its workers are tokenising), whose fingerprint is then ``corpus_hash``.

    ``workers`` > 1 tokenises corpora of a few hundred articles or more in that many spawned
    processes (the same index, sooner), which import the caller's main module again: pass it
    only from a program working under ``if __name__ == "__main__"`` (``articlebot`` does).
    """
    params = params or TUNED
    started = time.perf_counter()
    b = _Builder()
    metas: list[ArticleMeta] = []
    total = len(articles) if isinstance(articles, Sized) else 0
    for chunk, taken in tokenized(articles, workers, total):
        first = len(metas)
        metas.extend(b.add_chunk(chunk, taken, first))
        if progress:
            for done in range(first + 1, len(metas) + 1):
                progress(done, total)
    if isinstance(articles, CorpusReader):
        corpus_hash = articles.corpus().fingerprint
    doc_len, english = b.column("doc_len"), b.english()
    matrix = b.postings.matrix(doc_len, len(b.vocab), params, corpus_background(english, doc_len))
    manifest: dict[str, Any] = {
        **wanted_identity(corpus_hash, params).to_json(),
        "counts": IndexCounts(len(metas), matrix.n_docs, len(b.vocab), b.ends["tokens"]).to_json(),
        "build_seconds": round(time.perf_counter() - started, 3),
        "articles": [m.to_json() for m in metas],
    }
    arrays = b.arrays(matrix, [m.title for m in metas], english)
    return SearchIndex(manifest, matrix, arrays, tuple(metas))


def save_index(index: SearchIndex, path: Path | str, corpus: Corpus | None = None) -> None:
    """Write the index file atomically; given the ``corpus`` it was built from, also the stat
    table beside it (:mod:`index.freshness`), so the next check reads no article."""
    write_index_file(Path(path), index.manifest, index.arrays)
    if corpus is not None:
        remember(table_path(Path(path)), corpus)


def load_index(path: Path | str, verify: bool = True) -> SearchIndex:
    """Load an index file (memory-mapped); raise :class:`IndexFileError` on any defect."""
    path = Path(path)
    if not path.exists():
        raise IndexFileError(f"index file not found: {path} (run `articlebot index`)", str(path))
    f = read_index_file(path, verify=verify)
    m, a = f.manifest, f.arrays
    if m.get("tokenizer_version") != TOKENIZER_VERSION:
        raise IndexFileError(
            f"index file {path} was built by tokenizer {m.get('tokenizer_version')!r}, "
            f"this articlebot uses {TOKENIZER_VERSION!r}; rebuild it",
            str(path),
        )
    # Arrays are read lazily while answering: a missing one must fail here, not mid-answer.
    missing = [name for name in ARRAYS if name not in a]
    if missing:
        raise IndexFileError(
            f"index file {path} is corrupt (missing {', '.join(missing)})", str(path)
        )
    try:
        matrix = Bm25Matrix(
            Bm25Params.from_json(m["bm25"]), *(a[matrix_array(k)] for k in MATRIX_ARRAYS)
        )
        metas = tuple(ArticleMeta(number=i, **meta) for i, meta in enumerate(m["articles"]))
        n = matrix.n_docs
        if (
            a["text_offsets"].shape[0] != n + 1
            or a["passage_article"].shape[0] != n
            or matrix.indptr.shape[0] != matrix.n_terms + 1
        ):
            raise IndexFileError(f"index file {path} is inconsistent (array sizes)", str(path))
    except (KeyError, TypeError) as exc:
        raise IndexFileError(f"index file {path} is corrupt (missing {exc})", str(path)) from exc
    except SettingsError as exc:
        raise IndexFileError(f"index file {path} is corrupt ({exc})", str(path)) from exc
    return SearchIndex(m, matrix, a, metas)


def _stale_reason(have: IndexIdentity, corpus: Path, index_path: Path, params: Bm25Params) -> str:
    """Why the index of identity ``have`` does not serve ``corpus`` ("" when it does).

    The corpus fingerprint comes from a stat check (:mod:`index.freshness`); when it says the
    corpus changed although some digests came from the table, every file is hashed before a
    rebuild is decided (so an outdated table costs one full read, never a rebuild loop).
    """
    table = table_path(index_path)
    seen = corpus_fingerprint(corpus, table)
    reason = have.stale_reason(wanted_identity(seen.value, params))
    if reason == CORPUS_CHANGED and seen.hashed < len(seen.files):
        seen = corpus_fingerprint(corpus, table, verify=True)
        reason = have.stale_reason(wanted_identity(seen.value, params))
    return reason


def open_index(
    corpus: Path | str,
    index_path: Path | str,
    params: Bm25Params | None = None,
    progress: Progress | None = None,
) -> OpenedIndex:
    """A fresh index for ``corpus``: loaded from ``index_path`` or rebuilt and saved there.

    A stale, corrupt or missing index file is rebuilt (``reason`` says why); a corpus that
    cannot be read raises :class:`index.errors.CorpusError`.
    """
    params = params or TUNED
    corpus, index_path = Path(corpus), Path(index_path)
    reason = "no index file"
    if index_path.exists():
        try:
            have = identity_of(read_manifest(index_path))
            reason = _stale_reason(have, corpus, index_path, params)
            if not reason:
                return OpenedIndex(load_index(index_path), False, "")
        except IndexFileError as exc:
            reason = str(exc)
    reader = CorpusReader(corpus)
    index = build_index(reader, params, progress=progress)
    loaded = reader.corpus()
    save_index(index, index_path, loaded)
    return OpenedIndex(load_index(index_path), True, reason, loaded.problems)


__all__ = [
    "OpenedIndex",
    "build_index",
    "load_index",
    "open_index",
    "save_index",
]
