"""articlebot's core: corpus → passages → terms → BM25 → answers, summaries, conversations.

Pure and synchronous; no front-end imports, no environment reads, no printing.

The names below load their module on first use (PEP 562), so importing ``index.errors`` (as
``articlebot --help`` does) does not load numpy and nltk. Answering is
``from index.answering import answer`` (``index.answering`` is the module).
"""

from __future__ import annotations

import importlib
from typing import Any

_HOMES = {
    "Bm25Params": "index.bm25",
    "OpenedIndex": "index.build",
    "build_index": "index.build",
    "load_index": "index.build",
    "open_index": "index.build",
    "save_index": "index.build",
    "Corpus": "index.corpus",
    "CorpusProblem": "index.corpus",
    "load_corpus": "index.corpus",
    "parse_article": "index.corpus",
    "ArticlebotError": "index.errors",
    "CorpusError": "index.errors",
    "IndexFileError": "index.errors",
    "QueryError": "index.errors",
    "SettingsError": "index.errors",
    "Answer": "index.models",
    "Article": "index.models",
    "Hit": "index.models",
    "Passage": "index.models",
    "Span": "index.models",
    "Summary": "index.models",
    "SummarySentence": "index.models",
    "Query": "index.query",
    "parse_query": "index.query",
    "ArticleMeta": "index.searchindex",
    "SearchIndex": "index.searchindex",
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
