"""articlebot's core: corpus → passages → terms → BM25 → answers, summaries, conversations.

Pure and synchronous; no front-end imports, no environment reads, no printing.
"""

from index.answer import answer
from index.bm25 import Bm25Params
from index.build import OpenedIndex, build_index, load_index, open_index, save_index
from index.corpus import Corpus, CorpusProblem, load_corpus, parse_article
from index.errors import ArticlebotError, CorpusError, IndexFileError, QueryError, SettingsError
from index.models import Answer, Article, Hit, Passage, Span, Summary, SummarySentence
from index.query import Query, parse_query
from index.searchindex import ArticleMeta, SearchIndex
from index.summary import summarize

__all__ = [
    "Answer",
    "Article",
    "ArticleMeta",
    "ArticlebotError",
    "Bm25Params",
    "Corpus",
    "CorpusError",
    "CorpusProblem",
    "Hit",
    "IndexFileError",
    "OpenedIndex",
    "Passage",
    "Query",
    "QueryError",
    "SearchIndex",
    "SettingsError",
    "Span",
    "Summary",
    "SummarySentence",
    "answer",
    "build_index",
    "load_corpus",
    "load_index",
    "open_index",
    "parse_article",
    "parse_query",
    "save_index",
    "summarize",
]
