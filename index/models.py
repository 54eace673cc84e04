"""Records that flow through the core: articles, passages, hits, answers, summaries."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from index.query import Query


@dataclass(frozen=True, slots=True)
class Article:
    """One news article: headline, attribution and body paragraphs (promo lines removed)."""

    id: str
    title: str
    source: str
    paragraphs: tuple[str, ...]
    url: str | None = None
    published: str | None = None

    def to_json(self) -> dict[str, object]:
        """The attribution object of the CLI's JSON contract."""
        return {"id": self.id, "title": self.title, "source": self.source, "url": self.url}


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` into some text."""

    start: int
    end: int

    def of(self, text: str) -> str:
        """The slice of ``text`` this span covers."""
        return text[self.start : self.end]


def passage_id(article_id: str, paragraph: int, part: int = 0) -> str:
    """A passage's id: ``article:paragraph``, or ``article:paragraph-part`` for part ``part``
    (from 1) of a paragraph split in several passages."""
    return f"{article_id}:{paragraph}" if part == 0 else f"{article_id}:{paragraph}-{part}"


@dataclass(frozen=True, slots=True)
class Passage:
    """A retrievable unit: normally one paragraph of one article.

    ``paragraphs`` are 1-based paragraph numbers as shown to users (``(0,)`` for the headline,
    which answers as a passage of one sentence when the body does not: ``index.headline``);
    ``sentences`` are spans into ``text``, in order, covering every sentence of the passage.
    """

    id: str
    article_id: str
    paragraphs: tuple[int, ...]
    text: str
    sentences: tuple[Span, ...]

    @property
    def paragraph(self) -> int:
        """The first paragraph number this passage covers (0: the headline)."""
        return self.paragraphs[0]

    @property
    def is_headline(self) -> bool:
        """Whether this is the article's headline, answering as paragraph 0 (``index.headline``)."""
        return self.paragraphs == (0,)

    @property
    def place(self) -> str:
        """Where it is in the article, as users are shown it: "¶3", or "headline"."""
        return "headline" if self.is_headline else f"¶{self.paragraph}"

    def sentence_texts(self) -> list[str]:
        """The text of each sentence, in order."""
        return [s.of(self.text) for s in self.sentences]


@lru_cache(maxsize=1024)
def _marked(paragraph: str, start: int, end: int) -> str:
    """``mark_cut_quotes`` of one sentence, kept for the last few (an answer's sentences are
    shown, remembered by a conversation and written out: each reads the paragraph's quotes)."""
    from index.sentences import mark_cut_quotes  # sentences imports this module

    return mark_cut_quotes(paragraph, Span(start, end))


@dataclass(frozen=True, slots=True)
class Hit:
    """One ranked passage for a query, with the sentence inside it that best answers."""

    rank: int
    score: float
    passage: Passage
    article: Article
    sentence: Span
    term_scores: tuple[tuple[str, float], ...] = ()

    @property
    def sentence_text(self) -> str:
        """The answering sentence's text; where a passage boundary cuts a quotation its
        paragraph closes, an ellipsis and the quotation mark show the cut."""
        number = self.passage.paragraph - 1
        paragraphs = self.article.paragraphs
        paragraph = paragraphs[number] if 0 <= number < len(paragraphs) else ""
        offset = paragraph.find(self.passage.text) if self.passage.text else -1
        if offset < 0:
            return self.sentence.of(self.passage.text)
        return _marked(paragraph, offset + self.sentence.start, offset + self.sentence.end)

    def to_json(self) -> dict[str, object]:
        """One element of ``answers`` in the CLI's JSON contract."""
        return {
            "rank": self.rank,
            "score": round(self.score, 4),
            "passage": self.passage.text,
            "sentence": self.sentence_text,
            "paragraph": self.passage.paragraph,
            "passage_id": self.passage.id,
            "article": self.article.to_json(),
        }


@dataclass(frozen=True, slots=True)
class Answer:
    """The engine's reply to one question: ranked hits, or an abstention with the closest ones."""

    question: str
    query: str
    abstained: bool
    hits: tuple[Hit, ...]
    corrections: tuple[tuple[str, str], ...] = ()
    carried: tuple[str, ...] = field(default=())
    coverage: float = 0.0
    """Share of the question's words the top passage holds (what abstention is decided on)."""
    chosen_article: Article | None = None
    """The article the answer was looked for in: the one asked of, or the one that clearly
    won the question among several (None: passages of every article competed)."""
    searched: Query | None = field(default=None, kw_only=True)
    """The query that was searched (with its kind and any carried terms); None only for
    answers made by hand (tests)."""

    @property
    def asks_nothing(self) -> bool:
        """Whether the question asked nothing ("thanks", "lol"): nothing was looked up."""
        return self.searched is not None and self.searched.asks_nothing

    def to_json(self) -> dict[str, object]:
        """The object ``ask --json`` prints (DESIGN.md)."""
        chosen = self.chosen_article
        return {
            "question": self.question,
            "query": self.query,
            "abstained": self.abstained,
            "article": chosen.to_json() if chosen is not None else None,
            "answers": [h.to_json() for h in self.hits],
        }


@dataclass(frozen=True, slots=True)
class SummarySentence:
    """One sentence of a summary, with the paragraph it comes from (1-based)."""

    text: str
    paragraph: int


@dataclass(frozen=True, slots=True)
class Summary:
    """An extractive summary: sentences in article order; ``found`` is False when ``about``
    names a topic the article does not mention (then ``sentences`` is empty); ``gist`` is the
    news in one line (``index.lead.gist``), None for a topic summary or a lead that is a
    question or teaser."""

    article: Article
    sentences: tuple[SummarySentence, ...]
    about: str | None = None
    found: bool = True
    gist: str | None = None

    def to_json(self) -> dict[str, object]:
        """The object ``summary --json`` prints (DESIGN.md)."""
        return {
            "article": self.article.to_json(),
            "about": self.about,
            "found": self.found,
            "gist": self.gist,
            "sentences": [{"text": s.text, "paragraph": s.paragraph} for s in self.sentences],
        }
