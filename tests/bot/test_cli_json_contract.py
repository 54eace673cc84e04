"""docs/json.md is the JSON contract: its examples have the keys real runs print."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SEED_FILE

Run = Callable[..., "subprocess.CompletedProcess[str]"]
DOC = Path(__file__).resolve().parents[2] / "docs" / "json.md"


def documented() -> dict[str, Any]:
    """The first JSON example under each ``## `` heading of docs/json.md, by heading."""
    text = DOC.read_text(encoding="utf-8")
    out: dict[str, Any] = {}
    for section in re.split(r"^## ", text, flags=re.MULTILINE)[1:]:
        heading = section.splitlines()[0].strip()
        block = re.search(r"```json\n(.*?)```", section, re.DOTALL)
        if block:
            out[heading] = json.loads(block.group(1))
    return out


def keys(obj: Any) -> Any:
    """The shape of ``obj``: its keys, recursively, following the first element of lists."""
    if isinstance(obj, dict):
        return {k: keys(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [keys(obj[0])] if obj else []
    return None


def test_every_json_command_has_an_example() -> None:
    assert set(documented()) == {
        "Errors and exit codes",
        "`ask --json` (and each answered line of `chat --json`)",
        "`summary --json`",
        "`eval FILE --json`",
        "`index --json`",
        "`add --json`, `list --json`, `remove --json`",
    }


def test_ask_prints_the_documented_keys(seed_copy: Path, run_cli: Run) -> None:
    result = run_cli("ask", "Who is Ali Shamkhani?", "--json", "--k", "1")
    assert result.returncode == 0, result.stderr
    doc = documented()["`ask --json` (and each answered line of `chat --json`)"]
    assert keys(json.loads(result.stdout)) == keys(doc)


def test_a_rejected_chat_line_prints_the_documented_keys(seed_copy: Path, run_cli: Run) -> None:
    result = run_cli("chat", "--json", input="/frobnicate\n")
    assert result.returncode == 2
    (line,) = result.stdout.splitlines()
    assert json.loads(line) == documented()["Errors and exit codes"]


def test_summary_prints_the_documented_keys(seed_copy: Path, run_cli: Run) -> None:
    result = run_cli("summary", "--json", "--sentences", "1")
    assert result.returncode == 0, result.stderr
    assert keys(json.loads(result.stdout)) == keys(documented()["`summary --json`"])


@pytest.mark.parametrize("part", ["overall", "single", "follow_up"])
def test_eval_prints_the_documented_keys(
    seed_copy: Path, run_cli: Run, data_dir: Path, part: str
) -> None:
    result = run_cli("eval", str(data_dir / "seed_questions.jsonl"), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    doc = documented()["`eval FILE --json`"]
    assert set(report) == set(doc)
    assert keys(report[part]) == keys(doc["overall"])


def test_index_prints_the_documented_keys(seed_copy: Path, run_cli: Run) -> None:
    result = run_cli("index", "--json")
    assert result.returncode == 0, result.stderr
    assert keys(json.loads(result.stdout)) == keys(documented()["`index --json`"])


def test_add_prints_the_documented_keys(run_cli: Run, tmp_path: Path) -> None:
    result = run_cli("--corpus", str(tmp_path / "mine"), "add", "--json", str(SEED_FILE))
    assert result.returncode == 0, result.stderr
    doc = documented()["`add --json`, `list --json`, `remove --json`"]
    assert keys(json.loads(result.stdout)) == keys(doc)
