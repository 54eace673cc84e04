"""``articlebot summary`` run as users run it: the installed console script in a subprocess."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.clirun import ARTICLEBOT, cli_env, invoke_cli

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "data" / "corpus" / "000_75ea43fa358d5fb6.txt"
SEED_ID = SEED.stem
SEED_TITLE = "Iran crisis: British troops prepare for Iraq evacuation as tensions erupt"
SECOND = """Harbour reopens after storm repairs

The harbour reopened on Monday after three weeks of repairs to the storm-damaged sea wall.

Fishing boats returned to their moorings as the harbour master lifted the closure.

source: example.com
"""

Run = Callable[..., subprocess.CompletedProcess[str]]


def _runner(workdir: Path, corpus: Path, index: Path) -> Run:
    if not ARTICLEBOT.exists():
        pytest.skip("the articlebot console script is not installed")
    env = cli_env(columns=100)
    where = ["--corpus", str(corpus), "--index", str(index), "--env-file", str(workdir / "no.env")]

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return invoke_cli([*args, *where], workdir, env=env)

    return run


def _corpus(tmp: Path, files: dict[str, str]) -> Run:
    corpus = tmp / "corpus"
    corpus.mkdir()
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    run = _runner(tmp, corpus, tmp / "index" / "articlebot.idx")
    built = run("index")  # built once here, so no test sees a rebuild notice on stderr
    assert built.returncode == 0, built.stderr
    return run


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    return _corpus(tmp_path_factory.mktemp("seed"), {SEED.name: SEED.read_text(encoding="utf-8")})


@pytest.fixture(scope="module")
def two_run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    return _corpus(
        tmp_path_factory.mktemp("two"),
        {SEED.name: SEED.read_text(encoding="utf-8"), "harbour.txt": SECOND},
    )


def test_default_summary_is_a_panel_of_numbered_sentences_with_paragraphs(seed_run: Run) -> None:
    result = seed_run("summary")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    out = result.stdout
    assert "Iran crisis: British troops" in out
    assert "1. " in out and "3. " in out and "4. " not in out
    assert "¶1" in out


def test_json_follows_the_contract(seed_run: Run) -> None:
    result = seed_run("summary", "--json", "--sentences", "4")
    assert result.returncode == 0, result.stderr
    obj = json.loads(result.stdout)
    assert set(obj) == {"article", "about", "found", "sentences"}
    assert obj["article"] == {
        "id": SEED_ID,
        "title": SEED_TITLE,
        "source": "express.co.uk",
        "url": None,
    }
    assert obj["about"] is None and obj["found"] is True
    assert len(obj["sentences"]) == 4
    for s in obj["sentences"]:
        assert set(s) == {"text", "paragraph"}
        assert isinstance(s["text"], str) and isinstance(s["paragraph"], int)
    paragraphs = [s["paragraph"] for s in obj["sentences"]]
    assert paragraphs == sorted(paragraphs)


def test_about_keeps_to_the_topic(seed_run: Run) -> None:
    result = seed_run("summary", "--about", "the Iraqi parliament vote", "--json")
    assert result.returncode == 0, result.stderr
    obj = json.loads(result.stdout)
    assert obj["about"] == "the Iraqi parliament vote" and obj["found"] is True
    assert obj["sentences"]
    assert {s["paragraph"] for s in obj["sentences"]} <= {9, 10}


def test_topic_the_article_never_mentions_says_so_and_exits_0(seed_run: Run) -> None:
    result = seed_run("summary", "--about", "football transfers")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "The article doesn't mention football transfers."
    as_json = json.loads(seed_run("summary", "--about", "football transfers", "--json").stdout)
    assert as_json["found"] is False and as_json["sentences"] == []


def test_unknown_article_exits_2_with_one_line_on_stderr(seed_run: Run) -> None:
    result = seed_run("summary", "--article", "no-such-article")
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "no-such-article" in result.stderr


def test_sentence_count_outside_1_to_10_exits_2(seed_run: Run) -> None:
    result = seed_run("summary", "--sentences", "11")
    assert result.returncode == 2
    assert "1-10" in result.stderr


def test_two_articles_without_article_list_the_choices_and_exit_2(two_run: Run) -> None:
    result = two_run("summary")
    assert result.returncode == 2
    assert result.stdout == ""
    assert SEED_ID in result.stderr and SEED_TITLE in result.stderr
    assert "harbour" in result.stderr and "Harbour reopens after storm repairs" in result.stderr
    assert "--article" in result.stderr


def test_article_picks_one_by_title_prefix(two_run: Run) -> None:
    result = two_run("summary", "--article", "harbour reopens", "--json")
    assert result.returncode == 0, result.stderr
    obj = json.loads(result.stdout)
    assert obj["article"]["id"] == "harbour"
    assert [s["paragraph"] for s in obj["sentences"]] == [1, 2]


def test_list_shows_every_article(two_run: Run) -> None:
    result = two_run("summary", "--list", "--json")
    assert result.returncode == 0, result.stderr
    ids = [a["id"] for a in json.loads(result.stdout)["articles"]]
    assert sorted(ids) == sorted([SEED_ID, "harbour"])
    table = two_run("summary", "--list")
    assert SEED_ID in table.stdout and "harbour" in table.stdout


def test_help_explains_the_options_with_examples(seed_run: Run) -> None:
    result = seed_run("summary", "--help")
    assert result.returncode == 0
    for text in ("examples:", "--sentences", "--about", "--article", "--json", "--list"):
        assert text in result.stdout


def test_empty_about_is_a_usage_error(seed_run: Run) -> None:
    result = seed_run("summary", "--about", "  ")
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "--about" in result.stderr
