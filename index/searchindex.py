"""SearchIndex: the loaded index: BM25 matrix, vocabulary, passages and article metadata.

Everything large is a read-only numpy view (of a memory map when loaded from disk), the
vocabulary and word forms included (string tables, ``index.strtable``: processes mapping one
file share them); passages and articles are materialised lazily, one at a time, so a CLI run
on a large index touches only what its answer needs.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from typing import Any

import numpy as np

from index.bm25 import Bm25Matrix
from index.bm25params import Bm25Params
from index.errors import QueryError
from index.lexicon import known_stem, stem_among
from index.lookups import TableMap
from index.models import Article, Passage, Span, passage_id
from index.strtable import StringTable


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    """An article as the index knows it: attribution and its contiguous passage range."""

    number: int
    id: str
    title: str
    source: str
    url: str | None
    published: str | None
    first_passage: int
    passage_count: int
    paragraph_count: int

    def to_json(self) -> dict[str, object]:
        """Manifest form."""
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "url": self.url,
            "published": self.published,
            "first_passage": self.first_passage,
            "passage_count": self.passage_count,
            "paragraph_count": self.paragraph_count,
        }


@dataclass(frozen=True, slots=True)
class IndexCounts:
    """How much an index holds."""

    articles: int
    passages: int
    terms: int
    tokens: int

    def to_json(self) -> dict[str, int]:
        """Manifest form."""
        return {name: getattr(self, name) for name in self.__slots__}


PASSAGE_CACHE = 4096
ARTICLE_CACHE = 256


@dataclass(eq=False)
class SearchIndex:
    """The searchable index. Build with :func:`index.build.build_index` or load a file."""

    manifest: dict[str, Any]
    matrix: Bm25Matrix
    arrays: dict[str, np.ndarray[Any, Any]]
    articles: tuple[ArticleMeta, ...]
    _article_cache: dict[int, Article] = field(default_factory=dict)
    _passage_cache: dict[int, Passage] = field(default_factory=dict)
    _sentence_cache: dict[int, tuple[tuple[int, ...], ...]] = field(default_factory=dict)
    _terms_cache: dict[int, frozenset[int]] = field(default_factory=dict)

    @property
    def params(self) -> Bm25Params:
        """BM25 parameters the matrix was built with."""
        return self.matrix.params

    @cached_property
    def counts(self) -> IndexCounts:
        """How many articles, passages, terms and tokens the index holds."""
        return IndexCounts(**self.manifest["counts"])

    @property
    def n_passages(self) -> int:
        """Number of passages."""
        return self.matrix.n_docs

    @cached_property
    def terms(self) -> StringTable:
        """Vocabulary, by term id (a view of the file's table: nothing is built)."""
        return StringTable(self.arrays, "vocab")

    @cached_property
    def term_ids(self) -> TableMap:
        """Term → term id (a view of the file's table)."""
        return TableMap(self.terms)

    @cached_property
    def surface_forms(self) -> TableMap:
        """Every case-folded word form seen in the corpus (stopwords excepted) → its term id
        (a view of the file's table)."""
        return TableMap(StringTable(self.arrays, "surface"), self.arrays["surface_term"])

    def term_of(self, form: str) -> int | None:
        """The term a word form searches: the form itself when the corpus uses it, else its
        stem's (None when neither is in the vocabulary)."""
        tid = self.surface_forms.get(form)
        if tid is not None:
            return tid
        term = stem_among(form, self.term_ids.having)
        return None if term is None else self.term_ids.get(term)

    def stem_of(self, form: str) -> str:
        """The stem of a word form, read from the index when the corpus uses the form (no
        stemmer is loaded for it), else computed."""
        tid = self.surface_forms.get(form)
        return self.terms[tid] if tid is not None else known_stem(form)

    def stem_in(self, form: str, stems: Collection[str]) -> str | None:
        """The stem of a word form when ``stems`` holds it, else None (the stemmer is loaded
        only when ``stems`` holds a string the stem could be)."""
        tid = self.surface_forms.get(form)
        if tid is not None:
            term = self.terms[tid]
            return term if term in stems else None
        return stem_among(form, lambda strings: [s for s in strings if s in stems])

    def headline_terms(self, article: int) -> np.ndarray[Any, np.dtype[np.int32]]:
        """The term ids of an article's headline words the corpus has (sorted)."""
        starts = self.arrays["headline_starts"]
        lo, hi = int(starts[article]), int(starts[article + 1])
        return self.arrays["headline_terms"][lo:hi]

    def headline_articles(self, term_id: int) -> np.ndarray[Any, np.dtype[np.int32]]:
        """The numbers of the articles whose headline has the term (ascending)."""
        post = self.arrays["headline_post_term"]
        # As the array's own integer type: a Python int would cast a copy of it first.
        lo, hi = post.searchsorted(np.array((term_id, term_id + 1), dtype=post.dtype)).tolist()
        return self.arrays["headline_post_article"][lo:hi]

    def term_articles(self, term_id: int) -> tuple[np.ndarray[Any, Any], ...]:
        """The articles holding the term (ascending), its frequency summed over each and its
        best contribution in any of each one's passages (``index.articlepostings``)."""
        lo, hi = self.arrays["art_indptr"][term_id : term_id + 2].tolist()
        a = self.arrays
        return a["art_article"][lo:hi], a["art_tf"][lo:hi], a["art_most"][lo:hi]

    @cached_property
    def _article_numbers(self) -> dict[str, int]:
        return {a.id: a.number for a in self.articles}

    def passage(self, i: int) -> Passage:
        """Passage number ``i`` (0-based, in index order); the last few thousand are kept
        (answering looks at the same candidates several times)."""
        cached = self._passage_cache.get(i)
        if cached is None:
            if len(self._passage_cache) >= PASSAGE_CACHE:
                self._passage_cache.clear()
            cached = self._passage_cache[i] = self._read_passage(i)
        return cached

    def _read_passage(self, i: int) -> Passage:
        a = self.arrays
        lo, hi = int(a["text_offsets"][i]), int(a["text_offsets"][i + 1])
        text = a["text_blob"][lo:hi].tobytes().decode("utf-8")
        s_lo, s_hi = int(a["sent_offsets"][i]), int(a["sent_offsets"][i + 1])
        spans = tuple(
            Span(int(s), int(e))
            for s, e in zip(a["sent_start"][s_lo:s_hi], a["sent_end"][s_lo:s_hi], strict=True)
        )
        meta = self.articles[int(a["passage_article"][i])]
        para, part = int(a["passage_para"][i]), int(a["passage_part"][i])
        return Passage(passage_id(meta.id, para, part), meta.id, (para,), text, spans)

    def passage_number(self, passage_id: str) -> int:
        """The number (index order) of the passage with this id; QueryError if there is none."""
        article_id = passage_id.rpartition(":")[0]
        number = self._article_numbers.get(article_id)
        if number is not None:
            meta = self.articles[number]
            for i in range(meta.first_passage, meta.first_passage + meta.passage_count):
                if self.passage(i).id == passage_id:
                    return i
        raise QueryError(f"no passage {passage_id!r}")

    def sentence_term_ids(self, i: int) -> tuple[tuple[int, ...], ...]:
        """Term ids of each sentence of passage ``i`` (the tokens BM25 saw, in order); kept
        for the last few thousand passages, as passages are."""
        cached = self._sentence_cache.get(i)
        if cached is None:
            if len(self._sentence_cache) >= PASSAGE_CACHE:
                self._sentence_cache.clear()
            a = self.arrays
            s_lo, s_hi = int(a["sent_offsets"][i]), int(a["sent_offsets"][i + 1])
            bounds = a["sent_tok_offsets"][s_lo : s_hi + 1].tolist()
            flat = a["tok_flat"][bounds[0] : bounds[-1]].tolist()
            start = bounds[0]
            cached = self._sentence_cache[i] = tuple(
                tuple(flat[bounds[j] - start : bounds[j + 1] - start])
                for j in range(len(bounds) - 1)
            )
        return cached

    def passage_terms(self, i: int) -> frozenset[int]:
        """The distinct term ids of passage ``i``; kept for the last few thousand passages
        (answering asks which question words a candidate holds again and again)."""
        cached = self._terms_cache.get(i)
        if cached is None:
            if len(self._terms_cache) >= PASSAGE_CACHE:
                self._terms_cache.clear()
            cached = self._terms_cache[i] = frozenset(
                chain.from_iterable(self.sentence_term_ids(i))
            )
        return cached

    def passage_term_ids(self, i: int) -> list[int]:
        """Term ids of passage ``i`` in order (what BM25 indexed)."""
        a = self.arrays
        s_lo, s_hi = int(a["sent_offsets"][i]), int(a["sent_offsets"][i + 1])
        lo, hi = int(a["sent_tok_offsets"][s_lo]), int(a["sent_tok_offsets"][s_hi])
        return a["tok_flat"][lo:hi].tolist()  # type: ignore[no-any-return]

    def article_of(self, passage: int) -> ArticleMeta:
        """The article a passage belongs to."""
        return self.articles[int(self.arrays["passage_article"][passage])]

    def find_article(self, key: str) -> ArticleMeta:
        """An article by exact id, else by unique case-insensitive title or id prefix."""
        if key in self._article_numbers:
            return self.articles[self._article_numbers[key]]
        k = key.strip().casefold()
        matches = [
            a
            for a in self.articles
            if k and (a.title.casefold().startswith(k) or a.id.casefold().startswith(k))
        ]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise QueryError(f"no article matches {key!r} (see `articlebot summary --list`)")
        raise QueryError(f"{len(matches)} articles match {key!r}; give more of the id or title")

    def article(self, key: int | str) -> Article:
        """The full :class:`Article` (paragraphs rebuilt from its passages), by number or id;
        the last few hundred are kept."""
        number = key if isinstance(key, int) else self.find_article(key).number
        if number not in self._article_cache:
            if len(self._article_cache) >= ARTICLE_CACHE:
                self._article_cache.clear()  # bounded: a bot reads article after article
            meta = self.articles[number]
            # One read of the article's text (its passages are contiguous), no Passage built.
            lo, hi = meta.first_passage, meta.first_passage + meta.passage_count
            offsets = self.arrays["text_offsets"][lo : hi + 1].tolist()
            raw = self.arrays["text_blob"][offsets[0] : offsets[-1]].tobytes()
            paragraphs: dict[int, list[str]] = {}
            for j, para in enumerate(self.arrays["passage_para"][lo:hi].tolist()):
                start, end = offsets[j] - offsets[0], offsets[j + 1] - offsets[0]
                paragraphs.setdefault(para, []).append(raw[start:end].decode("utf-8"))
            body = tuple(
                " ".join(paragraphs.get(n, [])) for n in range(1, meta.paragraph_count + 1)
            )
            self._article_cache[number] = Article(
                meta.id, meta.title, meta.source, body, meta.url, meta.published
            )
        return self._article_cache[number]

    def passage_range(self, article: str | None) -> tuple[int, int]:
        """The passage range ``[lo, hi)`` of one article, or of the whole index for None."""
        if article is None:
            return 0, self.n_passages
        meta = self.find_article(article)
        return meta.first_passage, meta.first_passage + meta.passage_count


__all__ = ["ArticleMeta", "IndexCounts", "SearchIndex"]
