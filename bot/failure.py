"""How a command's error reaches the user: one line on stderr (the traceback too with
``--debug``) and an exit code, 2 for a usage or configuration error and 1 for any other. The
CLI and each forked bot process (``articlebot run --processes``) report alike."""

from __future__ import annotations

import sys
import traceback

from index import ArticlebotError, CorpusError, IndexFileError, QueryError, SettingsError

USAGE_ERRORS = (SettingsError, QueryError, CorpusError, IndexFileError)


def report(exc: BaseException, debug: bool, where: str = "", hint: str = "") -> int:
    """Print ``exc`` as ``articlebot: {where}{line}`` (an unexpected one named with its type,
    ``hint`` after it) and return its exit code."""
    if isinstance(exc, ArticlebotError):
        line, code = str(exc), 2 if isinstance(exc, USAGE_ERRORS) else 1
    else:
        line, code = f"unexpected error: {type(exc).__name__}: {exc}{hint}", 1
    print(f"articlebot: {where}{line}", file=sys.stderr)
    if debug:
        traceback.print_exception(exc, file=sys.stderr)
    return code


__all__ = ["USAGE_ERRORS", "report"]
