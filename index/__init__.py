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
    from index.answering import answer as answer
    from index.answertype import AnswerKind as AnswerKind
    from index.bm25params import TUNED as TUNED
    from index.bm25params import VARIANTS as VARIANTS
    from index.bm25params import Bm25Params as Bm25Params
    from index.build import OpenedIndex as OpenedIndex
    from index.build import Progress as Progress
    from index.build import build_index as build_index
    from index.build import load_index as load_index
    from index.build import open_index as open_index
    from index.build import save_index as save_index
    from index.chunked import default_workers as default_workers
    from index.conversation import Conversation as Conversation
    from index.corpus import Corpus as Corpus
    from index.corpus import CorpusProblem as CorpusProblem
    from index.corpus import CorpusReader as CorpusReader
    from index.corpus import load_corpus as load_corpus
    from index.corpus import parse_article as parse_article
    from index.errors import ArticlebotError as ArticlebotError
    from index.errors import CorpusError as CorpusError
    from index.errors import IndexFileError as IndexFileError
    from index.errors import QueryError as QueryError
    from index.errors import SettingsError as SettingsError
    from index.evaluation import Case as Case
    from index.evaluation import Report as Report
    from index.evaluation import Scores as Scores
    from index.evaluation import evaluate as evaluate
    from index.evaluation import parse_case as parse_case
    from index.htmlarticle import article_from_html as article_from_html
    from index.htmlarticle import article_from_text as article_from_text
    from index.htmlarticle import looks_like_html as looks_like_html
    from index.identity import IndexIdentity as IndexIdentity
    from index.identity import identity_of as identity_of
    from index.ingest import Change as Change
    from index.ingest import add_articles as add_articles
    from index.ingest import remove_articles as remove_articles
    from index.lead import gist as gist
    from index.library import Asked as Asked
    from index.library import Library as Library
    from index.library import Page as Page
    from index.limits import DEFAULT_K as DEFAULT_K
    from index.limits import MAX_K as MAX_K
    from index.limits import MAX_QUESTION_CHARS as MAX_QUESTION_CHARS
    from index.limits import MAX_SENTENCES as MAX_SENTENCES
    from index.limits import MAX_TOPIC_CHARS as MAX_TOPIC_CHARS
    from index.limits import MIN_SENTENCES as MIN_SENTENCES
    from index.limits import check_k as check_k
    from index.limits import check_question as check_question
    from index.models import Answer as Answer
    from index.models import Article as Article
    from index.models import Hit as Hit
    from index.models import Passage as Passage
    from index.models import Span as Span
    from index.models import Summary as Summary
    from index.models import SummarySentence as SummarySentence
    from index.models import passage_id as passage_id
    from index.query import Query as Query
    from index.query import QueryTerm as QueryTerm
    from index.query import parse_query as parse_query
    from index.searchindex import ArticleMeta as ArticleMeta
    from index.searchindex import IndexCounts as IndexCounts
    from index.searchindex import SearchIndex as SearchIndex
    from index.sessions import Sessions as Sessions
    from index.summary import summarize as summarize


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
    "CorpusReader": "index.corpus",
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
    "article_from_html": "index.htmlarticle",
    "article_from_text": "index.htmlarticle",
    "looks_like_html": "index.htmlarticle",
    "IndexIdentity": "index.identity",
    "identity_of": "index.identity",
    "Change": "index.ingest",
    "add_articles": "index.ingest",
    "remove_articles": "index.ingest",
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
    "gist": "index.lead",
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
    "IndexCounts": "index.searchindex",
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


__all__ = sorted(_HOMES)
