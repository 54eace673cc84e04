"""Passages: an article cut into retrievable units, normally one paragraph each.

A paragraph over ``max_words`` is cut on sentence boundaries into near-equal parts (a single
sentence longer than that is cut on word boundaries, so no passage is unbounded). Paragraph
numbers are 1-based body paragraphs, as users see them.
"""

from __future__ import annotations

import re

from index.models import Article, Passage, Span, passage_id
from index.sentences import split_sentences

MAX_WORDS = 120
_WORD_RE = re.compile(r"\S+")


def _word_count(text: str) -> int:
    return len(_WORD_RE.findall(text))


def _cut_long_sentence(text: str, span: Span, max_words: int) -> list[Span]:
    """Cut one over-long sentence on word boundaries into pieces of ≤ max_words words."""
    words = list(_WORD_RE.finditer(text, span.start, span.end))
    return [
        Span(words[i].start(), words[min(i + max_words, len(words)) - 1].end())
        for i in range(0, len(words), max_words)
    ]


def _groups(text: str, spans: list[Span], max_words: int) -> list[list[Span]]:
    """Group consecutive sentences into parts of at most ~max_words words, near-equal in size."""
    pieces: list[Span] = []
    for s in spans:
        if _word_count(s.of(text)) > max_words:
            pieces.extend(_cut_long_sentence(text, s, max_words))
        else:
            pieces.append(s)
    total = sum(_word_count(p.of(text)) for p in pieces)
    parts = max(1, -(-total // max_words))
    target = total / parts
    groups: list[list[Span]] = [[]]
    count = 0
    for p in pieces:
        n = _word_count(p.of(text))
        if groups[-1] and (count + n > max_words or count >= target):
            groups.append([])
            count = 0
        groups[-1].append(p)
        count += n
    return groups


def split_passages(article: Article, max_words: int = MAX_WORDS) -> list[Passage]:
    """The passages of ``article`` in reading order; blank paragraphs are skipped."""
    passages: list[Passage] = []
    for number, paragraph in enumerate(article.paragraphs, start=1):
        spans = split_sentences(paragraph)
        if not spans:
            continue
        groups = (
            _groups(paragraph, spans, max_words) if _word_count(paragraph) > max_words else [spans]
        )
        for part, group in enumerate(groups, start=1):
            start, end = group[0].start, group[-1].end
            passages.append(
                Passage(
                    id=passage_id(article.id, number, part if len(groups) > 1 else 0),
                    article_id=article.id,
                    paragraphs=(number,),
                    text=paragraph[start:end],
                    sentences=tuple(Span(s.start - start, s.end - start) for s in group),
                )
            )
    return passages


__all__ = ["MAX_WORDS", "split_passages"]
