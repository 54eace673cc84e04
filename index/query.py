"""Query: a question turned into weighted index terms, with typo corrections and unknown words.

The question is first rewritten as meant (``index.respell``: chat spellings, typos). Word
forms the corpus uses map straight to their term (no stemmer needed, which keeps a CLI start
free of nltk's import); others are stemmed. Each question word also searches its related
words (``index/data/synonyms.txt``) at a lower weight; a word with neither a term nor a
related term is kept as unknown, because a question about words the article never uses is
evidence that the article does not answer it. Words that only frame a question ("how
*old*", "the *name* of") are not searched. Every term remembers its ``slot``, the question
word it stands for, so coverage counts words of the question, not expansions.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace

from index.answertype import AnswerKind, asks_when, explicit_date, question_type, strict_type
from index.lexicon import phrase_at, related_words
from index.limits import MAX_QUESTION_CHARS
from index.reading import question_words
from index.respell import respell
from index.searchindex import SearchIndex
from index.tokenizer import Word, is_stopword
from index.wordforms import irregular_forms

MAX_QUERY_TERMS = 64
RELATED_WEIGHT = 0.4
STANDIN_WEIGHT = 0.8
IRREGULAR_WEIGHT = 0.7
_AFTER_HOW = frozenset("old long far much many big large often soon tall high wide deep".split())
_FRAME = frozenset("name names named kind sort type".split())
# "*Around* when…", "*roughly* how many…": how exact an answer may be, not a word it uses.
_APPROXIMATE = frozenset("around roughly approximately approx circa".split())
MAX_COUNTED = 4
_CLAUSE = frozenset("who whom whose which that where when why how did does do was is were".split())
_WH = frozenset({"who", "what", "which"})
_COPULA = frozenset({"is", "was", "are", "were"})
_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her"})
_TYPE_NOUNS = frozenset("year years date day month time age price cost score".split())
_NAME_PARTS = frozenset("first last full middle given family".split())


@dataclass(frozen=True, slots=True)
class QueryTerm:
    """One searched term: the form shown to users, its term id and its weight."""

    form: str
    term_id: int
    weight: float = 1.0
    carried: bool = False
    slot: int = 0
    related: bool = False


@dataclass(frozen=True, slots=True)
class Query:
    """What is searched for a question."""

    text: str
    terms: tuple[QueryTerm, ...]
    unknown: tuple[str, ...] = ()
    corrections: tuple[tuple[str, str], ...] = ()
    unknown_slots: tuple[int, ...] = ()
    maybe_names: tuple[int, ...] = ()  # unknown words that may be parts of a name (answering.py)
    counted: tuple[int, ...] = ()  # "how many *British soldiers*…": what is counted
    # Capitalised words that narrow what is counted or named ("how many *French* troops",
    # "the name of the *British* defence secretary"): an answer must mention them.
    proper: tuple[int, ...] = ()
    kind: AnswerKind = (
        AnswerKind.ANY
    )  # the kind of answer asked for (a follow-up's may be inherited)
    explicit_date: bool = False  # "what year…", "which day…"
    asks_when: bool = False  # "When did…", "Since when was…"
    meant: str = ""  # the question as meant: chat spellings spelled out, typos fixed
    focus: tuple[int, ...] = ()  # "who is Ireland's *captain*": what an answer must mention

    @property
    def strict(self) -> bool:
        """Whether only an answer of the kind asked can answer ("how many", "what year")."""
        return strict_type(self.kind, self.explicit_date)

    @property
    def asks_nothing(self) -> bool:
        """Whether the question, read as meant, has no word at all: "thanks", "lol", "?"
        (words that ask nothing are dropped; "what is it?" still asks)."""
        return not self.terms and not self.unknown and not question_words(self.meant)

    @property
    def carried_terms(self) -> tuple[QueryTerm, ...]:
        """The terms carried over from earlier turns of a conversation."""
        return tuple(t for t in self.terms if t.carried)

    @property
    def display(self) -> str:
        """The searched words as users see them: corrected forms, stand-ins for words the
        corpus lacks, unknown words, then words carried from earlier turns."""
        direct = {t.slot for t in self.terms if not t.related and not t.carried}
        own = [
            (t.slot, t.form)
            for t in self.terms
            if not t.carried and (not t.related or t.slot not in direct)
        ]
        slots = self.unknown_slots or tuple(range(10_000, 10_000 + len(self.unknown)))
        own += list(zip(slots, self.unknown, strict=False))
        carried = [t.form for t in self.terms if t.carried and not t.related]
        ordered = [form for _, form in sorted(own, key=lambda pair: pair[0])]
        return " ".join(dict.fromkeys([*ordered, *carried]))

    def with_carried(self, carried: list[QueryTerm]) -> Query:
        """This query plus terms carried over from earlier turns."""
        own = {t.term_id for t in self.terms}
        extra = tuple(t for t in carried if t.term_id not in own)
        return replace(self, terms=self.terms + extra)


def _terms(
    index: SearchIndex,
    forms: Iterable[str],
    weight: float,
    slot: int,
    related: bool,
    seen: set[int | None],
) -> list[QueryTerm]:
    """Query terms for ``forms`` the corpus has, skipping (and adding to) ``seen``."""
    out: list[QueryTerm] = []
    for form in forms:
        tid = index.term_of(form)
        if tid is not None and tid not in seen:
            seen.add(tid)
            out.append(QueryTerm(form, tid, weight, slot=slot, related=related))
    return out


def _phrase_terms(
    index: SearchIndex, own: list[str], meaning: tuple[str, ...], slot: int
) -> list[QueryTerm]:
    """A phrase's own words the corpus has, then the words it stands for, as one slot."""
    seen: set[int | None] = set()
    direct = _terms(index, own, 1.0, slot, False, seen)
    return direct + _terms(index, meaning, STANDIN_WEIGHT, slot, True, seen)


def _related_terms(
    index: SearchIndex, form: str, own: int | None, slot: int, weight: float
) -> list[QueryTerm]:
    table = related_words()
    stem = index.stem_in(form, table)
    related = table[stem] if stem is not None else ()
    seen: set[int | None] = {own}
    found = _terms(index, related, weight, slot, True, seen)
    if IRREGULAR_WEIGHT:  # the same word in a form the stemmer cannot join, at its own weight
        scale = IRREGULAR_WEIGHT / RELATED_WEIGHT
        for other in irregular_forms(form):
            tid = index.term_ids.get(other.stem)
            if tid is not None and tid not in seen:
                seen.add(tid)
                found.append(QueryTerm(other.form, tid, weight * scale, slot=slot, related=True))
    return found


def _is_frame(prev: str, form: str, following: str) -> bool:
    """Words that only say what kind of answer is wanted: "how *old*", "the *name* of",
    "his *first name*", "what does KSF *stand for*"."""
    if prev == "how" and form in _AFTER_HOW:
        return True
    if form in _FRAME and following == "of":
        return True
    if form in _APPROXIMATE and following in ("when", "what", "how", "which"):
        return True
    if form in ("name", "names") and (prev in _NAME_PARTS or not following):
        return True
    if form in _NAME_PARTS and following in ("name", "names"):
        return True
    return form in ("stand", "stands") and following == "for"


def _focus(tokens: list[Word], nfkc: str) -> tuple[int, ...]:
    """What a "who/what is the/X's *thing*?" question asks about: the head (last word) of
    the lowercase noun phrase after the verb, its determiner or the names that own it
    ("Who is Ireland's *captain*?", "What is Japan's unemployment *rate*?"). An answer
    must mention it. None when the phrase ends in a word naming the answer's type ("the
    final *score*": the type decides) or has no determiner or owner ("who was in charge")."""
    # "So who is…", "And who is…": words before the question word do not change what it asks.
    at = next((i for i, w in enumerate(tokens) if not is_stopword(w) or w.form in _WH), 0)
    if len(tokens) < at + 4 or tokens[at].form not in _WH or tokens[at + 1].form not in _COPULA:
        return ()
    run: list[int] = []
    opened = False
    for i in range(at + 2, len(tokens)):
        w = tokens[i]
        raw = nfkc[w.start : w.end]
        if w.form in _TYPE_NOUNS or w.form in _FRAME:
            return ()
        if raw[:1].isupper() or raw.casefold().endswith("'s") or w.form in _DETERMINERS:
            if run:
                break
            opened = True
            continue
        if is_stopword(w):
            break
        run.append(i)
    return (run[-1],) if run and opened else ()


def _question_shape(
    tokens: list[Word], nfkc: str, inside_phrases: set[int]
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """What a "how many" question counts (its words after "how many", up to a stopword) and
    the capitalised words that narrow what is counted or named ("how many *French* troops",
    "the name of the *British* defence secretary"), as word positions."""
    counted: list[int] = []
    proper: list[int] = []
    naming = False
    for i, w in enumerate(tokens):
        if i in inside_phrases:
            continue
        prev = tokens[i - 1].form if i else ""
        following = tokens[i + 1].form if i + 1 < len(tokens) else ""
        capital = nfkc[w.start : w.start + 1].isupper()
        if w.form in _CLAUSE:
            naming = False
        elif prev == "of" and i > 1 and tokens[i - 2].form in ("name", "names"):
            naming = True
        if is_stopword(w) or _is_frame(prev, w.form, following):
            continue
        after_how_many = prev in ("many", "much") and i > 1 and tokens[i - 2].form == "how"
        if len(counted) < MAX_COUNTED and (after_how_many or (counted and counted[-1] == i - 1)):
            counted.append(i)
            if capital:
                proper.append(i)
        elif naming and capital:
            proper.append(i)
    return tuple(counted), tuple(proper)


def parse_query(index: SearchIndex, text: str) -> Query:
    """Turn a question into a :class:`Query` against ``index``: chat spellings spelled out
    and typos fixed first (``index.respell``): its kind is read from ``Query.meant``."""
    meant = respell(index, text[:MAX_QUESTION_CHARS])
    nfkc = unicodedata.normalize("NFKC", meant.text)
    terms: list[QueryTerm] = []
    unknown: list[str] = []
    unknown_slots: list[int] = []
    maybe_names: list[int] = []
    cased = any(c.isupper() for c in nfkc)
    tokens = question_words(nfkc)
    forms_asked = [t.form for t in tokens]
    inside_phrases: set[int] = set()
    for i, w in enumerate(tokens):
        if i in inside_phrases:
            continue
        phrase = phrase_at(forms_asked, i)
        if phrase is not None:
            size, meaning = phrase
            found = _phrase_terms(index, forms_asked[i : i + size], meaning, i)
            if found:
                terms.extend(found)
                inside_phrases.update(range(i + 1, i + size))
                continue
        prev = tokens[i - 1].form if i else ""
        following = tokens[i + 1].form if i + 1 < len(tokens) else ""
        if is_stopword(w) or len(terms) >= MAX_QUERY_TERMS or _is_frame(prev, w.form, following):
            continue
        tid = index.term_of(w.form)
        if tid is not None:
            terms.append(QueryTerm(w.form, tid, slot=i))
            terms.extend(_related_terms(index, w.form, tid, i, RELATED_WEIGHT))
            continue
        standins = _related_terms(index, w.form, None, i, STANDIN_WEIGHT)
        if standins:
            terms.extend(standins)
            continue
        if prev in ("what", "which") and w.form in _TYPE_NOUNS:
            continue  # "what year": the answer's type, not a word the answer must use
        unknown.append(w.form)
        unknown_slots.append(i)
        # Could be part of a name: capitalised mid-question, or anything in a question
        # typed without capitals.
        if not cased or (i and nfkc[w.start : w.start + 1].isupper()):
            maybe_names.append(i)
    counted, proper = _question_shape(tokens, nfkc, inside_phrases)
    focus = tuple(i for i in _focus(tokens, nfkc) if i not in inside_phrases)
    return Query(
        text,
        tuple(terms[:MAX_QUERY_TERMS]),
        tuple(unknown),
        meant.corrections,
        tuple(unknown_slots),
        tuple(maybe_names),
        counted,
        proper,
        question_type(meant.text),
        explicit_date(meant.text),
        asks_when(meant.text),
        meant.text,
        focus,
    )


__all__ = ["MAX_QUESTION_CHARS", "Query", "QueryTerm", "parse_query"]
