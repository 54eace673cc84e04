"""A cold ``articlebot ask`` loads only what it uses: no settings machinery when nothing could
set a setting, no rich for JSON, no other command's modules, and no BLAS thread pool."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.clirun import ARTICLEBOT, cli_env, invoke_cli

ASK = ["ask", "Who is Ali Shamkhani?"]
# Modules other commands or other paths need, which a plain `ask` must not import.
NEVER = ("pydantic", "pydantic_settings", "dotenv", "difflib", "calendar", "sqlite3", "discord")


def _imports(cwd: Path, *args: str) -> tuple[str, set[str]]:
    """Standard output of ``articlebot *args`` and the modules it imported, the index built
    beforehand (building imports more)."""
    assert invoke_cli(["index"], cwd).returncode == 0
    result = subprocess.run(
        [sys.executable, "-X", "importtime", str(ARTICLEBOT), *args],
        cwd=cwd,
        env=cli_env(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout, set(re.findall(r"^import time:.*\| +(\S+)$", result.stderr, re.M))


def _tops(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


def test_ask_in_the_terminal_form_imports_rich_but_not_its_emoji_table(
    seed_copy: Path, tmp_path: Path
) -> None:
    out, modules = _imports(tmp_path, *ASK)
    assert "Shamkhani" in out
    assert {"index.answering", "rich.console", "rich.panel"} <= modules
    assert "rich._emoji_codes" not in modules
    assert _tops(modules).isdisjoint(NEVER), _tops(modules) & set(NEVER)


def test_ask_json_imports_no_rich(seed_copy: Path, tmp_path: Path) -> None:
    out, modules = _imports(tmp_path, *ASK, "--json")
    assert len(json.loads(out)["answers"]) == 3
    assert _tops(modules).isdisjoint({"rich", *NEVER}), _tops(modules) & {"rich", *NEVER}


def _threads_after_ask(cwd: Path, env: dict[str, str]) -> int:
    """Threads of a process that ran ``main(["ask", …, "--json"])`` (numpy loaded by then)."""
    code = (
        "import os, sys; from bot.cli import main; assert main(sys.argv[1:]) == 0; "
        "print(len(os.listdir('/proc/self/task')), file=sys.stderr)"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, *ASK, "--json"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return int(run.stderr.split()[-1])


needs_threads = pytest.mark.skipif(
    not Path("/proc/self/task").is_dir() or (os.cpu_count() or 1) < 2,
    reason="counts threads in /proc; one CPU starts no BLAS threads anyway",
)


@needs_threads
def test_a_cli_run_starts_no_blas_threads(seed_copy: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in cli_env().items() if k != "OPENBLAS_NUM_THREADS"}
    assert _threads_after_ask(tmp_path, env) == 1


@needs_threads
def test_a_blas_thread_count_the_user_chose_is_kept(seed_copy: Path, tmp_path: Path) -> None:
    assert _threads_after_ask(tmp_path, {**cli_env(), "OPENBLAS_NUM_THREADS": "2"}) == 2
