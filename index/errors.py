"""Errors raised by the articlebot core.

    ArticlebotError       base: every error the core raises on purpose
    ├── CorpusError       the corpus folder or an article file cannot be used
    ├── IndexFileError    the index file is missing, corrupt, stale or of another version
    ├── QueryError        a question or option is unusable (empty, too long, unknown article)
    └── SettingsError     a configuration value is out of range

Front ends map each to a one-line message (CLI: stderr and exit 2) or a polite reply (Discord).
"""

from __future__ import annotations


class ArticlebotError(Exception):
    """Base class of every error the core raises on purpose."""


class CorpusError(ArticlebotError):
    """The corpus folder or an article file cannot be read or parsed."""

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path


class IndexFileError(ArticlebotError):
    """The index file is missing, corrupt, stale or of another format version."""

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path


class QueryError(ArticlebotError):
    """A question or search option cannot be used (empty, unknown article, out of range)."""


class SettingsError(ArticlebotError):
    """A configuration value is missing or out of range; the message names the setting."""


__all__ = ["ArticlebotError", "CorpusError", "IndexFileError", "QueryError", "SettingsError"]
