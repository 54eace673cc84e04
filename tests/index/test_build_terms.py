"""The fast indexing path (``term_forms``, the per-process stem cache, quotation marks found by
regex) builds exactly the index the one-``Word``-per-token path describes, on awkward text."""

from __future__ import annotations

import unicodedata

import numpy as np

from index.build import build_index
from index.models import Article
from index.passages import split_passages
from index.sentences import split_sentences
from index.tokenizer import is_stopword, stem, words

PARAGRAPHS = (
    "The U.S. and the UK said 5,200 people, i.e. 3.5% of them, left. Mr. Smith agreed.",
    "US officials met WHO and NATO on Jan. 5. It is what it is. THE US AND THE UK ARE HERE.",
    "Paula's dog's bowl; the players' union; don't, it's O'Neill's. \u201cNo,\u201d he said.",
    "Sham\u200bkhani met Ali\u00adreza at 10.30 with the e.g. a.m. crowd \u2014 \u2018never\u2019.",
    'He said: "No. Never." Then he left. \'Quoted\' words and "open quotes. Over here.',
    "Ünïcödé façade naïve Straße ﬁne ＦＵＬＬ ｗｉｄｔｈ ½ " + "word " * 130 + "end.",
    "A" * 41 + " long " + "b" * 40 + " and 1,000,000 running runners ran; I A An AN ITS It's.",
)


def _reference_forms(passage_text: str, start: int, end: int) -> list[str]:
    """One sentence's indexed forms, computed word by word as the query side does."""
    nfkc = unicodedata.normalize("NFKC", passage_text[start:end])
    return [w.form for w in words(nfkc) if not is_stopword(w)]


def test_each_sentence_holds_the_terms_the_word_by_word_path_gives() -> None:
    articles = [
        Article(
            f"a{i}", f"Headline {i} of the U.S.", "example.org", PARAGRAPHS[i:] + PARAGRAPHS[:i]
        )
        for i in range(len(PARAGRAPHS))
    ]
    index = build_index(articles)
    terms = index.terms
    n = 0
    for article in articles:
        for passage in split_passages(article):
            got = index.sentence_term_ids(n)
            want = [_reference_forms(passage.text, s.start, s.end) for s in passage.sentences]
            assert [[terms[t] for t in ids] for ids in got] == [
                [stem(f) for f in forms] for forms in want
            ], passage.text
            assert [[index.surface_forms[f] for f in forms] for forms in want] == [
                list(s) for s in got
            ]
            n += 1
    assert n == index.matrix.n_docs


def test_quotation_aware_sentences_are_unchanged_by_the_mark_search() -> None:
    text = PARAGRAPHS[4]
    assert [s.of(text) for s in split_sentences(text)] == [
        'He said: "No. Never."',
        "Then he left.",
        "'Quoted' words and \"open quotes.",
        "Over here.",
    ]


def test_the_passage_text_blob_is_the_passages_end_to_end() -> None:
    articles = [Article("a", "Title", "example.org", PARAGRAPHS)]
    index = build_index(articles)
    blob = np.asarray(index.arrays["text_blob"]).tobytes()
    assert blob == "".join(p.text for p in split_passages(articles[0])).encode("utf-8")
    assert not index.arrays["text_blob"].flags.writeable


def _punkt_reference(text: str) -> list[tuple[int, int]]:
    """Punkt's own spans of ``text``, trimmed as ``punkt_spans`` trims them."""
    from index.sentences import _tokenizer
    from index.tokenizer import unify_punctuation

    out = []
    for start, end in _tokenizer().span_tokenize(unify_punctuation(text)):
        piece = text[start:end]
        lo, hi = start + len(piece) - len(piece.lstrip()), end - len(piece) + len(piece.rstrip())
        if hi > lo:
            out.append((lo, hi))
    return out


def test_paragraphs_without_an_inner_sentence_end_split_as_punkt_splits_them() -> None:
    import random

    from index.sentences import punkt_spans

    rng = random.Random(7)
    pieces = [
        "word",
        "U.S.",
        "Mr.",
        "5.2",
        "?",
        "!",
        ".",
        "..",
        " ",
        "  ",
        "\u00a0",
        "\n",
        ")",
        '"',
    ]
    pieces += ["\u201d", "\u2019", "'", "(", "--", "\u2026", "Yes", "no", "e.g.", "\t"]
    texts = [*PARAGRAPHS, " One sentence only. ", "Why? ", "No end", "End!\u00a0", "Ends.)"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 12))) for _ in range(3000)]
    for text in texts:
        assert [(s.start, s.end) for s in punkt_spans(text)] == _punkt_reference(text), text
