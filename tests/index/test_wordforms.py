"""Irregular word forms: the shipped table, and questions that search a word's other forms."""

from __future__ import annotations

from importlib import resources

import pytest

from index.answering import answer
from index.build import build_index
from index.models import Article
from index.query import parse_query
from index.tokenizer import stem
from index.wordforms import MAX_FORMS, irregular_forms, word_forms_text

REGENERATE = (
    '.venv/bin/python -c "from index.wordforms import word_forms_text as t; '
    "open('index/data/word_forms.txt', 'w').write(t())\""
)


def test_the_shipped_table_is_lemminflects() -> None:
    pytest.importorskip("lemminflect")
    shipped = resources.files("index").joinpath("data/word_forms.txt").read_text("utf-8")
    assert shipped == word_forms_text(), f"lemminflect or the stemmer changed: {REGENERATE}"


@pytest.mark.parametrize(
    ("form", "other"),
    [("sold", "sell"), ("went", "go"), ("mice", "mouse"), ("held", "hold"), ("children", "child")],
)
def test_an_irregular_form_reaches_its_lemma_and_back(form: str, other: str) -> None:
    assert other in {f.form for f in irregular_forms(form)}
    assert form in {f.form for f in irregular_forms(other)}


def test_each_other_form_carries_its_own_stem_and_none_shares_the_words() -> None:
    for form in ("went", "sold", "fell", "children"):
        found = irregular_forms(form)
        assert 0 < len(found) <= MAX_FORMS
        assert all(f.stem == stem(f.form) != stem(form) for f in found)


def test_a_regular_or_unknown_word_has_no_other_forms() -> None:
    assert irregular_forms("replace") == ()
    assert irregular_forms("zorbify") == ()


def test_a_question_in_one_form_finds_the_sentence_in_another() -> None:
    body = (
        "The thieves will face a judge about the break-in next week.",
        "The thieves stole paintings by a Dutch master from the museum.",
    )
    index = build_index([Article("a1", "Museum raid", "x.com", body)])
    query = parse_query(index, "What did the thieves steal?")
    assert "stole" in {t.form for t in query.terms if t.related}
    top = answer(index, query).hits[0]
    assert "Dutch master" in top.sentence_text
