"""The CLI, run for real, on an answer the headline gives: labelled as the headline in the
terminal, paragraph 0 in the JSON."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.cli_report import passage_texts
from index.build import build_index, save_index
from tests.index.test_headline import OTHER, REPORT

Run = Callable[..., "subprocess.CompletedProcess[str]"]
QUESTION = "what was the score in the mansfield game"


@pytest.fixture
def match_corpus(tmp_corpus: Callable[..., Path]) -> Path:
    body = "\n\n".join(REPORT.paragraphs)
    return tmp_corpus({"match.txt": f"source: example.com\n{REPORT.title}\n\n{body}\n"})


def test_ask_labels_an_answer_the_headline_gives(match_corpus: Path, run_cli: Run) -> None:
    result = run_cli("ask", QUESTION)
    assert result.returncode == 0, result.stderr
    out = " ".join(re.sub(r"[│╭╮╰╯─]", " ", result.stdout).split())
    assert "Mansfield 0-1 Leyton Orient · example.com · headline" in out


def test_ask_json_gives_the_headline_as_paragraph_0(match_corpus: Path, run_cli: Run) -> None:
    result = run_cli("ask", QUESTION, "--json")
    assert result.returncode == 0, result.stderr
    top = json.loads(result.stdout)["answers"][0]
    assert top["paragraph"] == 0 and top["passage_id"].endswith(":0")
    assert top["sentence"] == "Mansfield 0-1 Leyton Orient"


def test_a_report_shows_the_text_of_a_headline_answer(tmp_path: Path) -> None:
    path = tmp_path / "match.idx"
    save_index(build_index([REPORT, OTHER]), path)
    texts = passage_texts(path, ["match:0", "match:2", "gone:1", None])
    assert texts == {"match:0": REPORT.title, "match:2": REPORT.paragraphs[1]}
