"""What ``articlebot`` makes of the corpus folder, run for real: a file in its place, files with
nothing but a headline, and upper-case ``.TXT`` names."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

from tests.conftest import CorpusBuilder

Run = Callable[..., "subprocess.CompletedProcess[str]"]
BODY = "Harbour reopens\n\nThe harbour reopened on Monday after repairs to the sea wall.\n"


def test_a_file_given_as_the_corpus_is_a_one_line_usage_error(run_cli: Run, tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# Not a corpus\n\nSome text.\n", encoding="utf-8")
    result = run_cli("ask", "What is this?", "--corpus", "README.md", "--index", "x.idx")
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "articlebot: corpus is a file, not a folder of articles: README.md"
    ]
    assert not (tmp_path / "x.idx").exists()


def test_a_headline_only_file_is_reported_skipped_and_left_out(
    run_cli: Run, tmp_corpus: CorpusBuilder
) -> None:
    tmp_corpus({"a.txt": BODY, "b.txt": "Council elections next May\n\nsource: example.com\n"})
    result = run_cli("index", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["articles"], report["passages"], report["skipped"]) == (1, 1, 1)
    assert "skipped corpus/b.txt: no body paragraphs after the headline" in result.stderr
    listed = run_cli("summary", "--list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert "Harbour reopens" in listed.stdout and "Council elections" not in listed.stdout


def test_upper_case_txt_files_are_indexed(run_cli: Run, tmp_corpus: CorpusBuilder) -> None:
    tmp_corpus({"HARBOUR.TXT": BODY})
    result = run_cli("ask", "When did the harbour reopen?", "--json")
    assert result.returncode == 0, result.stderr
    assert "Monday" in json.loads(result.stdout)["answers"][0]["sentence"]
