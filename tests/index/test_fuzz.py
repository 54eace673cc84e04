"""Property and fuzz tests: hostile questions and article texts never crash the core.

Every question — emoji, zero-width and right-to-left characters, combining marks, control
characters, 10,000 characters, only punctuation, stopwords or numbers — either raises
:class:`QueryError` (a blank one) or gets a well-formed answer: ranks 1..n, the answering
sentence is one of its passage's sentence spans, and ``to_json()`` is strict JSON.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.answering import MAX_K
from index.build import build_index, load_index, open_index, save_index
from index.conversation import Conversation
from index.corpus import parse_article
from index.errors import CorpusError, QueryError
from index.models import Answer, Article, Passage
from index.passages import split_passages
from index.searchindex import SearchIndex
from index.sentences import split_sentences
from index.summary import MAX_ABOUT_CHARS, summarize
from index.tokenizer import stopwords, terms, words
from tests.asking import ask

REPO = Path(__file__).resolve().parents[2]
SEED_TEXT = (REPO / "corpus" / "000_75ea43fa358d5fb6.txt").read_text(encoding="utf-8")
SEED_WORDS = sorted(set(re.findall(r"\w+", SEED_TEXT)))

# Modest budgets: the whole file runs in well under 30 s.
FEW = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FEWER = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

EMOJI = "😀🇬🇧👨‍👩‍👧🔥🧕🏽✈️"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
RTL = "\u200f\u202e\u2067ایران‏ שלום مرحبا"
COMBINING = "\u0301\u0308\u0327\u20dd\u0489"
CONTROL = "".join(map(chr, [*range(0, 32), 127, *range(0x80, 0xA0)]))
PUNCTUATION = "!?.,;:'\"()[]{}-–—…“”‘’«»/\\@#$%^&*_+=~`|<>"
NASTY = EMOJI + ZERO_WIDTH + RTL + COMBINING + CONTROL + PUNCTUATION


def _repeat_to(length: int) -> st.SearchStrategy[str]:
    """Strings of exactly ``length`` characters, built by repeating a short sample."""
    return st.text(min_size=1, max_size=40).map(lambda s: (s * (length // len(s) + 1))[:length])


seed_word = st.sampled_from(SEED_WORDS)
nasty_char = st.sampled_from(NASTY)
questions = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=NASTY, max_size=80),
    _repeat_to(10_000),
    st.text(alphabet=PUNCTUATION, min_size=1, max_size=60),
    st.lists(st.sampled_from(sorted(stopwords())), min_size=1, max_size=12).map(" ".join),
    st.lists(
        st.integers(-(10**12), 10**12).map(str) | st.just("5,200") | st.just("3.14"),
        min_size=1,
        max_size=10,
    ).map(" ".join),
    # Real words mixed with hostile characters: exercises ranking, not only the empty path.
    st.lists(seed_word | nasty_char | st.just("?"), min_size=1, max_size=15).map(" ".join),
    st.lists(seed_word, min_size=1, max_size=8).map(" ".join),
)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    """The seed index, opened from a fresh file in tmp (memory-mapped, as front ends load it)."""
    path = tmp_path_factory.mktemp("fuzz") / "x.idx"
    return open_index(REPO / "corpus", path).index


def _check_passage(p: Passage) -> None:
    assert p.text and p.text == p.text.strip()
    previous = 0
    for s in p.sentences:
        assert previous <= s.start < s.end <= len(p.text)
        previous = s.end


def check_answer(ans: Answer, question: str, k: int) -> None:
    """The well-formedness every answer owes its callers."""
    assert ans.question == question
    assert isinstance(ans.abstained, bool)
    assert [h.rank for h in ans.hits] == list(range(1, len(ans.hits) + 1))
    assert len(ans.hits) <= k
    for h in ans.hits:
        assert math.isfinite(h.score)
        _check_passage(h.passage)
        assert 0 <= h.sentence.start < h.sentence.end <= len(h.passage.text)
        assert h.sentence in h.passage.sentences
        assert h.passage.id.startswith(f"{h.article.id}:")
        assert h.passage.paragraph >= 1
    assert [h.score for h in ans.hits] == sorted((h.score for h in ans.hits), reverse=True)
    encoded = json.dumps(ans.to_json(), ensure_ascii=False, allow_nan=False)
    assert json.loads(encoded)["question"] == question


def _blank(text: str) -> bool:
    return not text.strip()


@FEW
@given(text=questions)
def test_terms_of_any_text_are_clean_tokens(text: str) -> None:
    out = terms(text)
    assert all(t and not any(c.isspace() for c in t) for t in out)
    nfkc = unicodedata.normalize("NFKC", text)
    previous = 0
    for w in words(nfkc):
        assert previous <= w.start < w.end <= len(nfkc)
        previous = w.end


@FEW
@given(question=questions, k=st.integers(1, MAX_K))
def test_any_question_gets_a_well_formed_answer_or_query_error(
    index: SearchIndex, question: str, k: int
) -> None:
    if _blank(question):
        with pytest.raises(QueryError):
            ask(index, question, k=k)
        return
    check_answer(ask(index, question, k=k), question, k)


@FEWER
@given(
    turns=st.lists(questions | st.just("What did he say?") | st.just(""), min_size=1, max_size=5)
)
def test_a_conversation_survives_any_sequence_of_questions(
    index: SearchIndex, turns: list[str]
) -> None:
    conv = Conversation()
    for question in turns:
        if _blank(question):
            with pytest.raises(QueryError):
                conv.ask(index, question)
            continue
        check_answer(conv.ask(index, question), question, 3)
    assert len(conv.turns) <= conv.max_turns


@FEW
@given(about=questions | st.text(max_size=5))
def test_a_focused_summary_of_any_topic_is_well_formed(about: str) -> None:
    article = parse_article(SEED_TEXT, "seed")
    topic = about.strip()
    try:
        summary = summarize(article, about=about)
    except QueryError:
        # Allowed only for a topic that is blank or too long (or the core may accept those).
        assert not topic or len(topic) > MAX_ABOUT_CHARS
        return
    assert len(summary.sentences) <= 3
    assert summary.found or not summary.sentences
    for s in summary.sentences:
        assert s.text in article.paragraphs[s.paragraph - 1]
    json.dumps(summary.to_json(), ensure_ascii=False, allow_nan=False)


# -- arbitrary article text ------------------------------------------------------------------

word = st.text(alphabet=st.characters(categories=["L", "N"]), min_size=1, max_size=12)
giant_paragraph = st.lists(word | seed_word, min_size=1, max_size=30).map(
    lambda ws: " ".join((ws * (5000 // len(ws) + 1))[:5000])
)
paragraph = st.one_of(
    st.just(""),
    st.text(max_size=300),
    st.text(alphabet=PUNCTUATION, min_size=1, max_size=50),
    st.lists(word | seed_word, min_size=1, max_size=60).map(" ".join),  # no sentence ending
    st.text(alphabet=NASTY, max_size=40),
)
article_texts = st.one_of(
    st.text(max_size=500),
    st.builds(
        lambda title, paras: "\n\n".join([title, *paras]),
        st.text(max_size=80),
        st.lists(paragraph, max_size=6),
    ),
    st.builds(
        lambda title, big, paras: "\n\n".join([title, big, *paras]),
        st.text(min_size=1, max_size=40),
        giant_paragraph,
        st.lists(paragraph, max_size=2),
    ),
)


def _parse_or_reject(text: str) -> Article | None:
    try:
        return parse_article(text, "fuzz")
    except CorpusError as exc:
        assert "empty" in str(exc) or "headline" in str(exc)
        return None


@FEWER
@given(text=article_texts)
def test_any_article_text_indexes_and_answers(text: str) -> None:
    article = _parse_or_reject(text)
    if article is None:
        return
    for para in article.paragraphs:
        for s in split_sentences(para):
            assert 0 <= s.start < s.end <= len(para)
    passages = split_passages(article)
    for p in passages:
        _check_passage(p)
        assert p.text in article.paragraphs[p.paragraph - 1]
        assert len(p.text.split()) <= 120 or len(p.sentences) == 1
    idx = build_index([article])
    assert idx.n_passages == len(passages)
    body_words = [w for para in article.paragraphs for w in para.split()][:5] or ["anything"]
    for question in (" ".join(body_words), "What happened?", article.title or "x"):
        if not _blank(question):
            check_answer(ask(idx, question), question, 3)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(text=article_texts)
def test_any_article_survives_a_save_and_load(tmp_path: Path, text: str) -> None:
    article = _parse_or_reject(text)
    if article is None:
        return
    built = build_index([article])
    path = tmp_path / "fuzz.idx"
    save_index(built, path)
    loaded = load_index(path)
    assert loaded.n_passages == built.n_passages
    assert loaded.article(0) == built.article(0)
    question = article.title if not _blank(article.title) else "x"
    assert ask(loaded, question).to_json() == ask(built, question).to_json()


def test_a_truly_empty_article_is_a_corpus_error() -> None:
    for text in ("", "   ", "\n\n\n", "\ufeff\r\n \r\n"):
        with pytest.raises(CorpusError):
            parse_article(text, "empty")
