"""What every CLI command needs: settings from the environment plus flags, and a fresh index.

The core and the settings are imported inside the functions: command modules import this
one at start-up, and ``articlebot --help`` must not load numpy. pydantic is imported only
when something could set a setting (:func:`bot.settings.load_settings`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.settings import Settings
    from index import Bm25Params, Library, OpenedIndex


def settings_from(args: argparse.Namespace) -> Settings:
    """Settings from ``.env`` (or ``--env-file``) and the environment, flags on top; each
    unknown ``ARTICLEBOT_`` name is warned about on stderr."""
    from bot.settings import ENV_FILE, load_settings, unknown_settings
    from index import SettingsError

    overrides: dict[str, Any] = {}
    if getattr(args, "corpus", None):
        overrides["corpus"] = Path(args.corpus)
    if getattr(args, "index", None):
        overrides["index"] = Path(args.index)
    if getattr(args, "k", None) is not None:
        overrides["top_k"] = args.k
    env_file = getattr(args, "env_file", None)
    if env_file is None:
        env_file = ENV_FILE  # optional; one named with --env-file must be there
    elif not Path(env_file).is_file():
        raise SettingsError(f"--env-file {env_file}: no such file")
    for warning in unknown_settings(env_file):
        print(f"articlebot: warning: {warning}", file=sys.stderr)
    return load_settings(env_file=env_file, **overrides)


def bm25_params(settings: Settings) -> Bm25Params:
    """BM25 parameters from settings."""
    from index import Bm25Params

    return Bm25Params(variant=settings.bm25_variant, k1=settings.bm25_k1, b=settings.bm25_b)


def open_library(args: argparse.Namespace) -> Library:
    """The library the flags and settings name, its index rebuilt when stale (said on
    stderr)."""
    from index import Library

    settings = settings_from(args)
    library = Library.open(
        settings.corpus, settings.index, bm25_params(settings), top_k=settings.top_k
    )
    if library.opened is not None:
        report_opened(library.opened)
    return library


def open_for(settings: Settings, quiet: bool = False) -> OpenedIndex:
    """The index for ``settings``, rebuilt when stale; a rebuild is reported on stderr."""
    from index import open_index

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


__all__ = ["bm25_params", "open_for", "open_library", "report_opened", "settings_from"]
