"""Sentence splitting with NLTK's Punkt and parameters this project ships (no NLTK data),
aware of quotations.

Punkt needs to know abbreviations (``Mr.``, ``Gen.``, ``U.S.``, ``Jan.``) and which words
start sentences; we give it a curated abbreviation list and mark every stopword as a word
usually seen in lower case, so ``…in the U.S. The president…`` still splits after ``U.S.``.
Splitting runs on punctuation-unified text of the same length, so offsets index the original.

A quotation its own paragraph closes is never split: ``He said: "No. Never." Then…`` gives
``He said: "No. Never."`` as one sentence. A quotation left open (news continues a quote in
the next paragraph, which opens again) splits as usual, so it cannot swallow the paragraph.
Straight quotes are told apart by their neighbours (an opening mark follows a space, a
closing one precedes one); a straight or curly single quote between letters is an apostrophe.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from index.models import Span
from index.tokenizer import stopwords, unify_punctuation

if TYPE_CHECKING:
    from nltk.tokenize.punkt import PunktSentenceTokenizer

ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof rev hon sr jr st mt ft gen lt col maj capt cpt sgt cmdr adm cdr brig
    gov sen rep pres supt insp det cllr amb
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
    u.s u.k u.n e.u u.s.a n.y d.c l.a e.g i.e a.m p.m etc vs v approx est dept inc ltd co corp
    bros plc assn univ fig nos op cf al
    """.split()
)
ELLIPSIS = "…"
# A quotation joined into one sentence is shown whole up to this many words (the longest
# 1% of single sentences on BBC News), else cut after its sentences that fit (``shorten``).
MAX_SENTENCE_WORDS = 40
_BEFORE_OPENING = frozenset("([{-–—/:")  # besides whitespace: what may precede an opening mark
_AFTER_CLOSING = frozenset(".,;:!?)]}…-–—")  # besides whitespace: what may follow a closing one
_CLOSING = {"“": "”", '"': '"', "‘": "’", "'": "'"}
_WORD_RE = re.compile(r"\S+")
_QUOTE_RE = re.compile("[“”\"‘’']")
_SENTENCE_END_RE = re.compile("[.?!]")  # Punkt's sentence-ending characters


class _Kind(Enum):
    """Which pair of marks a quotation uses (one kind never nests inside itself). Curly and
    straight single quotes are apart: a straight apostrophe never closes a curly quote."""

    DOUBLE = "double"
    SINGLE_CURLY = "single curly"
    SINGLE_STRAIGHT = "single straight"


class _Role(Enum):
    OPEN = "open"
    CLOSE = "close"
    EITHER = "either"


@dataclass(frozen=True, slots=True)
class _Mark:
    at: int
    kind: _Kind
    role: _Role


@dataclass(frozen=True, slots=True)
class Quotes:
    """The quotations of a text: those it closes (spans from opening to closing mark, both
    included) and the opening marks it leaves open, outermost first."""

    closed: tuple[Span, ...]
    open: tuple[int, ...]


@cache
def _tokenizer() -> PunktSentenceTokenizer:
    # Imported here: nltk's package import is slow and only indexing needs sentences.
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    mid_lower = 1 << 4  # punkt's _ORTHO_MID_LC: seen in lower case inside a sentence
    for word in stopwords():
        params.ortho_context[word] = mid_lower
    tokenizer = PunktSentenceTokenizer(params)
    # Whether a candidate's context ("end. Next") holds a break depends on that text alone
    # (the parameters are fixed): the same contexts recur, so each is decided once.
    decide = lru_cache(maxsize=65_536)(tokenizer.text_contains_sentbreak)
    tokenizer.text_contains_sentbreak = decide
    return tokenizer


def _marks(text: str) -> list[_Mark]:
    """The quotation marks of ``text`` with what each may do; apostrophes left out."""
    marks: list[_Mark] = []
    for found in _QUOTE_RE.finditer(text):
        at, char = found.start(), found.group()
        before = text[at - 1] if at else " "
        after = text[at + 1] if at + 1 < len(text) else " "
        opening = (before.isspace() or before in _BEFORE_OPENING or before in '“"') and not (
            after.isspace()
        )
        closing = not before.isspace() and (
            after.isspace() or after in _AFTER_CLOSING or after in '”"'
        )
        if char in '“”"':
            role = {"“": _Role.OPEN, "”": _Role.CLOSE}.get(char)
            if role is None:
                role = (
                    _Role.EITHER if opening == closing else _Role.OPEN if opening else _Role.CLOSE
                )
            marks.append(_Mark(at, _Kind.DOUBLE, role))
        elif before.isalnum() and after.isalnum():
            continue  # an apostrophe: don't, Paula's
        elif char == "‘" or (char == "'" and opening and after.isalnum()):
            kind = _Kind.SINGLE_CURLY if char == "‘" else _Kind.SINGLE_STRAIGHT
            marks.append(_Mark(at, kind, _Role.OPEN))
        elif closing:
            kind = _Kind.SINGLE_CURLY if char == "’" else _Kind.SINGLE_STRAIGHT
            marks.append(_Mark(at, kind, _Role.CLOSE))
    return marks


def find_quotes(text: str) -> Quotes:
    """The quotations ``text`` closes and the ones it leaves open.

    A quotation of one kind cannot hold another of the same kind, so an opening mark while
    one is open means the earlier was left open (how news continues a quote over paragraphs);
    a closing mark with no opening one (``the players' union``) is an apostrophe.
    """
    closed: list[Span] = []
    stack: list[_Mark] = []
    for mark in _marks(text):
        depth = next((i for i, m in enumerate(stack) if m.kind is mark.kind), None)
        role = mark.role
        if role is _Role.EITHER:
            role = _Role.OPEN if depth is None else _Role.CLOSE
        if role is _Role.OPEN:
            if depth is not None:
                del stack[depth:]
            stack.append(mark)
        elif depth is not None:
            closed.append(Span(stack[depth].at, mark.at + 1))
            del stack[depth:]
    return Quotes(tuple(closed), tuple(m.at for m in stack))


def punkt_spans(text: str) -> list[Span]:
    """Punkt's sentences of ``text``, whitespace trimmed, quotations ignored (passages are
    cut on these, so quote-awareness never moves a passage boundary)."""
    if not text.strip():
        return []
    stripped = text.rstrip()
    if not _SENTENCE_END_RE.search(stripped, 0, len(stripped) - 1):
        # No possible break before the end (Punkt's candidates are . ? ! with more after):
        # one sentence, as Punkt would say, without its per-paragraph cost.
        return [Span(len(text) - len(text.lstrip()), len(stripped))]
    spans: list[Span] = []
    for start, end in _tokenizer().span_tokenize(unify_punctuation(text)):
        piece = text[start:end]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece) - len(piece.rstrip())
        if end - trail > start + lead:
            spans.append(Span(start + lead, end - trail))
    return spans


def join_quoted(text: str, spans: list[Span]) -> list[Span]:
    """``spans`` with each run of sentences inside one closed quotation joined into one."""
    closed = find_quotes(text).closed
    out: list[Span] = []
    for span in spans:
        if out and any(q.start < span.start < q.end for q in closed):
            out[-1] = Span(out[-1].start, span.end)
        else:
            out.append(span)
    return out


def split_sentences(text: str) -> list[Span]:
    """Spans of the sentences of ``text``, in order, whitespace trimmed; [] for blank text.
    A quotation the text closes is never cut (see the module docstring)."""
    return join_quoted(text, punkt_spans(text))


def close_open_quotes(text: str) -> str:
    """The closing marks ``text``'s open quotations need, innermost first ("" for none)."""
    return "".join(_CLOSING[text[at]] for at in reversed(find_quotes(text).open))


def mark_cut_quotes(paragraph: str, span: Span) -> str:
    """The text of ``span`` in ``paragraph``, marked where it shows part of a quotation the
    paragraph closes (a passage boundary can fall inside one): an opening mark and an
    ellipsis before it when the quotation began earlier, an ellipsis and the closing mark
    after it when the quotation ends later."""
    text = span.of(paragraph)
    closed = find_quotes(paragraph).closed
    began = [q.start for q in closed if q.start < span.start < q.end]
    ends = [q.start for q in closed if q.start < span.end < q.end]
    if began:
        text = "".join(paragraph[at] for at in sorted(began)) + ELLIPSIS + text
    if ends:
        closing = "".join(_CLOSING[paragraph[at]] for at in sorted(ends, reverse=True))
        text = text.rstrip().rstrip(".") + ELLIPSIS + closing
    return text


def shorten(sentence: str, max_words: int) -> str:
    """``sentence`` when it has at most ``max_words`` words; else its leading Punkt
    sentences (at least one) that fit, ending in an ellipsis and the closing marks of the
    quotations that are cut: ``He said: "No. Never. Not…"`` → ``He said: "No…"``."""
    if len(_WORD_RE.findall(sentence)) <= max_words:
        return sentence
    spans = punkt_spans(sentence)
    end = spans[0].end
    for span in spans[1:]:
        if len(_WORD_RE.findall(sentence, 0, span.end)) > max_words:
            break
        end = span.end
    if end >= len(sentence.rstrip()):
        return sentence
    head = sentence[:end].rstrip()
    return head.rstrip(".") + ELLIPSIS + close_open_quotes(head)


__all__ = [
    "ABBREVIATIONS",
    "ELLIPSIS",
    "MAX_SENTENCE_WORDS",
    "Quotes",
    "close_open_quotes",
    "find_quotes",
    "join_quoted",
    "mark_cut_quotes",
    "punkt_spans",
    "shorten",
    "split_sentences",
]
