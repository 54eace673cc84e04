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

from bot.discord_app.customids import BadCustomId, HitsRef, ParagraphRef, shown_passage_id
from bot.discord_app.errors import StaleButton
from bot.discord_app.limits import CHOICE_NAME, CHOICE_VALUE, CHOICES, clip
from index import (
    Article,
    ArticleMeta,
    Asked,
    Conversation,
    Hit,
    Library,
    QueryError,
    QueryTerm,
    SearchIndex,
    Sessions,
    Summary,
)

Place = int
Person = int


@dataclass(frozen=True, slots=True)
class HitsPage:
    """Some of the ranked passages of one search, and how many there are in all (counting
    those the first reply showed)."""

    hits: tuple[Hit, ...]
    total: int
    ref: HitsRef


class Engine:
    """The core's library, the conversations (keyed by place and person) and what buttons
    refer to."""

    def __init__(
        self,
        index: SearchIndex,
        *,
        top_k: int = 3,
        ttl_seconds: float = 900.0,
        max_conversations: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.library = Library(index, top_k=top_k)
        self.sessions = Sessions(ttl_seconds, max_conversations, clock=clock)
        # A live corpus (bot/discord_app/live.py): which index each conversation last used
        # and what it was about, each channel's default article, notices owed to askers.
        self.generation = 0
        self.about: dict[tuple[Place, Person], tuple[int, str, str]] = {}
        self.defaults: dict[Place, str] = {}
        self.notices: dict[tuple[Place, Person], str] = {}

    def swap(self, index: SearchIndex) -> None:
        """Answer from ``index`` from the next question on (the corpus changed)."""
        self.library = Library(index, top_k=self.library.top_k)
        self.__dict__.pop("_choice_keys", None)
        self.generation += 1
        self.about = {k: v for k, v in self.about.items() if k in self.sessions}

    @property
    def top_k(self) -> int:
        """How many passages an answer shows unless asked for another number."""
        return self.library.top_k

    @property
    def index_id(self) -> str:
        """The short identity of the index, which every button names."""
        return self.library.identity.short

    def warm(self) -> None:
        """Load what the first question would otherwise wait for."""
        self.library.warm()

    # -- articles ----------------------------------------------------------------------------

    @property
    def articles(self) -> tuple[ArticleMeta, ...]:
        """Every article of the index, in index order."""
        return self.library.articles

    def find(self, key: str | None) -> ArticleMeta | None:
        """The article ``key`` names (id or title prefix), None for none; QueryError if unknown."""
        try:
            return self.library.find(key)
        except QueryError as exc:
            shown = clip(" ".join((key or "").split()), 100)
            raise QueryError(
                f"no single article matches “{shown}”: pick one from the list that "
                "appears as you type in the article option, or see /source"
            ) from exc

    @cached_property
    def _choice_keys(self) -> list[tuple[str, ArticleMeta]]:
        return [(f"{a.title} {a.source} {a.id}".casefold(), a) for a in self.articles]

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
        """Answer ``question`` as the next turn of ``person``'s conversation in ``place``
        (limited to ``article``, else to the place's default article when it has one)."""
        key = (place, person)
        notes: list[str] = []
        if article is None and place in self.defaults:
            article = self._default(place, notes)
        meta = self.find(article)
        conversation = self.sessions.get(key)
        self._carry_over(key, conversation, notes)
        asked = self.library.ask(
            question, k=k, article=meta.id if meta else None, conversation=conversation
        )
        hits = asked.answer.hits
        if hits and not asked.answer.abstained:
            top = hits[0].article
            self.about[key] = (self.generation, top.id, top.title)
        elif key in self.about:
            self.about[key] = (self.generation, *self.about[key][1:])
        if notes:
            self.notices[key] = " ".join(notes)
        return asked

    def pop_notice(self, place: Place, person: Person) -> str:
        """What the asker must be told along with the answer just given ("" for nothing):
        the article their conversation or channel was about has been removed."""
        return self.notices.pop((place, person), "")

    def _default(self, place: Place, notes: list[str]) -> str | None:
        article = self.defaults[place]
        if any(a.id == article for a in self.articles):
            return article
        del self.defaults[place]
        notes.append("This channel's article has been removed; I'm answering from all articles.")
        return None

    def _carry_over(
        self, key: tuple[Place, Person], conversation: Conversation, notes: list[str]
    ) -> None:
        """Bring a conversation begun on an earlier index to this one: its words are looked
        up again, or it starts afresh (and says so) when its article has been removed."""
        seen = self.about.get(key)
        if seen is None or seen[0] == self.generation:
            return
        _, article_id, title = seen
        del self.about[key]
        if not any(a.id == article_id for a in self.articles):
            conversation.reset()
            notes.append(
                f"The article this conversation was about, “{clip(title, 200)}”, has been "
                "removed, so I'm starting afresh."
            )
            return
        index = self.library.index
        for i, turn in enumerate(conversation.turns):
            conversation.turns[i] = replace(
                turn, terms=_relook(index, turn.terms), carried=_relook(index, turn.carried)
            )

    def search(self, text: str, count: int, article: str | None = None) -> HitsPage:
        """The first ``count`` passages for ``text`` (no conversation, no abstention)."""
        query = self.library.read(text, "search")
        meta = self.find(article)
        number = meta.number if meta else None
        ref = HitsRef.of_query("page", self.library, query, article=number, count=count)
        # Every page ranks the search its buttons hold, so paging back shows the same page.
        return self.hits(ref)

    def hits(self, ref: HitsRef) -> HitsPage:
        """The passages a button refers to; raise :class:`StaleButton` when it can't be served.

        The ranking leaves out the passages the first reply showed (the core may rank them
        differently for a larger k, as its reranker looks deeper), so none comes twice.
        """
        if ref.index_id != self.index_id:
            raise StaleButton(f"index {ref.index_id} is not {self.index_id}")
        try:
            query = ref.query(self.library)
            article = None if ref.article is None else self.articles[ref.article]
            shown = {shown_passage_id(self.library, key) for key in ref.shown}
        except (BadCustomId, IndexError, QueryError) as exc:
            raise StaleButton(str(exc)) from exc
        page = self.library.more(
            query, shown=shown, start=ref.start, count=ref.count, article=article
        )
        return HitsPage(page.hits, page.total, ref)

    def paragraph(self, ref: ParagraphRef) -> Article:
        """The article holding the paragraph a button refers to."""
        if ref.index_id != self.index_id or ref.article >= len(self.articles):
            raise StaleButton(f"paragraph {ref} is not in index {self.index_id}")
        article = self.library.article(ref.article)
        if not 1 <= ref.paragraph <= len(article.paragraphs):
            raise StaleButton(f"article {ref.article} has no paragraph {ref.paragraph}")
        return article

    def summary(
        self, sentences: int, about: str | None = None, article: str | None = None
    ) -> Summary:
        """A summary of ``article``; without one, of the only article or the one ``about`` fits."""
        meta = self.find(article)
        if meta is None and about is None and len(self.articles) > 1:
            raise QueryError(
                f"there are {len(self.articles)} articles: pick one with the "
                "article option (suggestions appear as you type)"
            )
        return self.library.summarize(sentences, about=about, article=meta.id if meta else None)


def _relook(index: SearchIndex, terms: tuple[QueryTerm, ...]) -> tuple[QueryTerm, ...]:
    """``terms`` with their ids in ``index`` (words it no longer holds are dropped)."""
    out = []
    for t in terms:
        tid = index.term_of(t.form)
        if tid is not None:
            out.append(replace(t, term_id=tid))
    return tuple(out)


__all__ = ["Engine", "HitsPage"]
