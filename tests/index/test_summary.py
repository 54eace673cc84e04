"""summarize(): ranking, lead, order, redundancy, topics and the degenerate cases."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.corpus import parse_article
from index.errors import QueryError
from index.models import Article, Summary
from index.summary import MAX_ABOUT_CHARS, MAX_SENTENCES, summarize
from tests.conftest import SEED_FILE

ROOT = Path(__file__).resolve().parents[2]
SEED = SEED_FILE
TOPICS_FILE = ROOT / "tests" / "data" / "summary_topics.jsonl"
TOPICS = [
    json.loads(line)
    for line in TOPICS_FILE.read_text(encoding="utf-8").splitlines()
    if line.strip()
]


def article(*paragraphs: str, title: str = "A headline") -> Article:
    return Article("a1", title, "example.com", tuple(paragraphs))


def texts(summary: Summary) -> list[str]:
    return [s.text for s in summary.sentences]


@pytest.fixture(scope="module")
def seed() -> Article:
    return parse_article(SEED.read_text(encoding="utf-8"), SEED.stem)


STORM = (
    "The storm closed roads and schools across the county on Monday.",
    "Roads in the county were flooded after the storm broke the river banks.",
    "A local bakery won a prize for its sourdough bread.",
    "Schools in the county stayed shut while the storm flooded the roads.",
    "Officials said roads and schools would reopen once the storm passed the county.",
)


def test_central_sentences_outrank_an_off_topic_one() -> None:
    summary = summarize(article(*STORM), 3)
    assert "A local bakery won a prize for its sourdough bread." not in texts(summary)
    assert len(summary.sentences) == 3


def test_sentences_come_back_in_article_order_with_paragraph_numbers() -> None:
    summary = summarize(article(*STORM), 4)
    numbers = [s.paragraph for s in summary.sentences]
    assert numbers == sorted(numbers)
    for s in summary.sentences:
        assert STORM[s.paragraph - 1] == s.text


def test_sentences_of_one_paragraph_carry_its_number() -> None:
    summary = summarize(article("Intro line about the harbour.", " ".join(STORM)), 10)
    assert {s.paragraph for s in summary.sentences if s.text in STORM} == {2}


def test_lead_wins_between_two_equally_central_sentences() -> None:
    a = "Roads in the county were flooded by the storm."
    b = "Schools in the county were flooded by the storm."
    middle = (
        "The storm closed roads and schools across the county.",
        "Roads and schools will reopen when the storm passes.",
    )
    assert texts(summarize(article(a, *middle, b), 1)) == [a]
    assert texts(summarize(article(b, *middle, a), 1)) == [b]


def test_two_near_identical_sentences_are_never_both_chosen() -> None:
    twin = "The central bank raised interest rates to curb rising inflation on Thursday."
    near_twin = "The central bank raised interest rates to curb rising inflation on Friday."
    body = (
        twin,
        "Inflation has climbed for six months as energy prices rose.",
        near_twin,
        "Economists expect the bank to raise interest rates again.",
        "Mortgage holders will pay more as rates rise.",
    )
    for n in (2, 3, MAX_SENTENCES):
        chosen = texts(summarize(article(*body), n))
        assert not (twin in chosen and near_twin in chosen), n


def test_article_shorter_than_the_summary_returns_every_sentence() -> None:
    summary = summarize(article("Only one sentence here.", "And a second one."), 5)
    assert texts(summary) == ["Only one sentence here.", "And a second one."]
    assert summary.found


def test_article_without_paragraphs_returns_an_empty_summary() -> None:
    summary = summarize(article(), 3)
    assert summary.sentences == ()
    assert summary.found


@pytest.mark.parametrize("count", [0, 11, -3])
def test_sentence_count_outside_1_to_10_raises_query_error(count: int) -> None:
    with pytest.raises(QueryError, match="1-10"):
        summarize(article(*STORM), count)


def test_summary_is_deterministic(seed: Article) -> None:
    assert summarize(seed, 4) == summarize(seed, 4)
    assert summarize(seed, 3, about="troops") == summarize(seed, 3, about="troops")


def test_seed_summary_opens_with_the_lead_paragraph(seed: Article) -> None:
    summary = summarize(seed, 3)
    assert len(summary.sentences) == 3
    assert summary.sentences[0].paragraph == 1


@pytest.mark.parametrize("topic", TOPICS, ids=[t["about"] for t in TOPICS])
def test_topic_summary_keeps_to_the_paragraphs_about_it(
    seed: Article, topic: dict[str, Any]
) -> None:
    summary = summarize(seed, 3, about=topic["about"])
    assert summary.found
    assert summary.about == topic["about"]
    assert summary.sentences
    assert {s.paragraph for s in summary.sentences} <= set(topic["paragraphs"])


def test_topic_the_article_never_mentions_returns_not_found(seed: Article) -> None:
    for about in ("football transfers", "Iran's football team", "climate change"):
        summary = summarize(seed, 3, about=about)
        assert summary == Summary(seed, (), about, found=False)


def test_topic_with_a_typo_is_corrected_to_the_article_word(seed: Article) -> None:
    summary = summarize(seed, 3, about="Solemani's death")
    assert summary.found
    assert all("Soleimani" in s.text for s in summary.sentences)


def test_topic_asking_for_numbers_picks_sentences_that_state_them(seed: Article) -> None:
    summary = summarize(seed, 3, about="how many troops")
    assert summary.sentences
    assert all(re.search(r"\d", s.text) and "troops" in s.text for s in summary.sentences)


def test_topic_on_an_article_without_paragraphs_is_not_found() -> None:
    assert not summarize(article(), 3, about="storm").found


@pytest.mark.parametrize("about", ["", "   ", "the of and"])
def test_topic_without_a_searchable_word_is_not_found(about: str) -> None:
    summary = summarize(article(*STORM), 3, about=about)
    assert (summary.found, summary.sentences, summary.about) == (False, (), about)


def test_only_the_start_of_a_very_long_topic_is_read() -> None:
    summary = summarize(article(*STORM), 3, about="storm " + "x" * MAX_ABOUT_CHARS + " bread")
    assert summary.found
    assert "A local bakery won a prize for its sourdough bread." not in texts(summary)


def test_summarize_is_exported_from_the_package() -> None:
    import index

    assert index.summarize is summarize
    assert "summarize" in index.__all__


_WORD = st.sampled_from(
    ["storm", "roads", "county", "river", "bank", "rates", "inflation", "bread", "the", "a", "of"]
)
_SENTENCE = st.lists(_WORD, min_size=1, max_size=8).map(lambda ws: " ".join(ws).capitalize() + ".")
_PARAGRAPH = st.lists(_SENTENCE, min_size=1, max_size=3).map(" ".join)


@settings(max_examples=40, deadline=None)
@given(st.lists(_PARAGRAPH, max_size=6), st.integers(1, MAX_SENTENCES))
def test_any_summary_is_a_bounded_ordered_subset_of_the_article(
    paragraphs: list[str], n: int
) -> None:
    summary = summarize(article(*paragraphs), n)
    assert len(summary.sentences) <= n
    numbers = [s.paragraph for s in summary.sentences]
    assert numbers == sorted(numbers)
    for s in summary.sentences:
        assert s.text in paragraphs[s.paragraph - 1]


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=60), st.integers(1, MAX_SENTENCES))
def test_a_summary_about_any_topic_is_well_formed(about: str, n: int) -> None:
    summary = summarize(article(*STORM), n, about=about)
    assert summary.about == about
    assert len(summary.sentences) <= n
    assert bool(summary.sentences) == summary.found
    numbers = [s.paragraph for s in summary.sentences]
    assert numbers == sorted(numbers)
