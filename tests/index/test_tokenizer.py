"""Terms: normalisation, word tokens, stopwords, acronyms and stemming, with no NLTK data."""

from __future__ import annotations

import os
from collections.abc import Iterator

import nltk
import pytest
from nltk.stem.snowball import SnowballStemmer

import index.sentences
import index.tokenizer
from index.tokenizer import (
    TOKENIZER_VERSION,
    content_forms,
    normalize,
    stem,
    stopwords,
    terms,
    unify_punctuation,
    words,
)


def test_no_nltk_data_is_installed_yet_tokenizing_works() -> None:
    for folder in nltk.data.path:
        for package in ("tokenizers/punkt", "tokenizers/punkt_tab", "corpora/stopwords"):
            assert not os.path.exists(os.path.join(folder, package)), (folder, package)
    with pytest.raises(LookupError):
        nltk.data.find("corpora/stopwords")
    assert terms("Troops were deployed to Baghdad.") == ["troop", "deploy", "baghdad"]


@pytest.fixture
def nltk_without_data(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """NLTK with no data path and every data lookup refused; cached tools rebuilt under it."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"NLTK data requested: {args}")

    monkeypatch.setattr(nltk.data, "path", [])
    monkeypatch.setattr(nltk.data, "find", refuse)
    monkeypatch.setattr(nltk.data, "load", refuse)
    caches = (index.sentences._tokenizer, index.tokenizer._stemmer, index.tokenizer.stem)
    for cached in caches:
        cached.cache_clear()
    yield
    for cached in caches:
        cached.cache_clear()


@pytest.mark.usefixtures("nltk_without_data")
def test_splitting_and_stemming_never_ask_for_nltk_data() -> None:
    spans = index.sentences.split_sentences(
        "Mr. Esper met Gen. Milley in the U.S. The talks ended."
    )
    assert len(spans) == 2
    assert terms("Troops were repositioning generously") == ["troop", "reposit", "generous"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("an estimated 5,200 personnel", ["estim", "5200", "personnel"]),
        ("1,000,000 people", ["1000000", "peopl"]),
        ("it rose 3.5 per cent", ["rose", "3.5", "per", "cent"]),
        ("in 2020.", ["2020"]),
    ],
)
def test_numbers_are_kept_whole(text: str, expected: list[str]) -> None:
    assert terms(text) == expected


def test_curly_quotes_and_dashes_are_unified_for_matching() -> None:
    assert normalize("“Hi” — ‘there’ – x") == "\"hi\" - 'there' - x"
    assert terms("O’Brien’s “historic nightmare”") == terms("O'Brien's \"historic nightmare\"")


def test_unifying_punctuation_keeps_every_offset() -> None:
    text = "Mr Shamkhani said: ”If the US troops…” – and left\u00a0today."
    assert len(unify_punctuation(text)) == len(text)


def test_us_acronym_is_kept_though_us_is_a_stopword() -> None:
    assert "us" in stopwords()
    assert terms("The US told us") == ["us", "told"]
    assert terms("troops in the U.S. army") == ["troop", "us", "armi"]


def test_an_all_capitals_text_does_not_turn_stopwords_into_acronyms() -> None:
    assert terms("WHAT IS IT ABOUT") == []


@pytest.mark.parametrize("word", ["the", "and", "of", "is", "was", "to"])
def test_stopwords_are_dropped(word: str) -> None:
    assert word in stopwords()
    assert terms(f"troops {word} Iraq") == ["troop", "iraq"]


def test_terms_are_snowball_stems() -> None:
    snowball = SnowballStemmer("english")
    text = "Tensions soared as generously funded forces were repositioning"
    assert terms(text) == [
        snowball.stem(w.casefold()) for w in text.split() if w != "as" and w != "were"
    ]
    assert terms("running runs") == ["run", "run"]
    assert stem("5200") == "5200"


def test_possessives_match_the_bare_word() -> None:
    assert terms("Iran’s elite force") == terms("Iran elite force")


@pytest.mark.parametrize(
    ("variant", "plain"),
    [("ﬁnancial", "financial"), ("ＵＳ troops", "US troops"), ("①", "1")],
)
def test_nfkc_variants_give_the_same_terms(variant: str, plain: str) -> None:
    assert terms(variant) == terms(plain)


def test_word_offsets_point_into_the_text() -> None:
    text = "The UK has around 400 troops based in Iraq."
    for w in words(text):
        assert normalize(text[w.start : w.end]).replace(",", "") == w.form


def test_overlong_tokens_are_ignored() -> None:
    assert terms("x" * 41 + " troops") == ["troop"]


def test_content_forms_are_the_words_before_stemming() -> None:
    assert content_forms("The troops were deployed") == ["troops", "deployed"]


def test_tokenizer_version_is_named() -> None:
    assert TOKENIZER_VERSION.startswith("terms-")


def test_invisible_characters_inside_a_word_are_ignored() -> None:
    assert terms("Sham\u200bkhani") == terms("Shamkhani")
    assert terms("Sham\u00adkhani") == ["shamkhani"]


_TRICKY = (
    "The U.S. and the UK said 5,200 people, i.e. 3.5% of them, left.",
    "US officials met WHO and NATO; it is what it is.",
    "THE US AND THE UK ARE HERE",
    "Paula's dog's bowl; the players' union; don't, it's O'Neill's.",
    "Sham\u200bkhani met Ali\u00adreza at 10.30 with the e.g. a.m. crowd.",
    "\u201cNo,\u201d he said \u2014 \u2018never\u2019 \u2013 in 2024.",
    "A" * 41 + " word " + "b" * 40 + " and 1,000,000,000,000,000,000,000,000,000,000,000,000",
    "Ünïcödé façade naïve Straße ﬁne ＦＵＬＬ ｗｉｄｔｈ ½",
    "",
    "   \n\t ",
    "I A An AN ITS Its it's IT'S",
)


@pytest.mark.parametrize("text", _TRICKY)
def test_term_forms_are_exactly_the_words_that_are_not_stopwords(text: str) -> None:
    import unicodedata

    from index.tokenizer import is_stopword, term_forms

    nfkc = unicodedata.normalize("NFKC", text)
    assert term_forms(nfkc) == [w.form for w in words(nfkc) if not is_stopword(w)]
