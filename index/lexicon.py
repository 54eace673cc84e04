"""The word lists articlebot ships (``index/data``): related words, by stem, and news phrases
with the words they stand for ("Downing Street" → prime minister). Read once, on first use.

The stems of every word of these lists and of the chat spellings ship too
(``data/word_stems.txt``, written by :func:`word_stems_text`; a test keeps it equal to the
stemmer's), and :func:`known_stem` reads them: a question whose words the corpus uses is
answered without importing nltk (its import is the slowest part of a cold start). A word
missing from the file is stemmed, and only when its stem could matter: :func:`stem_among`
looks up every string the stem could be first.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from functools import cache
from importlib import resources

from index.tokenizer import stem, stemmer_loaded, words


def _data(name: str) -> str:
    return resources.files("index").joinpath(f"data/{name}").read_text(encoding="utf-8")


def _groups() -> list[list[str]]:
    return [line.split() for line in _data("synonyms.txt").splitlines() if not line.startswith("#")]


_LISTS = ("synonyms.txt", "phrases.txt", "chat.txt")


def word_stems_text() -> str:
    """What ``data/word_stems.txt`` holds: each word of the shipped lists and its stem."""
    found: set[str] = set()
    for name in _LISTS:
        for line in _data(name).splitlines():
            if not line.startswith("#"):
                found.update(w.form for w in words(line.replace(":", " ")))
    head = "# Each word of synonyms.txt, phrases.txt and chat.txt and its stem (word_stems_text)\n"
    return head + "".join(f"{w} {stem(w)}\n" for w in sorted(found))


@cache
def _word_stems() -> dict[str, str]:
    lines = _data("word_stems.txt").splitlines()
    pairs = (line.split() for line in lines if not line.startswith("#"))
    return {p[0]: p[1] for p in pairs if len(p) == 2}


def known_stem(form: str) -> str:
    """The stem of a case-folded word form: from the shipped table when the form is a word of
    the lists (no stemmer loaded), else from the stemmer."""
    known = _word_stems().get(form)
    return known if known is not None else stem(form)


# What a Snowball stem can end with beyond the start it shares with its word: "giving" → give,
# "happy" → happi, "tunability" → tunabl, "dying" → die, "skies" → sky (the rules only rewrite
# a word's end). A test holds every English word's stem to it.
STEM_TAILS = ("", "e", "i", "l", "ie", "y", "le")


def stem_candidates(form: str) -> set[str]:
    """Every string the stem of ``form`` can be (its stem is always one of them). A stem
    keeps two letters of its word at least, but for "dying" → die and its kind."""
    out = {form[:n] + tail for n in range(2, len(form) + 1) for tail in STEM_TAILS}
    return out | {form[:1] + "ie", form}


def stem_among(form: str, having: Callable[[Iterable[str]], Collection[str]]) -> str | None:
    """The stem of a case-folded word form when ``having`` (which of these strings are there?)
    finds it, else None. The stemmer is loaded only when ``having`` finds one of the strings
    the stem could be: a word the corpus lacks ("Shamkhanni", "spectatorz") costs a batch
    look-up, not nltk's import."""
    known = _word_stems().get(form)
    if known is not None or form[:1].isdigit() or stemmer_loaded():  # a number is its own stem
        found = known or stem(form)
        return found if having((found,)) else None
    there = having(stem_candidates(form))  # its stem is among them: one look-up is enough
    return None if not there or (found := stem(form)) not in there else found


@cache
def related_words() -> dict[str, tuple[str, ...]]:
    """Stem → related words (``index/data/synonyms.txt``; a word in several groups gets all)."""
    out: dict[str, list[str]] = {}
    for group in _groups():
        for word in group:
            bucket = out.setdefault(known_stem(word), [])
            bucket.extend(w for w in group if w != word and w not in bucket)
    return {k: tuple(v) for k, v in out.items()}


@cache
def phrases() -> dict[tuple[str, ...], tuple[str, ...]]:
    """Question phrase → words it stands for (``index/data/phrases.txt``)."""
    out: dict[tuple[str, ...], tuple[str, ...]] = {}
    for line in _data("phrases.txt").splitlines():
        phrase, colon, meaning = line.partition(":")
        if colon and not line.startswith("#"):
            out[tuple(phrase.split())] = tuple(meaning.split())
    return out


@cache
def _by_first_word() -> dict[str, tuple[tuple[str, ...], ...]]:
    """The phrases by their first word, in the list's order."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases():
        out.setdefault(phrase[0] if phrase else "", []).append(phrase)
    return {word: tuple(group) for word, group in out.items()}


def phrase_at(forms: list[str], i: int) -> tuple[int, tuple[str, ...]] | None:
    """The phrase starting at word ``i`` (its length and meaning), if any: the first in the
    list's order (only those starting with that word can)."""
    by_first = _by_first_word()
    if "" in by_first:  # an empty phrase matches anywhere: try them all, in order
        candidates: tuple[tuple[str, ...], ...] = tuple(phrases())
    else:
        candidates = by_first.get(forms[i], ()) if i < len(forms) else ()
    for phrase in candidates:
        if tuple(forms[i : i + len(phrase)]) == phrase:
            return len(phrase), phrases()[phrase]
    return None


__all__ = [
    "STEM_TAILS",
    "known_stem",
    "phrase_at",
    "phrases",
    "related_words",
    "stem_among",
    "stem_candidates",
    "word_stems_text",
]
