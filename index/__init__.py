"""articlebot's core: corpus → passages → terms → BM25 → answers, summaries, conversations.

Pure and synchronous; no front-end imports, no environment reads, no printing.

The fronts hold one :class:`Library` (``index.library``) and import only the names below
(``from index import Library, QueryError``), never a module of the core. The names load their
module on first use (PEP 562), so ``from index import QueryError`` (as ``articlebot --help``
does) loads neither numpy nor nltk.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # static names for type checkers; at run time __getattr__ loads them
    from index.answering import answer
    from index.answertype import AnswerKind
    from index.bm25params import TUNED, VARIANTS, Bm25Params
    from index.build import OpenedIndex, Progress, build_index, load_index, open_index, save_index
    from index.chunked import default_workers
    from index.conversation import Conversation
    from index.corpus import Corpus, CorpusProblem, load_corpus, parse_article
    from index.errors import ArticlebotError, CorpusError, IndexFileError, QueryError, SettingsError
    from index.evaluation import Case, Report, Scores, evaluate, parse_case
    from index.identity import IndexIdentity, identity_of
    from index.library import Asked, Library, Page
    from index.limits import (
        DEFAULT_K,
        MAX_K,
        MAX_QUESTION_CHARS,
        MAX_SENTENCES,
        MAX_TOPIC_CHARS,
        MIN_SENTENCES,
        check_k,
        check_question,
    )
    from index.models import (
        Answer,
        Article,
        Hit,
        Passage,
        Span,
        Summary,
        SummarySentence,
        passage_id,
    )
    from index.query import Query, QueryTerm, parse_query
    from index.searchindex import ArticleMeta, SearchIndex
    from index.sessions import Sessions
    from index.summary import summarize

_HOMES = {
    "answer": "index.answering",
    "AnswerKind": "index.answertype",
    "Bm25Params": "index.bm25params",
    "TUNED": "index.bm25params",
    "VARIANTS": "index.bm25params",
    "OpenedIndex": "index.build",
    "Progress": "index.build",
    "build_index": "index.build",
    "load_index": "index.build",
    "open_index": "index.build",
    "save_index": "index.build",
    "default_workers": "index.chunked",
    "Conversation": "index.conversation",
    "Corpus": "index.corpus",
    "CorpusProblem": "index.corpus",
    "load_corpus": "index.corpus",
    "parse_article": "index.corpus",
    "ArticlebotError": "index.errors",
    "CorpusError": "index.errors",
    "IndexFileError": "index.errors",
    "QueryError": "index.errors",
    "SettingsError": "index.errors",
    "Case": "index.evaluation",
    "Report": "index.evaluation",
    "Scores": "index.evaluation",
    "evaluate": "index.evaluation",
    "parse_case": "index.evaluation",
    "IndexIdentity": "index.identity",
    "identity_of": "index.identity",
    "Asked": "index.library",
    "Library": "index.library",
    "Page": "index.library",
    "DEFAULT_K": "index.limits",
    "MAX_K": "index.limits",
    "MAX_QUESTION_CHARS": "index.limits",
    "MAX_SENTENCES": "index.limits",
    "MAX_TOPIC_CHARS": "index.limits",
    "MIN_SENTENCES": "index.limits",
    "check_k": "index.limits",
    "check_question": "index.limits",
    "Answer": "index.models",
    "Article": "index.models",
    "Hit": "index.models",
    "Passage": "index.models",
    "Span": "index.models",
    "Summary": "index.models",
    "SummarySentence": "index.models",
    "passage_id": "index.models",
    "Query": "index.query",
    "QueryTerm": "index.query",
    "parse_query": "index.query",
    "ArticleMeta": "index.searchindex",
    "SearchIndex": "index.searchindex",
    "Sessions": "index.sessions",
    "summarize": "index.summary",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'index' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOMES])


__all__ = [
    "DEFAULT_K",
    "MAX_K",
    "MAX_QUESTION_CHARS",
    "MAX_SENTENCES",
    "MAX_TOPIC_CHARS",
    "MIN_SENTENCES",
    "TUNED",
    "VARIANTS",
    "Answer",
    "AnswerKind",
    "Article",
    "ArticleMeta",
    "ArticlebotError",
    "Asked",
    "Bm25Params",
    "Case",
    "Conversation",
    "Corpus",
    "CorpusError",
    "CorpusProblem",
    "Hit",
    "IndexFileError",
    "IndexIdentity",
    "Library",
    "OpenedIndex",
    "Page",
    "Passage",
    "Progress",
    "Query",
    "QueryError",
    "QueryTerm",
    "Report",
    "Scores",
    "SearchIndex",
    "Sessions",
    "SettingsError",
    "Span",
    "Summary",
    "SummarySentence",
    "answer",
    "build_index",
    "check_k",
    "check_question",
    "default_workers",
    "evaluate",
    "identity_of",
    "load_corpus",
    "load_index",
    "open_index",
    "parse_article",
    "parse_case",
    "parse_query",
    "passage_id",
    "save_index",
    "summarize",
]
