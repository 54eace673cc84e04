"""Summaries: extractive, lead-aware, and optionally focused on a topic.

Every sentence of the article is a node of a graph whose edges carry TextRank's similarity
(terms two sentences share, over the log of their lengths), so PageRank favours central,
content-rich sentences. News puts its gist first, so each score is then lifted by
``1 + LEAD_WEIGHT · exp(-(paragraph - 1) / LEAD_SPAN)``: most in the first paragraph, fading
over the next few. Sentences are picked greedily by maximal marginal relevance (a penalty for
the cosine similarity of their term sets to those already picked); one at or above
``DUPLICATE`` cosine to a picked sentence is never picked; the result is in article order.

With ``about``, the topic's words (typos corrected against the article's own words) weigh by
their idf among the article's sentences, and a word the article never uses weighs as much as
its rarest word. A sentence's *coverage* is the share of that weight it holds. The article does
not mention the topic when no sentence covers ``FOUND_AT`` of it. Otherwise a sentence's
relevance is its coverage plus ``NEIGHBOURS`` of its neighbours' (a topic runs over a stretch
of the article); candidates are the sentences that hold a topic word and reach
``KEEP_RELATIVE`` of the best relevance, so a focused summary may be shorter than asked but
never strays from the topic; they are ranked by relevance first, the generic score second.
Measured by ``bench/summary_eval.py`` (ROUGE on BBC News) and ``tests/data/summary_topics.jsonl``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np

from index.errors import QueryError
from index.limits import MAX_SENTENCES, MAX_TOPIC_CHARS, MIN_SENTENCES
from index.models import Article, Summary, SummarySentence
from index.sentences import split_sentences
from index.spell import SpellIndex
from index.tokenizer import content_forms, is_stopword, stem, terms, words

MAX_ABOUT_CHARS = MAX_TOPIC_CHARS

# Tuned on BBC News Summary (README, "Summaries"): ROUGE barely moves with DAMPING,
# REDUNDANCY or DUPLICATE; LEAD_WEIGHT trades 0.012 of ROUGE-2 for opening with the lede in
# 80% of articles (the references hold the first sentence 77% of the time).
DAMPING = 0.85
LEAD_WEIGHT = 0.4
LEAD_SPAN = 2.0
REDUNDANCY = 0.3
DUPLICATE = 0.8
# Topics: tests/data/summary_topics.jsonl passes for KEEP_RELATIVE 0.5-0.6, NEIGHBOURS 0-0.5.
FOUND_AT = 0.4
KEEP_RELATIVE = 0.5
NEIGHBOURS = 0.3
TOPIC_FIRST = 4.0  # exponent on relative relevance: relevance dominates the generic score
# A topic word asking for quantities; a sentence holding a numeral matches it.
QUANTITY_WORDS = frozenset(
    {
        "number",
        "numbers",
        "figure",
        "figures",
        "amount",
        "amounts",
        "total",
        "totals",
        "count",
        "statistics",
        "percentage",
    }
)
_HOW_MANY_RE = re.compile(r"\bhow\s+(?:many|much)\b", re.IGNORECASE)
NUMBER = "#number"
_NUMERAL_RE = re.compile(r"\d")

Matrix = np.ndarray[Any, np.dtype[np.float64]]


@dataclass(frozen=True, slots=True)
class _Sentence:
    text: str
    paragraph: int
    terms: tuple[str, ...]


def _sentences(article: Article) -> list[_Sentence]:
    out: list[_Sentence] = []
    for number, paragraph in enumerate(article.paragraphs, start=1):
        for span in split_sentences(paragraph):
            text = span.of(paragraph)
            out.append(_Sentence(text, number, tuple(terms(text))))
    return out


def _counts(sents: list[_Sentence]) -> Matrix:
    """Sentence × term count matrix."""
    vocab: dict[str, int] = {}
    for s in sents:
        for t in s.terms:
            vocab.setdefault(t, len(vocab))
    counts = np.zeros((len(sents), len(vocab)))
    for i, s in enumerate(sents):
        for t, c in Counter(s.terms).items():
            counts[i, vocab[t]] = c
    return counts


def textrank_similarity(counts: Matrix) -> Matrix:
    """TextRank's edge weights: terms two sentences share over log(1 + length) of each."""
    present = (counts > 0).astype(np.float64)
    shared = present @ present.T
    log_len = np.log1p(counts.sum(axis=1))
    norm = log_len[:, None] + log_len[None, :]
    sim: Matrix = np.divide(shared, norm, out=np.zeros_like(shared), where=norm > 0)
    np.fill_diagonal(sim, 0.0)
    return sim


def cosine_similarity(counts: Matrix) -> Matrix:
    """Cosine similarity of the sentences' term sets (a shared rare word counts as any other)."""
    present = (counts > 0).astype(np.float64)
    norms = np.sqrt(present.sum(axis=1, keepdims=True))
    unit = np.divide(present, norms, out=np.zeros_like(present), where=norms > 0)
    sim: Matrix = unit @ unit.T
    return sim


def pagerank(sim: Matrix, damping: float = DAMPING, iterations: int = 100) -> Matrix:
    """Stationary scores of a random walk over ``sim`` (uniform teleport; isolated nodes too)."""
    n = len(sim)
    rows = sim.sum(axis=1, keepdims=True)
    walk = np.divide(sim, rows, out=np.full_like(sim, 1.0 / n), where=rows > 0)
    rank = np.full(n, 1.0 / n)
    for _ in range(iterations):
        nxt: Matrix = (1 - damping) / n + damping * (rank @ walk)
        if np.abs(nxt - rank).sum() < 1e-10:
            return nxt
        rank = nxt
    return rank


def generic_scores(counts: Matrix, paragraphs: Matrix) -> Matrix:
    """Centrality with the lead lift, scaled so the best sentence scores 1."""
    rank = pagerank(textrank_similarity(counts))
    lead = 1 + LEAD_WEIGHT * np.exp(-(paragraphs - 1) / LEAD_SPAN)
    score: Matrix = rank * lead / (rank * lead).max()
    return score


def select(scores: Matrix, cosine: Matrix, n: int, allowed: Matrix | None = None) -> list[int]:
    """Up to ``n`` sentence numbers (of those ``allowed``) by maximal marginal relevance,
    near-duplicates of a chosen sentence skipped; in article order."""
    chosen: list[int] = []
    candidates = [i for i in range(len(scores)) if allowed is None or allowed[i]]
    top = float(scores[candidates].max()) if candidates else 0.0
    while len(chosen) < n and candidates:
        overlap = cosine[:, chosen].max(axis=1) if chosen else np.zeros(len(scores))
        best = max(candidates, key=lambda i: (scores[i] - REDUNDANCY * top * overlap[i], -i))
        candidates.remove(best)
        if overlap[best] < DUPLICATE:
            chosen.append(best)
    return sorted(chosen)


@dataclass(frozen=True, slots=True)
class _Topic:
    terms: frozenset[str]  # terms of the article that the topic names
    unknown: frozenset[str]  # topic words the article never uses
    quantity: bool  # the topic asks for numbers


def _topic(sents: list[_Sentence], about: str) -> _Topic:
    """The topic's terms; a typo is corrected to the article's own word."""
    corrector = SpellIndex(Counter(f for s in sents for f in content_forms(s.text)).items())
    known = {t for s in sents for t in s.terms}
    found: set[str] = set()
    unknown: set[str] = set()
    quantity = _HOW_MANY_RE.search(about) is not None
    for w in words(unicodedata.normalize("NFKC", about)):
        if w.form in QUANTITY_WORDS:
            quantity = True
        elif not is_stopword(w):
            term = stem(w.form)
            if term not in known and (fixed := corrector.correct(w.form)) is not None:
                term = stem(fixed)
            (found if term in known else unknown).add(term)
    return _Topic(frozenset(found), frozenset(unknown), quantity)


def topic_coverage(sents: list[_Sentence], about: str) -> Matrix:
    """Each sentence's share of the topic's idf weight (all zeros for a topic of no words).

    A quantity word ("numbers", "how many") is a term that any numeral matches; a sentence
    counts only when it holds a word of the topic and, for such a topic, a numeral.
    """
    topic = _topic(sents, about[:MAX_ABOUT_CHARS])
    bags = [set(s.terms) | ({NUMBER} if _NUMERAL_RE.search(s.text) else set()) for s in sents]
    wanted = topic.terms | ({NUMBER} if topic.quantity else set())
    n = len(sents)
    df = Counter(t for bag in bags for t in bag)
    weight = {t: math.log((n + 1) / (df[t] + 0.5)) for t in wanted}
    total = sum(weight.values()) + len(topic.unknown) * math.log((n + 1) / 1.5)
    if total <= 0:
        return np.zeros(n)
    eligible = [
        (bag & topic.terms or not topic.terms) and (NUMBER in bag or not topic.quantity)
        for bag in bags
    ]
    return np.array(
        [
            sum(weight[t] for t in bag & wanted) / total if ok else 0.0
            for bag, ok in zip(bags, eligible, strict=True)
        ]
    )


def topic_relevance(coverage: Matrix) -> Matrix:
    """Coverage plus a share of the neighbouring sentences' (a topic runs over a stretch)."""
    padded = np.pad(coverage, 1)
    return coverage + NEIGHBOURS * (padded[:-2] + padded[2:])


def _check_count(sentences: int) -> None:
    if isinstance(sentences, bool) or not isinstance(sentences, int):
        raise QueryError(f"the sentence count must be a whole number, got {sentences!r}")
    if not MIN_SENTENCES <= sentences <= MAX_SENTENCES:
        raise QueryError(
            f"the sentence count must be {MIN_SENTENCES}-{MAX_SENTENCES}, got {sentences}"
        )


def summarize(article: Article, sentences: int = 3, about: str | None = None) -> Summary:
    """An extractive summary of ``article``: up to ``sentences`` sentences in article order.

    With ``about``, only sentences about that topic are chosen; ``found`` is False (and no
    sentence is returned) when the article does not mention it, as for a topic without a
    searchable word. Only the first ``MAX_ABOUT_CHARS`` characters of a topic are read.
    Raises :class:`QueryError` for a count outside 1-10.
    """
    _check_count(sentences)
    sents = _sentences(article)
    if not sents:
        return Summary(article, (), about, found=about is None)
    counts = _counts(sents)
    scores = generic_scores(counts, np.array([s.paragraph for s in sents]))
    keep = None
    if about is not None:
        coverage = topic_coverage(sents, about)
        if coverage.max() < FOUND_AT:
            return Summary(article, (), about, found=False)
        relevance = topic_relevance(coverage)
        keep = (coverage > 0) & (relevance >= KEEP_RELATIVE * relevance.max())
        scores = (relevance / relevance.max()) ** TOPIC_FIRST * scores
    chosen = select(scores, cosine_similarity(counts), sentences, keep)
    return Summary(
        article, tuple(SummarySentence(sents[i].text, sents[i].paragraph) for i in chosen), about
    )


__all__ = ["MAX_ABOUT_CHARS", "MAX_SENTENCES", "MIN_SENTENCES", "summarize"]
