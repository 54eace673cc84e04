"""The word lists articlebot ships (``index/data``): related words, by stem, and news phrases
with the words they stand for ("Downing Street" → prime minister). Read once, on first use."""

from __future__ import annotations

from functools import cache
from importlib import resources

from index.tokenizer import stem


@cache
def related_words() -> dict[str, tuple[str, ...]]:
    """Stem → related words (``index/data/synonyms.txt``; a word in several groups gets all)."""
    raw = resources.files("index").joinpath("data/synonyms.txt").read_text(encoding="utf-8")
    out: dict[str, list[str]] = {}
    for line in raw.splitlines():
        group = line.split()
        if not group or line.startswith("#"):
            continue
        for word in group:
            bucket = out.setdefault(stem(word), [])
            bucket.extend(w for w in group if w != word and w not in bucket)
    return {k: tuple(v) for k, v in out.items()}


@cache
def phrases() -> dict[tuple[str, ...], tuple[str, ...]]:
    """Question phrase → words it stands for (``index/data/phrases.txt``)."""
    raw = resources.files("index").joinpath("data/phrases.txt").read_text(encoding="utf-8")
    out: dict[tuple[str, ...], tuple[str, ...]] = {}
    for line in raw.splitlines():
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


__all__ = ["phrase_at", "phrases", "related_words"]
