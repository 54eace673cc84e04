"""Run the installed ``articlebot`` console script as users run it: a real subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ARTICLEBOT = Path(sys.executable).parent / "articlebot"


def cli_env(columns: int = 200) -> dict[str, str]:
    """The environment for a run: the developer's own settings removed, a fixed wide terminal
    (rich must not wrap sentences that tests look for)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ARTICLEBOT_", "DISCORD_"))}
    env.update(COLUMNS=str(columns), NO_COLOR="1", PYTHONIOENCODING="utf-8")
    return env


def invoke_cli(
    args: list[str], cwd: Path, input: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``articlebot *args`` in ``cwd``; without ``input`` standard input is empty."""
    feed: dict[str, Any] = {"input": input} if input is not None else {"stdin": subprocess.DEVNULL}
    return subprocess.run(
        [str(ARTICLEBOT), *args],
        cwd=cwd,
        env=env if env is not None else cli_env(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
        **feed,
    )
