"""Sentence splitting with NLTK's Punkt and parameters this project ships (no NLTK data).

Punkt needs to know abbreviations (``Mr.``, ``Gen.``, ``U.S.``, ``Jan.``) and which words
start sentences; we give it a curated abbreviation list and mark every stopword as a word
usually seen in lower case, so ``…in the U.S. The president…`` still splits after ``U.S.``.
Splitting runs on punctuation-unified text of the same length, so offsets index the original.
"""

from __future__ import annotations

from functools import cache
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


@cache
def _tokenizer() -> PunktSentenceTokenizer:
    # Imported here: nltk's package import is slow and only indexing needs sentences.
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    mid_lower = 1 << 4  # punkt's _ORTHO_MID_LC: seen in lower case inside a sentence
    for word in stopwords():
        params.ortho_context[word] = mid_lower
    return PunktSentenceTokenizer(params)


def split_sentences(text: str) -> list[Span]:
    """Spans of the sentences of ``text``, in order, whitespace trimmed; [] for blank text."""
    if not text.strip():
        return []
    unified = unify_punctuation(text)
    spans: list[Span] = []
    for start, end in _tokenizer().span_tokenize(unified):
        piece = text[start:end]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece) - len(piece.rstrip())
        if end - trail > start + lead:
            spans.append(Span(start + lead, end - trail))
    return spans


__all__ = ["ABBREVIATIONS", "split_sentences"]
