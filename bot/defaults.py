"""The settings' names and the defaults of those that choose the index, importable without
pydantic: :mod:`bot.settings` builds its fields from them, and a command that only opens the
index skips pydantic's import (a third of ``articlebot ask``'s start-up) when nothing in the
environment or a ``.env`` file could set a setting (:func:`overridable`)."""

from __future__ import annotations

import os
from pathlib import Path

PREFIX = "ARTICLEBOT_"
ENV_FILE = ".env"
CORPUS = Path("corpus")
INDEX = Path(".index/articlebot.idx")


def overridable(env_file: str | None = ENV_FILE) -> bool:
    """Whether anything could set a setting: an ``ARTICLEBOT_`` variable (any case, as
    pydantic-settings matches them) or an env file. (The Discord variables set only Discord
    settings, which no index command reads, and any text is valid for them.)"""
    if env_file is not None and Path(env_file).is_file():
        return True
    prefix = PREFIX.casefold()
    return any(name.casefold().startswith(prefix) for name in os.environ)


__all__ = ["CORPUS", "ENV_FILE", "INDEX", "PREFIX", "overridable"]
