"""Query: a question turned into weighted index terms, with typo corrections and unknown words.

Word forms the corpus uses map straight to their term (no stemmer needed, which keeps a CLI
start free of nltk's import); others are stemmed, then typo-corrected against the corpus's
forms; what is still unknown is kept, because a question about words the article never uses
is evidence that the article does not answer it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from index.searchindex import SearchIndex
from index.spell import SpellIndex
from index.text import is_stopword, stem, words

MAX_QUESTION_CHARS = 2000
MAX_QUERY_TERMS = 64


@dataclass(frozen=True, slots=True)
class QueryTerm:
    """One searched term: the form shown to users, its term id and its weight."""

    form: str
    term_id: int
    weight: float = 1.0
    carried: bool = False


@dataclass(frozen=True, slots=True)
class Query:
    """What is searched for a question."""

    text: str
    terms: tuple[QueryTerm, ...]
    unknown: tuple[str, ...] = ()
    corrections: tuple[tuple[str, str], ...] = ()

    @property
    def display(self) -> str:
        """The searched words as users see them (corrected forms; carried words last)."""
        own = [t.form for t in self.terms if not t.carried]
        carried = [t.form for t in self.terms if t.carried]
        seen: set[str] = set()
        out = [f for f in own + self.unknown_list + carried if not (f in seen or seen.add(f))]
        return " ".join(out)

    @property
    def unknown_list(self) -> list[str]:
        """Unknown words, as a list."""
        return list(self.unknown)

    def with_carried(self, carried: list[QueryTerm]) -> Query:
        """This query plus terms carried over from earlier turns."""
        own = {t.term_id for t in self.terms}
        extra = tuple(t for t in carried if t.term_id not in own)
        return Query(self.text, self.terms + extra, self.unknown, self.corrections)


_SPELL: WeakKeyDictionary[SearchIndex, SpellIndex] = WeakKeyDictionary()


def spell_index(index: SearchIndex) -> SpellIndex:
    """The index's typo corrector, built on first use and kept while the index lives."""
    if index not in _SPELL:
        df = index.matrix.df
        _SPELL[index] = SpellIndex((f, int(df[t])) for f, t in index.surface_forms.items())
    return _SPELL[index]


def parse_query(index: SearchIndex, text: str) -> Query:
    """Turn a question into a :class:`Query` against ``index``."""
    nfkc = unicodedata.normalize("NFKC", text[:MAX_QUESTION_CHARS])
    forms = index.surface_forms
    term_ids = index.term_ids
    terms: list[QueryTerm] = []
    unknown: list[str] = []
    corrections: list[tuple[str, str]] = []
    for w in words(nfkc):
        if is_stopword(w) or len(terms) >= MAX_QUERY_TERMS:
            continue
        tid = forms.get(w.form)
        if tid is None:
            tid = term_ids.get(stem(w.form))
        if tid is not None:
            terms.append(QueryTerm(w.form, tid))
            continue
        fixed = spell_index(index).correct(w.form)
        if fixed is not None:
            corrections.append((w.form, fixed))
            terms.append(QueryTerm(fixed, forms[fixed]))
        else:
            unknown.append(w.form)
    return Query(text, tuple(terms), tuple(unknown), tuple(corrections))


__all__ = ["MAX_QUESTION_CHARS", "Query", "QueryTerm", "parse_query", "spell_index"]
