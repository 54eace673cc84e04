"""The Discord front end's view of the core: questions, searches, summaries, articles.

Synchronous and free of Discord types, so handlers stay short and tests need no network.
The core answers a question over the bundled article in well under a millisecond, so the
handlers call it directly on the event loop and still acknowledge far inside Discord's
3-second window (see README, "Discord commands", for measured figures).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property

from bot.discord_app.customids import (
    BadCustomId,
    HitsRef,
    ParagraphRef,
    fingerprint,
    shown_passage_id,
)
from bot.discord_app.errors import StaleButton
from bot.discord_app.limits import CHOICE_NAME, CHOICE_VALUE, CHOICES, clip
from index.answering import MAX_K, answer
from index.answertype import AnswerKind, question_type
from index.errors import QueryError
from index.models import Answer, Article, Hit, Summary
from index.query import MAX_QUESTION_CHARS, Query, parse_query
from index.searchindex import ArticleMeta, SearchIndex
from index.sessions import Sessions
from index.summary import summarize

Place = int
Person = int


@dataclass(frozen=True, slots=True)
class Asked:
    """An answer and the search behind it (what "More passages" repeats)."""

    answer: Answer
    query: Query
    article: int | None
    k: int
    question_kind: str = ""


@dataclass(frozen=True, slots=True)
class HitsPage:
    """Some of the ranked passages of one search, and how many there are in all (counting
    those the first reply showed)."""

    hits: tuple[Hit, ...]
    total: int
    ref: HitsRef


def check_text(text: str, what: str = "question", limit: int = MAX_QUESTION_CHARS) -> str:
    """``text`` stripped; raise :class:`QueryError` when it is empty or too long."""
    stripped = text.strip()
    if not stripped:
        raise QueryError(f"the {what} is empty")
    if len(stripped) > limit:
        raise QueryError(
            f"your {what} is too long ({len(stripped):,} characters; at most "
            f"{limit:,}): please shorten it"
        )
    return stripped


class Engine:
    """The index, the conversations (keyed by place and person) and the answers they give."""

    def __init__(
        self,
        index: SearchIndex,
        *,
        top_k: int = 3,
        ttl_seconds: float = 900.0,
        max_conversations: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.index = index
        self.top_k = top_k
        self.sessions = Sessions(ttl_seconds, max_conversations, clock=clock)
        self.fingerprint = fingerprint(index)

    def warm(self) -> None:
        """Load what the first question would otherwise wait for (stemmer, typo index, word
        lists, the answering code's first run)."""
        warmup = "how many words warm up the stemmer and the spellling index?"
        answer(self.index, parse_query(self.index, warmup), k=1)

    # -- articles ----------------------------------------------------------------------------

    @property
    def articles(self) -> tuple[ArticleMeta, ...]:
        """Every article of the index, in index order."""
        return self.index.articles

    def find(self, key: str | None) -> ArticleMeta | None:
        """The article ``key`` names (id or title prefix), None for none; QueryError if unknown."""
        if key is None or not key.strip():
            return None
        try:
            return self.index.find_article(key.strip())
        except QueryError as exc:
            shown = clip(" ".join(key.split()), 100)
            raise QueryError(
                f"no single article matches “{shown}”: pick one from the list that "
                "appears as you type in the article option, or see /source"
            ) from exc

    @cached_property
    def _choice_keys(self) -> list[tuple[str, ArticleMeta]]:
        return [(f"{a.title} {a.source} {a.id}".casefold(), a) for a in self.index.articles]

    def article_choices(self, typed: str) -> list[tuple[str, str]]:
        """Up to 25 ``(name, value)`` autocomplete choices for ``typed``: titles that start
        with it first, then any that contain it. No retrieval, a scan of short strings."""
        needle = " ".join(typed.split()).casefold()
        starts: list[ArticleMeta] = []
        contains: list[ArticleMeta] = []
        for key, meta in self._choice_keys:
            if meta.title.casefold().startswith(needle):
                starts.append(meta)
            elif needle in key and len(starts) + len(contains) < CHOICES:
                contains.append(meta)
            if len(starts) >= CHOICES:
                break
        return [
            (clip(f"{m.title} · {m.source}", CHOICE_NAME), m.id[:CHOICE_VALUE])
            for m in (starts + contains)[:CHOICES]
        ]

    # -- questions ---------------------------------------------------------------------------

    def ask(
        self,
        place: Place,
        person: Person,
        question: str,
        k: int | None = None,
        article: str | None = None,
    ) -> Asked:
        """Answer ``question`` as the next turn of ``person``'s conversation in ``place``."""
        text = check_text(question)
        meta = self.find(article)
        conversation = self.sessions.get((place, person))
        k = k or self.top_k
        ans = conversation.ask(self.index, text, k=k, article=meta.id if meta else None)
        # What was searched: the question's own terms plus what the conversation carried.
        carried = list(conversation.turns[-1].carried) if conversation.turns else []
        query = parse_query(self.index, text).with_carried(carried)
        return Asked(ans, query, meta.number if meta else None, k, question_type(text).value)

    def search(self, text: str, count: int, article: str | None = None) -> HitsPage:
        """The first ``count`` passages for ``text`` (no conversation, no abstention)."""
        text = check_text(text, "search")
        query = parse_query(self.index, text)
        meta = self.find(article)
        ref = HitsRef.of_query(
            "page",
            self.index,
            query,
            article=meta.number if meta else None,
            count=count,
            question_kind=question_type(text).value,
        )
        # Every page ranks the search its buttons hold, so paging back shows the same page.
        return self.hits(ref)

    def hits(self, ref: HitsRef, query: Query | None = None) -> HitsPage:
        """The passages a button refers to; raise :class:`StaleButton` when it can't be served.

        The ranking leaves out the passages the first reply showed (the core may rank them
        differently for a larger k, as its reranker looks deeper), so none comes twice.
        """
        if ref.fingerprint != self.fingerprint:
            raise StaleButton(f"index {ref.fingerprint} is not {self.fingerprint}")
        try:
            query = query or ref.query(self.index)
            article = None if ref.article is None else self.index.articles[ref.article].id
            shown = {shown_passage_id(self.index, key) for key in ref.shown}
        except (BadCustomId, IndexError) as exc:
            raise StaleButton(str(exc)) from exc
        if not query.terms:
            return HitsPage((), len(shown), ref)
        query = replace(query, text=query.text or "passages", kind=AnswerKind(ref.question_kind))
        ans = answer(self.index, query, k=MAX_K, article=article)
        rest = [h for h in ans.hits if h.passage.id not in shown]
        first = len(shown) + ref.start
        page = [
            replace(h, rank=first + i + 1)
            for i, h in enumerate(rest[ref.start : ref.start + ref.count])
        ]
        return HitsPage(tuple(page), len(shown) + len(rest), ref)

    def paragraph(self, ref: ParagraphRef) -> Article:
        """The article holding the paragraph a button refers to."""
        if ref.fingerprint != self.fingerprint or ref.article >= len(self.index.articles):
            raise StaleButton(f"paragraph {ref} is not in index {self.fingerprint}")
        article = self.index.article(ref.article)
        if not 1 <= ref.paragraph <= len(article.paragraphs):
            raise StaleButton(f"article {ref.article} has no paragraph {ref.paragraph}")
        return article

    def summary(
        self, sentences: int, about: str | None = None, article: str | None = None
    ) -> Summary:
        """A summary of ``article``; without one, of the only article or the one ``about`` fits."""
        if about is not None:
            about = check_text(about, "topic", 500)
        meta = self.find(article)
        if meta is None:
            meta = self._article_for(about)
        return summarize(self.index.article(meta.number), sentences=sentences, about=about)

    def _article_for(self, about: str | None) -> ArticleMeta:
        if len(self.index.articles) == 1:
            return self.index.articles[0]
        if about is not None:
            ans = answer(self.index, parse_query(self.index, about), k=1)
            if ans.hits:
                return self.find(ans.hits[0].article.id) or self.index.articles[0]
            raise QueryError(
                f"none of the {len(self.index.articles)} articles mentions “{clip(about, 100)}”"
            )
        raise QueryError(
            f"there are {len(self.index.articles)} articles: pick one with the "
            "article option (suggestions appear as you type)"
        )


__all__ = ["Asked", "Engine", "HitsPage", "check_text"]
