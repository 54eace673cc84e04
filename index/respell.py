"""The question as meant: chat spellings spelled out and typos fixed, before it is parsed.

People type "whats", "who'd", "u", "mnay" and "thanks lol". Left as they are, such words are
searched as content words the corpus lacks, which reads as evidence that the article does not
answer, and "how mnay" no longer asks for a number. Chat spellings come from
``index/data/chat.txt`` (replaced unless typed in capitals: "IM", "U-boat"); words that ask
nothing ("hi", "please", "thanks", "lol": ``index/data/fillers.txt``) are dropped; a word that
is neither a corpus word nor English is corrected by :meth:`index.spell.SpellIndex.correct` (a
capitalised word inside the question, likely a name, only to a corpus word, and then even an
English one that is far rarer: "Jonson" → "Johnson").
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any
from weakref import WeakKeyDictionary

import numpy as np

from index.reading import question_words
from index.searchindex import SearchIndex
from index.spell import SpellIndex, is_english, max_distance
from index.tokenizer import Word, is_stopword

_SPELL: WeakKeyDictionary[SearchIndex, SpellIndex] = WeakKeyDictionary()


@dataclass(frozen=True, slots=True)
class Respelled:
    """A question rewritten as meant, and the typos fixed in it (as typed, as fixed)."""

    text: str
    corrections: tuple[tuple[str, str], ...] = ()


@cache
def _filler_lines() -> tuple[str, ...]:
    raw = resources.files("index").joinpath("data/fillers.txt").read_text(encoding="utf-8")
    return tuple(line.strip() for line in raw.splitlines() if line.strip() and line[0] != "#")


@cache
def fillers() -> frozenset[str]:
    """Words of chat that ask nothing ("hi", "thanks", "lol": ``index/data/fillers.txt``)."""
    return frozenset(line for line in _filler_lines() if " " not in line and line[0] != "^")


@cache
def asking_phrases() -> dict[str, tuple[tuple[tuple[str, ...], bool], ...]]:
    """Phrases that ask rather than say what is asked ("can you tell me", "according to the
    article"), as word forms, each with whether it counts only where the question begins;
    by first word, longest first."""
    out: dict[str, list[tuple[tuple[str, ...], bool]]] = {}
    for line in _filler_lines():
        if " " in line or line[0] == "^":
            words = tuple(line.lstrip("^").split())
            out.setdefault(words[0], []).append((words, line[0] == "^"))
    return {w: tuple(sorted(p, key=lambda x: -len(x[0]))) for w, p in out.items()}


def _asking_spans(forms: list[str], dropped: set[int]) -> set[int]:
    """The word positions of asking phrases in ``forms`` (``dropped``: fillers already gone,
    which do not end the question's beginning)."""
    out: set[int] = set()
    opening = True  # every word so far is gone
    for i in range(len(forms)):
        if i not in out:
            for words, at_start in asking_phrases().get(forms[i], ()):
                if tuple(forms[i : i + len(words)]) == words and (opening or not at_start):
                    out.update(range(i, i + len(words)))
                    break
        opening = opening and (i in dropped or i in out)
    return out


@cache
def chat_spellings() -> dict[str, str]:
    """Chat spelling → the words it stands for (``index/data/chat.txt``)."""
    raw = resources.files("index").joinpath("data/chat.txt").read_text(encoding="utf-8")
    out: dict[str, str] = {}
    for line in raw.splitlines():
        spelling, colon, meaning = line.partition(":")
        if colon and not line.startswith("#"):
            out[spelling.strip()] = meaning.strip()
    return out


class _FormWeights(Mapping[str, int]):
    """An index's word forms → document frequency, read from its tables when asked."""

    def __init__(self, index: SearchIndex) -> None:
        self._forms = index.surface_forms
        self._df = index.matrix.df

    def __getitem__(self, form: str) -> int:
        return int(self._df[self._forms[form]])

    def having(self, forms: Iterable[str]) -> set[str]:
        """Which of ``forms`` the index has (one batch look-up)."""
        return self._forms.having(forms)

    def having_rows(self, rows: np.ndarray[Any, Any]) -> set[str]:
        """Which forms, given as rows of UTF-8 bytes, the index has."""
        return self._forms.having_rows(rows)

    def __contains__(self, form: object) -> bool:
        return form in self._forms

    def __iter__(self) -> Iterator[str]:
        return iter(self._forms)

    def __len__(self) -> int:
        return len(self._forms)


def spell_index(index: SearchIndex) -> SpellIndex:
    """The index's typo corrector: a view of its own tables (nothing to build, issue 17),
    kept while the index lives."""
    if index not in _SPELL:
        alphabet = index.arrays["surface_letters"].tobytes().decode("utf-8")
        _SPELL[index] = SpellIndex(_FormWeights(index), alphabet, lambda form: _known(index, form))
    return _SPELL[index]


def _known(index: SearchIndex, form: str) -> bool:
    return index.term_of(form) is not None


def _filler_here(text: str, tokens: list[Word], i: int) -> bool:
    """Whether the filler ``tokens[i]`` is one, not part of a name: lowercase, or opening
    the question and not before a capitalised word ("Hello Kitty")."""
    raw = text[tokens[i].start : tokens[i].end]
    if raw.islower():
        return True
    after = text[tokens[i + 1].start : tokens[i + 1].start + 1] if i + 1 < len(tokens) else ""
    return i == 0 and raw[1:].islower() and not after.isupper()


def respell(index: SearchIndex, question: str) -> Respelled:
    """``question`` with chat spellings spelled out and typos fixed against ``index``; a
    question typed all in capitals is read as if typed in lowercase (its capitals say
    nothing of names or acronyms, and a correction would leave it half shouted)."""
    text = unicodedata.normalize("NFKC", question)
    shouted = _shouted(text)
    if shouted:
        text = text.lower()
    chat = chat_spellings()
    pieces: list[str] = []
    corrections: list[tuple[str, str]] = []
    done = 0
    previous = ""
    tokens = question_words(text)  # kept: parsing reads the same words
    gone = {
        i for i, w in enumerate(tokens) if w.form in fillers() and _filler_here(text, tokens, i)
    }
    gone |= _asking_spans([w.form for w in tokens], gone)
    for i, w in enumerate(tokens):
        raw = text[w.start : w.end]
        new: str | None = None
        if i in gone:
            new = ""  # "hey, can you tell me who won? thanks"
        elif raw == "us" and previous == "the":
            new = "US"  # "how much comes from the us": the country, not the pronoun
        elif w.form in chat and not any(c.isupper() for c in raw[1:]) and raw != "U":
            new = chat[w.form]
            if raw[:1].isupper():
                new = new[:1].upper() + new[1:]
        elif not is_stopword(w) and not w.acronym and not _known(index, w.form):
            name = i > 0 and raw[:1].isupper()
            if not max_distance(w.form) or (not name and is_english(w.form)):
                continue  # a word, or too short to correct: no need to build the corrector
            fixed = spell_index(index).correct(w.form, name=name)
            if fixed is not None:
                corrections.append((w.form, fixed))
                new = fixed[:1].upper() + fixed[1:] if raw[:1].isupper() else fixed
                if raw.casefold().endswith("'s") and not w.form.endswith("'s"):
                    new += raw[-2:]
        if new is not None:
            pieces += [text[done : w.start], new]
            done = w.end
        previous = w.form
    if not pieces:
        return Respelled(text if shouted else question)
    return Respelled("".join(pieces) + text[done:], tuple(corrections))


def _shouted(text: str) -> bool:
    """Whether ``text`` is a question typed all in capitals ("WHO SCORED FOR ORIENT"): three
    words at least (a lone "NATO?" or "US troops?" keeps its capitals)."""
    return text.upper() == text and sum(1 for w in question_words(text) if w.form.isalpha()) >= 3


__all__ = ["Respelled", "asking_phrases", "chat_spellings", "fillers", "respell", "spell_index"]
