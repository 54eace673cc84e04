"""What every CLI command needs: settings from the environment plus flags, and a fresh index."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from bot.settings import Settings, load_settings
from index import Bm25Params

if TYPE_CHECKING:
    from index import OpenedIndex


def settings_from(args: argparse.Namespace) -> Settings:
    """Settings from ``.env`` and the environment, with command-line flags on top."""
    overrides: dict[str, Any] = {}
    if getattr(args, "corpus", None):
        overrides["corpus"] = args.corpus
    if getattr(args, "index", None):
        overrides["index"] = args.index
    if getattr(args, "k", None) is not None:
        overrides["top_k"] = args.k
    return load_settings(env_file=getattr(args, "env_file", ".env"), **overrides)


def bm25_params(settings: Settings) -> Bm25Params:
    """BM25 parameters from settings."""
    return Bm25Params(variant=settings.bm25_variant, k1=settings.bm25_k1, b=settings.bm25_b)


def open_for(settings: Settings, quiet: bool = False) -> OpenedIndex:
    """The index for ``settings``, rebuilt when stale; a rebuild is reported on stderr."""
    from index import open_index  # loads numpy: only once a command runs

    opened = open_index(settings.corpus, settings.index, bm25_params(settings))
    if not quiet:
        report_opened(opened)
    return opened


def report_opened(opened: OpenedIndex) -> None:
    """Say on stderr that the index was rebuilt (and why), and which files were skipped."""
    if opened.rebuilt:
        counts = opened.index.counts
        print(
            f"articlebot: index rebuilt ({opened.reason}): {counts.articles} articles, "
            f"{counts.passages} passages",
            file=sys.stderr,
        )
    for problem in opened.problems:
        print(f"articlebot: skipped {problem.message}", file=sys.stderr)


__all__ = ["bm25_params", "open_for", "report_opened", "settings_from"]
