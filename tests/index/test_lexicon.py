"""The shipped word lists: the related-words table reads its stems from a file kept in step
with the stemmer, so a question of corpus words needs no stemmer."""

from __future__ import annotations

import subprocess
import sys
from importlib import resources
from pathlib import Path

from index.build import build_index, save_index
from index.lexicon import related_words, word_stems_text
from index.models import Article
from index.tokenizer import stem

REGENERATE = (
    '.venv/bin/python -c "from index.lexicon import word_stems_text as t; '
    "open('index/data/word_stems.txt', 'w').write(t())\""
)


def test_the_shipped_stems_of_the_word_lists_are_the_stemmers() -> None:
    shipped = resources.files("index").joinpath("data/word_stems.txt").read_text("utf-8")
    assert shipped == word_stems_text(), f"synonyms.txt or the stemmer changed: {REGENERATE}"


def test_related_words_are_keyed_by_the_stem_of_each_word_of_a_group() -> None:
    table = related_words()
    assert "purchase" in table[stem("buy")] and "buy" in table[stem("purchases")]


def test_a_question_of_corpus_words_imports_no_stemmer(tmp_path: Path) -> None:
    body = ("The troops said they would leave Baghdad.", "Officials bought time.")
    save_index(build_index([Article("a1", "Troops leave", "x.com", body)]), tmp_path / "x.idx")
    code = (
        "import sys\n"
        "from index.build import load_index\n"
        "from index.query import parse_query\n"
        f"index = load_index({str(tmp_path / 'x.idx')!r})\n"
        "q = parse_query(index, 'Did the troops leave Baghdad?')\n"
        "print([t.form for t in q.terms if not t.related], 'nltk' in sys.modules)\n"
        "parse_query(index, 'Did the officials zorbify Baghdad?')\n"
        "print('nltk' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # An unknown word ("zorbify") is stemmed: then, and only then, nltk is imported.
    assert out.stdout.split("\n")[:2] == ["['troops', 'leave', 'baghdad'] False", "True"]
