"""Terms: the one tokenizer that serves passages and queries alike.

normalise (NFKC, casefold, straight quotes, plain hyphens) → word tokens (numbers whole:
``5,200`` → ``5200``) → drop stopwords (the shipped list; an all-capitals acronym such as
``US`` is kept) → Snowball stem. ``TOKENIZER_VERSION`` is saved in the index file; so is a
fingerprint of this module's source (``index.buildinfo``), so any edit here or to the stopword
list rebuilds old indexes. Bump the version when the change also alters what terms mean.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

TOKENIZER_VERSION = "terms-2"

# Same-length map: display text and matching text keep identical offsets.
_PUNCT_MAP = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
    }
)

# A number keeps its thousands separators and decimal point; a word keeps inner apostrophes.
# Invisible characters (zero-width spaces and joiners, soft hyphens) inside a word are part of
# it: "Sham\u200bkhani" is one word, matched as "shamkhani".
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_LETTERS = rf"[^\W\d_]+(?:[{_INVISIBLE}]+[^\W\d_]+)*"
_TOKEN_RE = re.compile(rf"\d+(?:[.,]\d+)*|{_LETTERS}(?:'{_LETTERS})*(?:\.(?:[^\W\d_]\.)+)?")
_INVISIBLE_TABLE = str.maketrans("", "", _INVISIBLE)
_INVISIBLE_SET = frozenset(_INVISIBLE)
_ACRONYM_RE = re.compile(r"(?:[A-Z]\.){2,}|[A-Z]{2,5}")
_MAX_TOKEN_CHARS = 40


def unify_punctuation(text: str) -> str:
    """Replace curly quotes, typographic dashes and no-break spaces, keeping every offset."""
    return text.translate(_PUNCT_MAP)


def normalize(text: str) -> str:
    """Text as matching sees it: NFKC, unified punctuation, case-folded."""
    return unify_punctuation(unicodedata.normalize("NFKC", text)).casefold()


@cache
def stopwords() -> frozenset[str]:
    """The stopword list shipped in ``index/data/stopwords.txt``."""
    raw = resources.files("index").joinpath("data/stopwords.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip() for line in raw.splitlines() if line.strip() and not line.startswith("#")
    )


@dataclass(frozen=True, slots=True)
class Word:
    """One word token of some text before stemming: its matching form and whether it counts."""

    form: str
    start: int
    end: int
    acronym: bool


def _form(raw: str, invisible: bool) -> str:
    """A token's matching form: case-folded, invisible characters dropped (when the text has
    any), a number's thousands separators and a word's dots and ending "'s" removed."""
    form = (raw.translate(_INVISIBLE_TABLE) if invisible else raw).casefold()
    if form[0].isdigit():
        return form.replace(",", "")
    form = form.replace(".", "")
    return form[:-2] if form.endswith("'s") else form


def words(text: str) -> list[Word]:
    """Word tokens with offsets into ``text`` (which must already be NFKC if offsets matter)."""
    unified = unify_punctuation(text)
    shouting = unified.upper() == unified
    out: list[Word] = []
    for m in _TOKEN_RE.finditer(unified):
        raw = m.group()
        if len(raw) > _MAX_TOKEN_CHARS:
            continue
        acronym = not shouting and _ACRONYM_RE.fullmatch(raw) is not None
        form = _form(raw, True)
        if form:
            out.append(Word(form, m.start(), m.end(), acronym))
    return out


def term_forms(text: str) -> list[str]:
    """The forms of ``words(text)`` that are not stopwords, as :func:`words` and
    :func:`is_stopword` give them, without a :class:`Word` per token (indexing's hot loop)."""
    unified = unify_punctuation(text)
    shouting = unified.upper() == unified
    invisible = not _INVISIBLE_SET.isdisjoint(unified)
    stop = stopwords()
    out: list[str] = []
    for raw in _TOKEN_RE.findall(unified):
        if len(raw) > _MAX_TOKEN_CHARS:
            continue
        form = _form(raw, invisible)
        if form and (form not in stop or (not shouting and _ACRONYM_RE.fullmatch(raw) is not None)):
            out.append(form)
    return out


@cache
def _stemmer() -> Callable[[str], str]:
    # Imported here: nltk's package import is the slowest part of a cold start.
    from nltk.stem.snowball import SnowballStemmer

    stemmer: Callable[[str], str] = SnowballStemmer("english").stem
    return stemmer


def stemmer_loaded() -> bool:
    """Whether nltk's stemmer is loaded already (then stemming a word costs microseconds)."""
    return _stemmer.cache_info().currsize > 0


@lru_cache(maxsize=200_000)  # bounded: a long-running bot sees endless new words
def stem(form: str) -> str:
    """The Snowball stem of one case-folded word form (numbers are kept as they are)."""
    if form[0].isdigit():
        return form
    return _stemmer()(form)


def is_stopword(word: Word) -> bool:
    """True when the word is dropped from terms (an acronym such as ``US`` never is)."""
    return not word.acronym and word.form in stopwords()


def terms(text: str) -> list[str]:
    """The index terms of ``text``: normalised, stopwords dropped, stemmed; order kept."""
    return [stem(f) for f in term_forms(unicodedata.normalize("NFKC", text))]


def content_forms(text: str) -> list[str]:
    """The case-folded word forms of ``text`` that become terms (before stemming)."""
    return term_forms(unicodedata.normalize("NFKC", text))


__all__ = [
    "TOKENIZER_VERSION",
    "Word",
    "content_forms",
    "is_stopword",
    "normalize",
    "stem",
    "stopwords",
    "term_forms",
    "terms",
    "unify_punctuation",
    "words",
]
