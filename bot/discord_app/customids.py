"""Button custom_ids that carry everything a click needs, so buttons outlive the process.

Discord gives a bot only the custom_id (≤ 100 characters) and the message when a button is
clicked, possibly days later, after restarts. So an id names the index it was made for (a
short fingerprint of corpus and tokenizer: term ids and article numbers mean nothing in
another index) and the search itself:

    ab:more:<fp>:<article>:<shown>:<start>:<count>:<type>:<terms>   more passages of an answer
    ab:page:<fp>:<article>:<shown>:<start>:<count>:<type>:<terms>   a page of /search results
    ab:para:<fp>:<article>:<paragraph>                              one paragraph in full
    ab:src:<page>                                                   a page of /source

``<article>`` is a base-36 article number, ``-`` for all. ``<terms>`` are ``.``-separated
base-36 term ids, ``~`` marking a term carried from an earlier question and ``*NN`` a weight
in hundredths (absent: 1), most important first; when they do not all fit, the least
important are left out. ``<type>`` is the question type the core reranks by (``n`` number,
``d`` date, ``p`` person, ``-`` none). ``<shown>`` lists the passages the reply already
showed (``article.paragraph[-part]``, ``,``-separated): "More passages" is the ranking
without them, from ``<start>``, so it never repeats one.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Literal

from bot.discord_app.limits import CUSTOM_ID
from index.models import Hit
from index.query import Query, QueryTerm
from index.searchindex import SearchIndex

PREFIX = "ab"
HitsKind = Literal["more", "page"]
KIND_LETTERS = {
    "number": "n",
    "money": "m",
    "age": "a",
    "score": "s",
    "compare": "c",
    "year": "y",
    "date": "d",
    "person": "p",
    "": "-",
}
LETTER_KINDS = {letter: kind for kind, letter in KIND_LETTERS.items()}
_SHOWN = re.compile(r"[0-9a-z]+\.\d+(-\d+)?")


class BadCustomId(ValueError):
    """A custom_id this version of the bot cannot read (old format, tampered, truncated)."""


def fingerprint(index: SearchIndex) -> str:
    """Six characters naming what term ids and article numbers of ``index`` refer to."""
    m = index.manifest
    key = "|".join(
        str(m.get(k))
        for k in ("corpus_hash", "tokenizer_version", "format_version", "max_passage_words")
    )
    return hashlib.sha1(key.encode()).hexdigest()[:6]


def _b36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if not n:
            return out


def _int(text: str, base: int = 10) -> int:
    try:
        value = int(text, base)
    except ValueError:
        raise BadCustomId(f"not a number: {text!r}") from None
    if value < 0:
        raise BadCustomId(f"negative: {text!r}")
    return value


def shown_key(index: SearchIndex, hit: Hit) -> str:
    """How a custom_id names a passage a reply showed: ``article.paragraph[-part]``."""
    number = index.find_article(hit.article.id).number
    return f"{_b36(number)}.{hit.passage.id.removeprefix(hit.article.id + ':')}"


def shown_passage_id(index: SearchIndex, key: str) -> str:
    """The passage id a :func:`shown_key` names; raise :class:`BadCustomId` if none can be."""
    article, _, suffix = key.partition(".")
    number = _int(article, 36)
    if number >= len(index.articles):
        raise BadCustomId(f"no article {number}")
    return f"{index.articles[number].id}:{suffix}"


@dataclass(frozen=True, slots=True)
class SearchTerm:
    """One searched term as a button remembers it."""

    term_id: int
    weight: float = 1.0
    carried: bool = False

    def encode(self) -> str:
        """``~1a*60`` form."""
        hundredths = max(1, min(999, round(self.weight * 100)))
        weight = "" if hundredths == 100 else f"*{hundredths}"
        return f"{'~' if self.carried else ''}{_b36(self.term_id)}{weight}"

    @classmethod
    def decode(cls, text: str) -> SearchTerm:
        """Parse the ``encode`` form."""
        carried = text.startswith("~")
        body, _, weight = text.removeprefix("~").partition("*")
        return cls(_int(body, 36), _int(weight) / 100 if weight else 1.0, carried)


@dataclass(frozen=True, slots=True)
class HitsRef:
    """A slice of the ranked passages of one search: what "More passages" and page buttons
    hold. ``start`` counts within the ranking without the ``shown`` passages."""

    kind: HitsKind
    fingerprint: str
    article: int | None
    shown: tuple[str, ...]
    start: int
    count: int
    question_kind: str
    terms: tuple[SearchTerm, ...]

    @classmethod
    def of_query(
        cls,
        kind: HitsKind,
        index: SearchIndex,
        query: Query,
        *,
        article: int | None = None,
        shown: tuple[str, ...] = (),
        start: int = 0,
        count: int = 3,
        question_kind: str = "",
    ) -> HitsRef:
        """The reference to ``query``'s passages (terms kept by importance while they fit)."""
        idf = index.matrix.idf
        best: dict[int, SearchTerm] = {}
        for t in query.terms:
            if t.term_id not in best or best[t.term_id].weight < t.weight:
                best[t.term_id] = SearchTerm(t.term_id, t.weight, t.carried)
        ranked = sorted(best.values(), key=lambda s: -s.weight * float(idf[s.term_id]))
        kind_ = question_kind if question_kind in KIND_LETTERS else ""
        ref = cls(kind, fingerprint(index), article, shown, start, count, kind_, ())
        kept: list[SearchTerm] = []
        for term in ranked:
            if len(ref.with_terms((*kept, term)).encode()) > CUSTOM_ID:
                break
            kept.append(term)
        return ref.with_terms(tuple(kept))

    def with_terms(self, terms: tuple[SearchTerm, ...]) -> HitsRef:
        """This reference with other terms."""
        return HitsRef(
            self.kind,
            self.fingerprint,
            self.article,
            self.shown,
            self.start,
            self.count,
            self.question_kind,
            terms,
        )

    def at(self, start: int) -> HitsRef:
        """The same search from another offset."""
        return HitsRef(
            self.kind,
            self.fingerprint,
            self.article,
            self.shown,
            start,
            self.count,
            self.question_kind,
            self.terms,
        )

    def encode(self) -> str:
        """The custom_id."""
        article = "-" if self.article is None else _b36(self.article)
        terms = ".".join(t.encode() for t in self.terms)
        return (
            f"{PREFIX}:{self.kind}:{self.fingerprint}:{article}:{','.join(self.shown)}:"
            f"{self.start}:{self.count}:{KIND_LETTERS[self.question_kind]}:{terms}"
        )

    @classmethod
    def decode(cls, kind: HitsKind, state: str) -> HitsRef:
        """Parse what follows ``ab:<kind>:``; raise :class:`BadCustomId` when malformed."""
        parts = state.split(":")
        if len(parts) != 7:
            raise BadCustomId(f"expected 7 parts, got {len(parts)}")
        fp, article, shown, start, count, letter, terms = parts
        shown_ = tuple(s for s in shown.split(",") if s)
        if not all(_SHOWN.fullmatch(s) for s in shown_):
            raise BadCustomId(f"unreadable shown passages {shown!r}")
        terms_ = tuple(SearchTerm.decode(t) for t in terms.split(".") if t)
        if not terms_:
            raise BadCustomId("no terms")
        if letter not in LETTER_KINDS:
            raise BadCustomId(f"unknown question type {letter!r}")
        return cls(
            kind,
            fp,
            None if article == "-" else _int(article, 36),
            shown_,
            _int(start),
            max(1, _int(count)),
            LETTER_KINDS[letter],
            terms_,
        )

    def query(self, index: SearchIndex) -> Query:
        """The search to run again; raise :class:`BadCustomId` for an unknown term id."""
        terms = index.terms
        if any(t.term_id >= len(terms) for t in self.terms):
            raise BadCustomId("term id outside the vocabulary")
        qterms = tuple(
            QueryTerm(terms[t.term_id], t.term_id, t.weight, t.carried) for t in self.terms
        )
        return Query(" ".join(terms[t.term_id] for t in self.terms if not t.carried), qterms)


@dataclass(frozen=True, slots=True)
class ParagraphRef:
    """One paragraph of one article: what "Show paragraph in full" holds."""

    fingerprint: str
    article: int
    paragraph: int

    def encode(self) -> str:
        """The custom_id."""
        return f"{PREFIX}:para:{self.fingerprint}:{_b36(self.article)}:{self.paragraph}"

    @classmethod
    def decode(cls, state: str) -> ParagraphRef:
        """Parse what follows ``ab:para:``."""
        parts = state.split(":")
        if len(parts) != 3:
            raise BadCustomId(f"expected 3 parts, got {len(parts)}")
        return cls(parts[0], _int(parts[1], 36), _int(parts[2]))


def source_page_id(page: int) -> str:
    """The custom_id of the button showing ``/source`` page ``page`` (0-based)."""
    return f"{PREFIX}:src:{page}"


def decode_source_page(text: str) -> int:
    """The page of a ``/source`` button."""
    return _int(text)


__all__ = [
    "BadCustomId",
    "HitsRef",
    "ParagraphRef",
    "SearchTerm",
    "decode_source_page",
    "fingerprint",
    "shown_key",
    "shown_passage_id",
    "source_page_id",
]
