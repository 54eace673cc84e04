"""Irregular word forms ("sold" ↔ "sell", "went" ↔ "go", "mice" ↔ "mouse"): the forms of one
noun or verb that the stemmer does not join.

They come from lemminflect's English inflection table (MIT licence), written once into
``data/word_forms.txt`` by :func:`word_forms_text` (a test keeps the file equal to it when
lemminflect, a development dependency, is installed): answering reads the shipped file only,
so neither lemminflect nor its tables load at question time.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import NamedTuple

from index.tokenizer import stem

MAX_FORMS = 8


class Form(NamedTuple):
    """A word form and its stem."""

    form: str
    stem: str


def word_forms_text() -> str:
    """What ``data/word_forms.txt`` holds: one line per lowercase noun or verb whose forms
    have more than one stem, the lemma first (needs lemminflect)."""
    from lemminflect.core.Inflections import Inflections

    table: dict[str, dict[str, tuple[str, ...]]] = Inflections()._getInflDict()
    lines = []
    for lemma, tags in table.items():
        if not (lemma.isalpha() and lemma.islower()):
            continue
        forms = {lemma} | {f for t, fs in tags.items() if t.startswith(("NN", "VB")) for f in fs}
        forms = {f for f in forms if f.isalpha()}
        by_stem: dict[str, list[str]] = {}
        for f in sorted(forms, key=lambda f: (f != lemma, f)):
            by_stem.setdefault(stem(f), []).append(f)
        if len(by_stem) > 1:
            lines.append(" | ".join(f"{k}: {' '.join(fs)}" for k, fs in by_stem.items()) + "\n")
    head = (
        "# Forms of one noun or verb with more than one stem, from lemminflect (word_forms_text):\n"
        "# each stem, a colon, its forms; stems apart by |\n"
    )
    return head + "".join(sorted(lines))


@cache
def _other_stems() -> dict[str, tuple[Form, ...]]:
    """Form → its nouns' and verbs' other stems, each with its first form (the file says
    which: no stemmer is loaded)."""
    text = resources.files("index").joinpath("data/word_forms.txt").read_text(encoding="utf-8")
    out: dict[str, list[Form]] = {}
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        parts = (part.partition(":") for part in line.split("|"))
        classes = [(k.strip(), fs.split()) for k, _, fs in parts]
        for i, (_, own) in enumerate(classes):
            others = [Form(fs[0], k) for j, (k, fs) in enumerate(classes) if j != i]
            for form in own:
                bucket = out.setdefault(form, [])
                bucket.extend(f for f in others if f not in bucket)
    return {form: tuple(forms) for form, forms in out.items()}


def irregular_forms(form: str) -> tuple[Form, ...]:
    """The other stems of a case-folded word's nouns and verbs ("went" → go, gone), at most
    ``MAX_FORMS``; none for a word the table lacks. No stemmer is loaded."""
    return _other_stems().get(form, ())[:MAX_FORMS]


__all__ = ["MAX_FORMS", "Form", "irregular_forms", "word_forms_text"]
