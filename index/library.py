"""Library: the core's one face. Both fronts (CLI, Discord) hold one and only translate.

A question is read once (:func:`~index.query.parse_query` gives the query and its shape), the
query is ranked and answered, and the result carries what it used: the :class:`Query` (its
kind, the terms a conversation carried), the article it was limited to, how many passages
were asked for. "More passages" continues a stored query's own ranking (:meth:`Library.more`),
and a button can rebuild that query exactly (:meth:`Library.restore`).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from index.answering import answer
from index.answertype import AnswerKind
from index.bm25params import Bm25Params
from index.build import OpenedIndex, Progress, open_index
from index.conversation import Conversation
from index.errors import QueryError
from index.identity import IndexIdentity, identity_of
from index.limits import DEFAULT_K, MAX_K, MAX_TOPIC_CHARS, check_k, check_question
from index.models import Answer, Article, Hit, Summary
from index.query import Query, QueryTerm, parse_query
from index.searchindex import ArticleMeta, SearchIndex
from index.summary import summarize

_WARM_UP = "how many words warm up the stemmer and the spellling index?"


@dataclass(frozen=True, slots=True)
class Asked:
    """An answer and what it used: the query searched (with its kind and carried terms), the
    article the search was limited to, and how many passages were asked for."""

    answer: Answer
    query: Query
    article: ArticleMeta | None
    k: int

    @property
    def kind(self) -> AnswerKind:
        """The kind of answer the question asked for (a follow-up's may be inherited)."""
        return self.query.kind


@dataclass(frozen=True, slots=True)
class Page:
    """Some passages of a query's ranking, ranked as in the whole ranking, and how many
    passages the ranking holds in all (counting those shown before)."""

    hits: tuple[Hit, ...]
    total: int


class Library:
    """An opened index and everything asked of it: answers, follow-ups, more passages,
    searches, summaries and the articles. Conversations belong to the caller (one
    :class:`~index.conversation.Conversation` per asker, or :class:`~index.sessions.Sessions`)."""

    def __init__(
        self, index: SearchIndex, *, top_k: int = DEFAULT_K, opened: OpenedIndex | None = None
    ) -> None:
        self.index = index
        self.top_k = check_k(top_k)
        self.opened = opened
        self.identity: IndexIdentity = identity_of(index.manifest)

    @classmethod
    def open(
        cls,
        corpus: Path | str,
        index_file: Path | str,
        params: Bm25Params | None = None,
        *,
        top_k: int = DEFAULT_K,
        progress: Progress | None = None,
    ) -> Library:
        """The library of ``corpus``, its index loaded from ``index_file`` or rebuilt there when
        stale (``opened`` says whether and why, and which files were skipped)."""
        opened = open_index(corpus, index_file, params, progress)
        return cls(opened.index, top_k=top_k, opened=opened)

    # -- articles ----------------------------------------------------------------------------

    @property
    def articles(self) -> tuple[ArticleMeta, ...]:
        """Every article, in index order."""
        return self.index.articles

    def find(self, key: str | None) -> ArticleMeta | None:
        """The article ``key`` names (id, or unique id or title prefix); None for no key.
        Raise :class:`QueryError` when no single article matches."""
        if key is None or not key.strip():
            return None
        return self.index.find_article(key.strip())

    def article(self, key: int | str) -> Article:
        """An article in full, by number or by what :meth:`find` accepts."""
        return self.index.article(key)

    # -- questions ---------------------------------------------------------------------------

    def read(self, question: str, what: str = "question") -> Query:
        """The query ``question`` asks (checked: not empty, not too long)."""
        return parse_query(self.index, check_question(question, what))

    def ask(
        self,
        question: str,
        *,
        k: int | None = None,
        article: str | None = None,
        conversation: Conversation | None = None,
    ) -> Asked:
        """Answer ``question``, as the next turn of ``conversation`` when given (a follow-up
        carries terms of earlier turns and may inherit what they asked for)."""
        text = check_question(question)
        meta = self.find(article)
        k = k or self.top_k
        limit = meta.id if meta else None
        if conversation is None:
            ans = answer(self.index, parse_query(self.index, text), k, limit)
        else:
            ans = conversation.ask(self.index, text, k=k, article=limit)
        assert ans.searched is not None  # answer() always records its query
        return Asked(ans, ans.searched, meta, k)

    def search(self, text: str, *, k: int | None = None, article: str | None = None) -> Asked:
        """Rank passages for ``text`` outside any conversation (the verdict to abstain is in
        the answer, for the caller to show or not)."""
        meta = self.find(article)
        k = k or self.top_k
        ans = answer(self.index, self.read(text, "search"), k, meta.id if meta else None)
        assert ans.searched is not None
        return Asked(ans, ans.searched, meta, k)

    def more(
        self,
        query: Query,
        *,
        shown: Collection[str] = (),
        start: int = 0,
        count: int = DEFAULT_K,
        article: ArticleMeta | None = None,
    ) -> Page:
        """Passages of ``query``'s own ranking, leaving out the passage ids ``shown`` before,
        from ``start``; ranks count the shown ones. The ranking is the query's answer at the
        deepest ``k`` (the reranker may order a larger ``k`` differently, hence ``shown``)."""
        if not query.terms:
            return Page((), len(shown))
        ans = answer(self.index, query, MAX_K, article.id if article else None)
        rest = [h for h in ans.hits if h.passage.id not in shown]
        first = len(shown) + start
        page = tuple(
            replace(h, rank=first + i + 1) for i, h in enumerate(rest[start : start + count])
        )
        return Page(page, len(shown) + len(rest))

    def restore(
        self,
        text: str,
        *,
        kind: AnswerKind,
        explicit_date: bool,
        asks_when: bool,
        carried: Sequence[tuple[int, float]] = (),
    ) -> Query:
        """The query a stored one was: ``text`` read again, with the shape it had (a follow-up
        may inherit its kind) and the terms (id, weight) a conversation carried. Raise
        :class:`QueryError` for a term id outside the vocabulary (another index's query)."""
        terms = self.index.terms
        if any(not 0 <= tid < len(terms) for tid, _ in carried):
            raise QueryError("term id outside the vocabulary")
        read = parse_query(self.index, text)
        query = replace(read, kind=kind, explicit_date=explicit_date, asks_when=asks_when)
        extra = [QueryTerm(terms[tid], tid, weight, carried=True) for tid, weight in carried]
        return query.with_carried(extra) if extra else query

    # -- summaries ---------------------------------------------------------------------------

    def summarize(
        self, sentences: int = 3, *, about: str | None = None, article: str | None = None
    ) -> Summary:
        """A summary of ``article``; without one, of the only article, or of the article
        ``about`` is best found in. Raise :class:`QueryError` when none can be chosen."""
        if about is not None:
            about = check_question(about, "topic", MAX_TOPIC_CHARS)
        meta = self.find(article) or self._article_about(about)
        return summarize(self.index.article(meta.number), sentences=sentences, about=about)

    def _article_about(self, about: str | None) -> ArticleMeta:
        articles = self.index.articles
        if len(articles) == 1:
            return articles[0]
        if about is None:
            raise QueryError(f"there are {len(articles)} articles: name one")
        hits = answer(self.index, parse_query(self.index, about), 1).hits
        if not hits:
            raise QueryError(f"none of the {len(articles)} articles mentions “{about[:100]}”")
        return self.index.find_article(hits[0].article.id)

    def warm(self) -> None:
        """Load what a first question would otherwise wait for (stemmer, typo index, word
        lists, the answering code's first run)."""
        answer(self.index, parse_query(self.index, _WARM_UP), 1)


__all__ = ["Asked", "Library", "Page"]
