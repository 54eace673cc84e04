"""Passages: one per paragraph, long paragraphs cut on sentence boundaries, spans that hold."""

from __future__ import annotations

import random

import pytest

from index.models import Article, Passage
from index.passages import MAX_WORDS, split_passages
from index.sentences import split_sentences


def article(*paragraphs: str) -> Article:
    return Article(id="art", title="Headline", source="example.com", paragraphs=paragraphs)


def long_paragraph(words: int, seed: int = 7) -> str:
    """Sentences of 5-25 words adding up to about ``words`` words."""
    rng = random.Random(seed)
    sentences: list[str] = []
    total = 0
    while total < words:
        n = min(rng.randint(5, 25), max(words - total, 2))
        body = " ".join(
            rng.choice(["troops", "embassy", "officials", "region", "plans"]) for _ in range(n - 1)
        )
        sentences.append(f"Officials {body}.")
        total += n
    return " ".join(sentences)


def word_count(passage: Passage) -> int:
    return len(passage.text.split())


def assert_spans_valid(passage: Passage) -> None:
    previous_end = 0
    assert passage.sentences
    for span in passage.sentences:
        assert previous_end <= span.start < span.end <= len(passage.text)
        text = span.of(passage.text)
        assert text == text.strip()
        previous_end = span.end
    assert passage.sentences[0].start == 0
    assert passage.sentences[-1].end == len(passage.text)


def test_seed_article_gives_one_passage_per_paragraph(seed_article: Article) -> None:
    passages = split_passages(seed_article)
    assert [p.paragraphs for p in passages] == [(n,) for n in range(1, 18)]
    assert [p.text for p in passages] == list(seed_article.paragraphs)
    assert passages[2].id == f"{seed_article.id}:3"
    for p in passages:
        assert p.article_id == seed_article.id
        assert_spans_valid(p)


def test_seed_first_paragraph_has_three_sentences(seed_article: Article) -> None:
    first = split_passages(seed_article)[0]
    assert [s[:20] for s in first.sentence_texts()] == [
        "The Ministry of Defe",
        "It is understood def",
        "Tensions between the",
    ]


def test_paragraph_numbers_are_one_based_and_skip_nothing() -> None:
    passages = split_passages(article("One.", "", "Three."))
    assert [(p.paragraph, p.text) for p in passages] == [(1, "One."), (3, "Three.")]


def test_a_400_word_paragraph_is_split_on_sentence_boundaries() -> None:
    text = long_paragraph(400)
    passages = split_passages(article("Intro.", text))
    parts = passages[1:]
    assert len(parts) >= 4
    assert all(word_count(p) <= MAX_WORDS for p in parts)
    assert {p.paragraphs for p in parts} == {(2,)}
    assert [p.id for p in parts] == [f"art:2-{i}" for i in range(1, len(parts) + 1)]
    whole = [s.of(text) for s in split_sentences(text)]
    assert [s for p in parts for s in p.sentence_texts()] == whole
    for p in parts:
        assert_spans_valid(p)


def test_a_300_word_single_sentence_is_cut_on_word_boundaries() -> None:
    text = " ".join(f"w{i}" for i in range(300)) + "."
    passages = split_passages(article(text))
    assert len(passages) == 3
    assert all(word_count(p) <= MAX_WORDS for p in passages)
    assert " ".join(p.text for p in passages) == text
    for p in passages:
        assert_spans_valid(p)


def test_a_paragraph_at_the_limit_stays_whole() -> None:
    text = long_paragraph(MAX_WORDS)
    assert len(text.split()) == MAX_WORDS
    assert [p.text for p in split_passages(article(text))] == [text]


@pytest.mark.parametrize("seed", range(5))
def test_random_long_paragraphs_respect_the_word_limit(seed: int) -> None:
    rng = random.Random(seed)
    paragraphs = [long_paragraph(rng.randint(1, 600), seed=seed * 10 + i) for i in range(4)]
    for p in split_passages(article(*paragraphs)):
        assert word_count(p) <= MAX_WORDS
        assert_spans_valid(p)
