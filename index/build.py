"""Build, save, load and open the index: corpus → passages → terms → BM25 matrix → file.

:func:`open_index` is what front ends call: it loads the index file when it is fresh (same
corpus content, tokenizer, format and parameters) and otherwise rebuilds and saves it, saying
why in the returned :class:`OpenedIndex`, so a changed corpus is never answered from a stale
index.
"""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from index.bm25 import Bm25Matrix, Bm25Params, build_matrix
from index.corpus import CorpusProblem, corpus_files, fingerprint, load_corpus
from index.errors import IndexFileError, SettingsError
from index.models import Article
from index.passages import MAX_WORDS, split_passages
from index.searchindex import ArticleMeta, SearchIndex
from index.store import FORMAT_VERSION, read_index_file, read_manifest, write_index_file
from index.text import TOKENIZER_VERSION, is_stopword, stem, words

Progress = Callable[[int, int], None]
_MATRIX_ARRAYS = ("indptr", "indices", "data", "base", "idf", "df", "doc_len")
_ARRAYS = ("text_blob", "text_offsets", "sent_offsets", "sent_tok_offsets", "sent_start",
           "sent_end", "tok_flat", "passage_para", "passage_part", "passage_article",
           "vocab_blob", "surface_blob", "surface_term", *(f"bm25_{k}" for k in _MATRIX_ARRAYS))


@dataclass(frozen=True, slots=True)
class OpenedIndex:
    """An index ready to search, and how it was obtained (``reason`` says why it was rebuilt)."""

    index: SearchIndex
    rebuilt: bool
    reason: str
    problems: tuple[CorpusProblem, ...] = ()


def _blob(items: list[str]) -> np.ndarray[Any, Any]:
    return np.frombuffer("\n".join(items).encode("utf-8"), dtype=np.uint8).copy()


class _Builder:
    """Accumulates passages into flat arrays; one instance builds one index."""

    def __init__(self) -> None:
        self.vocab: dict[str, int] = {}
        self.surface: dict[str, int] = {}
        self.text = bytearray()
        self.cols: dict[str, list[int]] = {k: [] for k in (
            "passage_para", "passage_part", "passage_article", "sent_start", "sent_end", "tok_flat")}
        self.text_offsets = [0]
        self.sent_offsets = [0]
        self.tok_offsets = [0]
        self.docs: list[list[int]] = []

    def sentence_terms(self, sentence: str) -> list[int]:
        out: list[int] = []
        for w in words(unicodedata.normalize("NFKC", sentence)):
            if is_stopword(w):
                continue
            tid = self.surface.get(w.form)
            if tid is None:
                tid = self.vocab.setdefault(stem(w.form), len(self.vocab))
                self.surface[w.form] = tid
            out.append(tid)
        return out

    def add_article(self, number: int, article: Article) -> ArticleMeta:
        passages = split_passages(article, MAX_WORDS)
        first = len(self.docs)
        counts: dict[int, int] = {}
        for p in passages:
            counts[p.paragraph] = counts.get(p.paragraph, 0) + 1
        seen: dict[int, int] = {}
        c = self.cols
        for p in passages:
            doc: list[int] = []
            for span in p.sentences:
                doc.extend(self.sentence_terms(span.of(p.text)))
                self.tok_offsets.append(len(c["tok_flat"]) + len(doc))
                c["sent_start"].append(span.start)
                c["sent_end"].append(span.end)
            c["tok_flat"].extend(doc)
            self.docs.append(doc)
            self.text.extend(p.text.encode("utf-8"))
            self.text_offsets.append(len(self.text))
            self.sent_offsets.append(len(c["sent_start"]))
            seen[p.paragraph] = seen.get(p.paragraph, 0) + 1
            c["passage_para"].append(p.paragraph)
            c["passage_part"].append(seen[p.paragraph] if counts[p.paragraph] > 1 else 0)
            c["passage_article"].append(number)
        return ArticleMeta(number, article.id, article.title, article.source, article.url,
                           article.published, first, len(passages), len(article.paragraphs))

    def arrays(self, matrix: Bm25Matrix) -> dict[str, np.ndarray[Any, Any]]:
        c = self.cols
        surface_forms = list(self.surface)
        out: dict[str, np.ndarray[Any, Any]] = {
            "text_blob": np.frombuffer(bytes(self.text), dtype=np.uint8),
            "text_offsets": np.asarray(self.text_offsets, dtype=np.int64),
            "sent_offsets": np.asarray(self.sent_offsets, dtype=np.int64),
            "sent_tok_offsets": np.asarray(self.tok_offsets, dtype=np.int64),
            "sent_start": np.asarray(c["sent_start"], dtype=np.int32),
            "sent_end": np.asarray(c["sent_end"], dtype=np.int32),
            "tok_flat": np.asarray(c["tok_flat"], dtype=np.int32),
            "passage_para": np.asarray(c["passage_para"], dtype=np.int32),
            "passage_part": np.asarray(c["passage_part"], dtype=np.int32),
            "passage_article": np.asarray(c["passage_article"], dtype=np.int32),
            "vocab_blob": _blob(list(self.vocab)),
            "surface_blob": _blob(surface_forms),
            "surface_term": np.asarray([self.surface[f] for f in surface_forms], dtype=np.int32),
        }
        out.update({f"bm25_{k}": getattr(matrix, k) for k in _MATRIX_ARRAYS})
        return out


def build_index(articles: Sequence[Article], params: Bm25Params | None = None,
                corpus_hash: str = "", progress: Progress | None = None) -> SearchIndex:
    """Build a :class:`SearchIndex` in memory from parsed articles."""
    params = params or Bm25Params()
    started = time.perf_counter()
    b = _Builder()
    metas: list[ArticleMeta] = []
    for number, article in enumerate(articles):
        metas.append(b.add_article(number, article))
        if progress:
            progress(number + 1, len(articles))
    matrix = build_matrix(b.docs, len(b.vocab), params)
    manifest: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "tokenizer_version": TOKENIZER_VERSION,
        "corpus_hash": corpus_hash,
        "bm25": params.to_json(),
        "max_passage_words": MAX_WORDS,
        "counts": {"articles": len(metas), "passages": len(b.docs), "terms": len(b.vocab),
                   "tokens": len(b.cols["tok_flat"])},
        "build_seconds": round(time.perf_counter() - started, 3),
        "articles": [m.to_json() for m in metas],
    }
    return SearchIndex(manifest, matrix, b.arrays(matrix), tuple(metas))


def save_index(index: SearchIndex, path: Path | str) -> None:
    """Write the index file atomically."""
    write_index_file(Path(path), index.manifest, index.arrays)


def _params_from(manifest: dict[str, Any]) -> Bm25Params:
    p = manifest["bm25"]
    return Bm25Params(variant=p["variant"], k1=p["k1"], b=p["b"], delta=p["delta"],
                      epsilon=p["epsilon"])


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
            f"this articlebot uses {TOKENIZER_VERSION!r}; rebuild it", str(path))
    # Arrays are read lazily while answering: a missing one must fail here, not mid-answer.
    missing = [name for name in _ARRAYS if name not in a]
    if missing:
        raise IndexFileError(f"index file {path} is corrupt (missing {', '.join(missing)})",
                             str(path))
    try:
        matrix = Bm25Matrix(_params_from(m), *(a[f"bm25_{k}"] for k in _MATRIX_ARRAYS))
        metas = tuple(ArticleMeta(number=i, **meta) for i, meta in enumerate(m["articles"]))
        n = matrix.n_docs
        if (a["text_offsets"].shape[0] != n + 1 or a["passage_article"].shape[0] != n
                or matrix.indptr.shape[0] != matrix.n_terms + 1):
            raise IndexFileError(f"index file {path} is inconsistent (array sizes)", str(path))
    except (KeyError, TypeError) as exc:
        raise IndexFileError(f"index file {path} is corrupt (missing {exc})", str(path)) from exc
    except SettingsError as exc:
        raise IndexFileError(f"index file {path} is corrupt ({exc})", str(path)) from exc
    return SearchIndex(m, matrix, a, metas)


def _stale_reason(manifest: dict[str, Any], corpus_hash: str, params: Bm25Params) -> str:
    if manifest.get("format_version") != FORMAT_VERSION:
        return "index format changed"
    if manifest.get("tokenizer_version") != TOKENIZER_VERSION:
        return "tokenizer changed"
    if manifest.get("corpus_hash") != corpus_hash:
        return "corpus changed"
    if manifest.get("bm25") != params.to_json():
        return "BM25 parameters changed"
    return ""


def open_index(corpus: Path | str, index_path: Path | str, params: Bm25Params | None = None,
               progress: Progress | None = None) -> OpenedIndex:
    """A fresh index for ``corpus``: loaded from ``index_path`` or rebuilt and saved there.

    A stale, corrupt or missing index file is rebuilt (``reason`` says why); a corpus that
    cannot be read raises :class:`index.errors.CorpusError`.
    """
    params = params or Bm25Params()
    corpus, index_path = Path(corpus), Path(index_path)
    files = corpus_files(corpus)
    corpus_hash = fingerprint(files)
    reason = "no index file"
    if index_path.exists():
        try:
            reason = _stale_reason(read_manifest(index_path), corpus_hash, params)
            if not reason:
                return OpenedIndex(load_index(index_path), False, "")
        except IndexFileError as exc:
            reason = str(exc)
    loaded = load_corpus(corpus)
    index = build_index(loaded.articles, params, loaded.fingerprint, progress)
    save_index(index, index_path)
    return OpenedIndex(load_index(index_path), True, reason, loaded.problems)


__all__ = ["OpenedIndex", "build_index", "load_index", "open_index", "save_index"]
