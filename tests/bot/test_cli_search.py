"""``articlebot search`` and the "nothing matched" view, run for real as a subprocess."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

Run = Callable[..., "subprocess.CompletedProcess[str]"]
CorpusBuilder = Callable[..., Path]
HARBOUR = """Harbour reopens after storm repairs

The harbour reopened on Monday after three weeks of repairs to the storm wall.

Fishing boats returned to the harbour as the harbour master lifted the closure.

The town council thanked the engineers.

source: example.com
"""


def test_search_lists_the_ranking_without_the_abstention_verdict(
    seed_copy: Path, run_cli: Run
) -> None:
    question = "How many French troops are in Iraq?"
    asked = run_cli("ask", question, "--json")
    assert json.loads(asked.stdout)["abstained"] is True  # the premise: ask abstains on it
    searched = run_cli("search", question)
    assert searched.returncode == 0, searched.stderr
    assert "doesn't say" not in searched.stdout
    assert "score " in searched.stdout
    assert "doesn't say" in run_cli("ask", question).stdout


def test_search_help_says_it_gives_no_verdict(run_cli: Run) -> None:
    assert "without its\nverdict" in run_cli("search", "--help").stdout


def test_nothing_matched_says_so_instead_of_closest_passages(
    tmp_corpus: CorpusBuilder, run_cli: Run
) -> None:
    tmp_corpus({"harbour.txt": HARBOUR})
    for command in ("ask", "search"):
        result = run_cli(command, "xylophone quokka")
        assert result.returncode == 0, result.stderr
        assert "Nothing matched" in result.stdout
        assert "Closest passage" not in result.stdout
        assert "score 0.00" not in result.stdout


def test_a_question_that_asks_nothing_is_told_so(tmp_corpus: CorpusBuilder, run_cli: Run) -> None:
    tmp_corpus({"harbour.txt": HARBOUR})
    result = run_cli("ask", "thanks lol")
    assert result.returncode == 0, result.stderr
    assert "Nothing to look up" in result.stdout and "Nothing matched" not in result.stdout


def test_explain_leaves_out_words_the_passage_lacks(
    tmp_corpus: CorpusBuilder, run_cli: Run
) -> None:
    tmp_corpus({"harbour.txt": HARBOUR})
    result = run_cli("search", "harbour storm engineers", "--explain", "--json", "--k", "3")
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)["answers"]
    assert len(hits) == 3
    for hit in hits:
        words = set(hit["passage"].casefold().replace(".", " ").split())
        explained = {e["term"] for e in hit["explain"] if not e["term"].startswith("(")}
        assert sum(e["score"] for e in hit["explain"]) == pytest.approx(hit["score"], abs=1e-3)
        assert explained, hit["passage"]
        assert explained <= words, (explained - words, hit["passage"])


def test_explain_in_the_terminal_leaves_out_words_the_passage_lacks(
    tmp_corpus: CorpusBuilder, run_cli: Run
) -> None:
    tmp_corpus({"harbour.txt": HARBOUR})
    result = run_cli("search", "engineers storm", "--explain", "--k", "1")
    assert result.returncode == 0, result.stderr
    assert "engineers=" in result.stdout
    assert "storm=" not in result.stdout
