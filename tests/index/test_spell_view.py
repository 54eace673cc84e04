"""The index's corrector is a view of its tables (nothing built) and corrects exactly as a
corrector built from the same forms and weights does, accented letters included."""

from __future__ import annotations

import random

from index.build import build_index
from index.models import Article
from index.respell import spell_index
from index.spell import SpellIndex

TEXT = (
    "The café owner Zoë Renée met the government minister in Baghdad on Thursday.",
    "Ministers discussed tensions, troops, retaliation and the embassy cat Larry.",
    "Reporters covering the Wimbledon championships interviewed Radcliffe and Soleimani.",
)


def _typos(word: str, rng: random.Random) -> list[str]:
    i = rng.randrange(1, len(word))
    return [
        word[:i] + word[i + 1 :],
        word[:i] + "é" + word[i:],
        word[:i] + "x" + word[i + 1 :],
        word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :],
    ]


def test_the_index_corrector_corrects_as_one_built_from_its_forms() -> None:
    index = build_index([Article("a", "Minister meets café owner", "s", TEXT)])
    view = spell_index(index)
    df = index.matrix.df
    built = SpellIndex((f, int(df[t])) for f, t in index.surface_forms.items())
    rng = random.Random(7)
    forms = [f for f in index.surface_forms if len(f) >= 4 and f.isalpha()]
    assert "café" in forms
    typos = [t for f in forms for t in _typos(f, rng)]
    for typo in typos:
        for name in (False, True):
            assert view.correct(typo, name=name) == built.correct(typo, name=name), typo
    assert view.correct("cafè") == "café"  # a letter of the corpus that is not ASCII


def test_the_index_corrector_knows_only_words_of_three_letters_or_more() -> None:
    index = build_index([Article("a", "Headline", "s", ("An ox met 42 cats at the zoo.",))])
    view = spell_index(index)
    assert "cats" in view and "zoo" in view
    assert "ox" not in view and "42" not in view
