"""Button custom_ids that carry everything a click needs, so buttons outlive the process.

Discord gives a bot only the custom_id (≤ 100 characters) and the message when a button is
clicked, possibly days later, after restarts. So an id names the index it was made for
(``IndexIdentity.short``: term ids and article numbers mean nothing in another index) and
the query itself, so that "More passages" continues exactly the ranking of the answer:

    ab:more:<index>:<article>:<shown>:<start>:<count>:<shape>:<carried>:<text>
    ab:page:<index>:<article>:<shown>:<start>:<count>:<shape>:<carried>:<text>
    ab:para:<index>:<article>:<paragraph>                         one paragraph in full
    ab:src:<page>                                                 a page of /source

``<article>`` is a base-36 article number, ``-`` for all. ``<text>`` is the question as read
(white space collapsed), read again on a click; ``<shape>`` is what was read from it, which a
follow-up may have changed: the kind of answer asked for (its first letter: ``n`` number,
``d`` date…, ``-`` any), then ``y`` for "what year…" and ``w`` for "when did…";
``<carried>`` lists the terms a conversation carried from earlier questions, ``,``-separated
base-36 term ids, each weight written (``*.25``) where it differs from the one before. When
all does not fit, the least important carried terms are left out, then the text is cut at a
word. ``<shown>`` lists the
passages the reply already showed (base-36 passage numbers, ``,``-separated; ``_`` and an
article number for its headline): "More
passages" is the ranking without them, from ``<start>``, so it never repeats one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from bot.discord_app.limits import CUSTOM_ID
from index import AnswerKind, passage_id

if TYPE_CHECKING:
    from index import Hit, Library, Query

PREFIX = "ab"
HitsKind = Literal["more", "page"]
# Each kind by the first letter of its name ("-" for any); a round-trip test over every kind
# catches two kinds that would share one.
KIND_LETTERS = {kind: kind.value[:1] or "-" for kind in AnswerKind}
LETTER_KINDS = {letter: kind for kind, letter in KIND_LETTERS.items()}
_SHAPE = re.compile(r"(?P<kind>[a-z-])(?P<year>y?)(?P<when>w?)")
_SHOWN = re.compile(r"_?[0-9a-z]+")
# A question's "@" is kept as its full-width form, which reads the same (NFKC) but can never
# look like a mention in what the bot sends.
_AT = "\uff20"


class BadCustomId(ValueError):
    """A custom_id this version of the bot cannot read (old format, tampered, truncated)."""


def b36(n: int) -> str:
    """``n`` in base 36, as custom_ids write numbers."""
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


def shown_key(library: Library, hit: Hit) -> str:
    """How a custom_id names a passage a reply showed: its number in the index, base 36 (an
    article's headline: ``_`` and the article's number)."""
    if hit.passage.is_headline:
        return "_" + b36(library.index.find_article(hit.article.id).number)
    return b36(library.index.passage_number(hit.passage.id))


def shown_passage_id(library: Library, key: str) -> str:
    """The passage id a :func:`shown_key` names; raise :class:`BadCustomId` if none can be."""
    index = library.index
    if key.startswith("_"):
        article = _int(key[1:], 36)
        if article >= len(index.articles):
            raise BadCustomId(f"no article {article}")
        return passage_id(index.articles[article].id, 0)
    number = _int(key, 36)
    if number >= index.n_passages:
        raise BadCustomId(f"no passage {number}")
    return index.passage(number).id


@dataclass(frozen=True, slots=True)
class SearchTerm:
    """One carried term as a button remembers it."""

    term_id: int
    weight: float = 1.0


def encode_terms(terms: tuple[SearchTerm, ...]) -> str:
    """``1a*.25,1b,7*.5``: base-36 term ids, in order, each weight written exactly where it
    differs from the one before (the first from 1)."""
    out, weight = [], 1.0
    for t in terms:
        changed = t.weight != weight
        out.append(b36(t.term_id) + ("*" + repr(t.weight).removeprefix("0") if changed else ""))
        weight = t.weight
    return ",".join(out)


def decode_terms(text: str) -> tuple[SearchTerm, ...]:
    """Parse the :func:`encode_terms` form."""
    out, weight = [], 1.0
    for item in text.split(",") if text else ():
        body, star, written = item.partition("*")
        weight = _weight(written) if star else weight
        out.append(SearchTerm(_int(body, 36), weight))
    return tuple(out)


def _weight(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise BadCustomId(f"not a weight: {text!r}") from None
    if not 0.0 < value <= 1.0:
        raise BadCustomId(f"weight out of range: {text!r}")
    return value


@dataclass(frozen=True, slots=True)
class HitsRef:
    """A slice of the ranked passages of one query: what "More passages" and page buttons
    hold. ``start`` counts within the ranking without the ``shown`` passages."""

    kind: HitsKind
    index_id: str
    article: int | None
    shown: tuple[str, ...]
    start: int
    count: int
    answer_kind: AnswerKind
    explicit_date: bool
    asks_when: bool
    carried: tuple[SearchTerm, ...]
    text: str

    @classmethod
    def of_query(
        cls,
        kind: HitsKind,
        library: Library,
        query: Query,
        *,
        article: int | None = None,
        shown: tuple[str, ...] = (),
        start: int = 0,
        count: int = 3,
    ) -> HitsRef:
        """The reference to ``query``'s ranking, shortened to fit a custom_id when it must."""
        carried = [SearchTerm(t.term_id, t.weight) for t in query.carried_terms]
        ref = cls(
            kind,
            library.identity.short,
            article,
            shown,
            start,
            count,
            query.kind,
            query.explicit_date,
            query.asks_when,
            tuple(carried),
            " ".join(query.text.split()).replace("@", _AT),
        )
        idf = library.index.matrix.idf
        by_importance = sorted(carried, key=lambda s: s.weight * float(idf[s.term_id]))
        while len(ref.encode()) > CUSTOM_ID and by_importance:
            least = by_importance.pop(0)
            ref = replace(ref, carried=tuple(t for t in ref.carried if t is not least))
        excess = len(ref.encode()) - CUSTOM_ID
        if excess > 0:
            cut = ref.text[: len(ref.text) - excess]
            ref = replace(ref, text=cut[: cut.rfind(" ")] if " " in cut else cut)
        return ref

    def at(self, start: int) -> HitsRef:
        """The same ranking from another offset."""
        return replace(self, start=start)

    def encode(self) -> str:
        """The custom_id."""
        article = "-" if self.article is None else b36(self.article)
        shape = KIND_LETTERS[self.answer_kind] + "y" * self.explicit_date + "w" * self.asks_when
        carried = encode_terms(self.carried)
        return (
            f"{PREFIX}:{self.kind}:{self.index_id}:{article}:{','.join(self.shown)}:"
            f"{self.start}:{self.count}:{shape}:{carried}:{self.text}"
        )

    @classmethod
    def decode(cls, kind: HitsKind, state: str) -> HitsRef:
        """Parse what follows ``ab:<kind>:``; raise :class:`BadCustomId` when malformed."""
        parts = state.split(":", 7)
        if len(parts) != 8:
            raise BadCustomId(f"expected 8 parts, got {len(parts)}")
        index_id, article, shown, start, count, shape, carried, text = parts
        shown_ = tuple(s for s in shown.split(",") if s)
        if not all(_SHOWN.fullmatch(s) for s in shown_):
            raise BadCustomId(f"unreadable shown passages {shown!r}")
        shape_ = _SHAPE.fullmatch(shape)
        if shape_ is None or shape_["kind"] not in LETTER_KINDS:
            raise BadCustomId(f"unknown question shape {shape!r}")
        if not text.strip():
            raise BadCustomId("no question")
        return cls(
            kind,
            index_id,
            None if article == "-" else _int(article, 36),
            shown_,
            _int(start),
            max(1, _int(count)),
            LETTER_KINDS[shape_["kind"]],
            bool(shape_["year"]),
            bool(shape_["when"]),
            decode_terms(carried),
            text,
        )

    def query(self, library: Library) -> Query:
        """The query to rank again (:meth:`Library.restore`)."""
        return library.restore(
            self.text.replace(_AT, "@"),
            kind=self.answer_kind,
            explicit_date=self.explicit_date,
            asks_when=self.asks_when,
            carried=[(t.term_id, t.weight) for t in self.carried],
        )


@dataclass(frozen=True, slots=True)
class ParagraphRef:
    """One paragraph of one article: what "Show paragraph in full" holds."""

    index_id: str
    article: int
    paragraph: int

    def encode(self) -> str:
        """The custom_id."""
        return f"{PREFIX}:para:{self.index_id}:{b36(self.article)}:{self.paragraph}"

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
    "b36",
    "decode_source_page",
    "decode_terms",
    "encode_terms",
    "shown_key",
    "shown_passage_id",
    "source_page_id",
]
