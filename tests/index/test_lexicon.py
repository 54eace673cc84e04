"""The shipped word lists: the related-words table reads its stems from a file kept in step
with the stemmer, so a question of corpus words needs no stemmer."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

import pytest
import symspellpy

from index import lexicon
from index.build import build_index, load_index, save_index
from index.lexicon import related_words, stem_among, stem_candidates, word_stems_text
from index.models import Article
from index.tokenizer import stem

REGENERATE = (
    '.venv/bin/python -c "from index.lexicon import word_stems_text as t; '
    "open('index/data/word_stems.txt', 'w').write(t())\""
)


def test_the_shipped_stems_of_the_word_lists_are_the_stemmers() -> None:
    shipped = resources.files("index").joinpath("data/word_stems.txt").read_text("utf-8")
    assert shipped == word_stems_text(), f"synonyms.txt or the stemmer changed: {REGENERATE}"


def test_each_group_of_related_words_is_listed_once() -> None:
    groups = [" ".join(g) for g in lexicon._groups() if g]
    assert len(groups) == len(set(groups)), "a group of synonyms.txt is listed twice"


def test_related_words_are_keyed_by_the_stem_of_each_word_of_a_group() -> None:
    table = related_words()
    assert "purchase" in table[stem("buy")] and "buy" in table[stem("purchases")]
    assert "coach" in table[stem("manager")]  # football's manager is rugby's coach


def test_a_question_of_corpus_words_imports_no_stemmer(tmp_path: Path) -> None:
    body = ("The troops said they would leave Baghdad.", "Officials bought time, Q said.")
    save_index(build_index([Article("a1", "Troops leave", "x.com", body)]), tmp_path / "x.idx")
    code = (
        "import sys\n"
        "from index.build import load_index\n"
        "from index.query import parse_query\n"
        f"index = load_index({str(tmp_path / 'x.idx')!r})\n"
        "q = parse_query(index, 'Did the troops leave Baghdad?')\n"
        "print([t.form for t in q.terms if not t.related], 'nltk' in sys.modules)\n"
        "parse_query(index, 'Did the officials qzorbify Baghdad?')\n"
        "print('nltk' in sys.modules)\n"
        "q = parse_query(index, 'Did troops officially leave Baghdad?')\n"
        "print([t.form for t in q.terms if not t.related], 'nltk' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # "qzorbify" cannot stem to a corpus term ("q" is one, but a stem keeps two letters):
    # no stemmer; "officially" may ("offici"): stemmed.
    assert out.stdout.split("\n")[:3] == [
        "['troops', 'leave', 'baghdad'] False",
        "False",
        "['troops', 'officially', 'leave', 'baghdad'] True",
    ]


def _english_words() -> list[str]:
    """The 82,765 words of the English list the typo corrector reads (symspellpy's)."""
    path = Path(symspellpy.__file__).parent / "frequency_dictionary_en_82_765.txt"
    return path.read_text(encoding="utf-8").split()[0::2]


def test_every_english_words_stem_is_one_of_the_strings_it_could_be() -> None:
    odd = ["dying", "lying", "skies", "tunability", "happily", "hoping", "doing", "sly", "a", "us"]
    wrong = [w for w in [*_english_words(), *odd] if stem(w) not in stem_candidates(w)]
    assert not wrong, wrong[:20]


def test_a_word_the_corpus_lacks_finds_the_same_term_as_stemming_it(tmp_path: Path) -> None:
    body = ("Sanctions were given to the relational spectator.", "Happiness is dying out.")
    save_index(build_index([Article("a1", "Skies", "x.com", body)]), tmp_path / "x.idx")
    index = load_index(tmp_path / "x.idx")
    asked = ["sanctioning", "giving", "happy", "relate", "died", "spectators", "sky", "zorb"]
    for form in [*asked, *_english_words()[::97]]:
        expected = index.surface_forms.get(form)
        if expected is None:
            expected = index.term_ids.get(stem(form))
        assert index.term_of(form) == expected, form
    assert index.term_of("spectators") == index.term_of("spectator") is not None


def test_a_loaded_stemmer_stems_at_once_and_finds_what_the_candidates_find(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = ("Sanctions were given to the relational spectator.", "Happiness is dying out.")
    save_index(build_index([Article("a1", "Skies", "x.com", body)]), tmp_path / "x.idx")
    index = load_index(tmp_path / "x.idx")
    forms = ["sanctioning", "happy", "died", "spectators", "zorb", *_english_words()[::89]]
    batches: list[int] = []

    def having(strings: Iterable[str]) -> set[str]:
        batch = set(strings)
        batches.append(len(batch))
        return {s for s in batch if s in index.term_ids}

    expected = [stem(f) if stem(f) in index.term_ids else None for f in forms]
    assert expected[:5] == ["sanction", "happi", "die", "spectat", None]
    for loaded in (False, True):
        monkeypatch.setattr(lexicon, "stemmer_loaded", lambda loaded=loaded: loaded)
        batches.clear()
        assert [stem_among(form, having) for form in forms] == expected
        # Loaded, one string is looked up a word; not, every string its stem could be.
        assert (max(batches) == 1) is loaded
