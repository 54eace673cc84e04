"""The lead: the sentence that opens a news story, whether it informs, and its one-line gist.

News states its news in the first sentence, so a summary keeps it, unless it is not news:
a question ("Has there been a better match than Saturday's?"), a teaser of a few words
("Jamie Costin should be paralysed."). Venue, date, kick-off time and score lines above the
story ("Murrayfield, Edinburgh", "(after extra-time - score at 90 mins 1-1)", "Playing
colours:") are headings: the lead is the first sentence after them. Read off BBC News
(``bench/summary_eval.py`` measures how often summaries keep it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.models import Article
from index.sentences import (
    ELLIPSIS,
    MAX_SENTENCE_WORDS,
    close_open_quotes,
    shorten,
    split_sentences,
)

MIN_LEAD_WORDS = 6  # fewer: a teaser
MAX_HEADING_WORDS = 10  # a line this short without closing punctuation is a heading
GIST_CHARS = 200
MIN_GIST_CHARS = 60  # a clause boundary earlier than this makes too short a gist
_CLOSERS = " \"'”’)]"
_TERMINAL = ".!?…"
# Where a clause may end, best first: after a comma, semicolon or colon, or before a dash;
# before a conjunction or relative word that opens a clause.
_CLAUSE_ENDS = (
    re.compile(r"[,;:](?=\s)|\s(?=[-–—]\s)"),
    re.compile(r"\s(?=(?:and|but|while|whereas|which|who|because|although|though)\s)"),
)
_WORD_RE = re.compile(r"\S+")


def is_heading(sentence: str) -> bool:
    """Whether ``sentence`` is a line above the story: a dateline, venue, score or label."""
    text = sentence.strip()
    if (text.startswith("(") and text.endswith(")")) or text.endswith(":"):
        return True
    return (
        not text.rstrip(_CLOSERS).endswith(tuple(_TERMINAL))
        and len(_WORD_RE.findall(text)) < MAX_HEADING_WORDS
    )


def is_informative(sentence: str) -> bool:
    """Whether a lead sentence states news: not a question, not a teaser of a few words."""
    text = sentence.strip().rstrip(_CLOSERS)
    return not text.endswith("?") and len(_WORD_RE.findall(text)) >= MIN_LEAD_WORDS


def find_lead(sentences: Sequence[str]) -> int | None:
    """The lead's number among an article's ``sentences`` (the first after any headings),
    or None when it is not informative or there is none."""
    for i, sentence in enumerate(sentences):
        if not is_heading(sentence):
            return i if is_informative(sentence) else None
    return None


def shorten_to_clause(text: str, limit: int = GIST_CHARS) -> str:
    """``text`` when it fits ``limit`` characters; else cut at its last clause boundary that
    leaves room for an ellipsis (and the closing marks of a quotation it cuts), or at a word
    boundary when no clause ends late enough."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    room = limit - len(ELLIPSIS) - 2  # two closing marks at most (a quote inside a quote)
    cut = max(text.rfind(" ", 0, room + 1), MIN_GIST_CHARS)
    for pattern in _CLAUSE_ENDS:
        ends = [m.start() for m in pattern.finditer(text, MIN_GIST_CHARS, room + 1)]
        if ends:
            cut = ends[-1]
            break
    head = text[:cut].rstrip(" ,;:-–—")
    return head + ELLIPSIS + close_open_quotes(head)


def gist(article: Article, limit: int = GIST_CHARS) -> str | None:
    """The article's news in one line: its lead (as a summary shows it) shortened at a clause
    boundary to at most ``limit`` characters; None when the lead is not informative."""
    sentences = [
        shorten(s.of(p), MAX_SENTENCE_WORDS) for p in article.paragraphs for s in split_sentences(p)
    ]
    lead = find_lead(sentences)
    return None if lead is None else shorten_to_clause(sentences[lead], limit)


__all__ = [
    "GIST_CHARS",
    "find_lead",
    "gist",
    "is_heading",
    "is_informative",
    "shorten_to_clause",
]
