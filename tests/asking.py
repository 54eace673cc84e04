"""Test helper: answer a question's text the way the core does (parse once, then answer)."""

from __future__ import annotations

from dataclasses import replace

from index.answering import answer
from index.answertype import AnswerKind
from index.models import Answer
from index.query import parse_query
from index.searchindex import SearchIndex


def ask(
    index: SearchIndex,
    question: str,
    k: int = 3,
    article: str | None = None,
    kind: AnswerKind | None = None,
) -> Answer:
    """``answer`` for the query ``question`` parses to (its kind replaced when given)."""
    query = parse_query(index, question)
    return answer(index, query if kind is None else replace(query, kind=kind), k, article)
