"""The ``articlebot`` command, run for real as a subprocess: output contracts and exit codes."""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.cli import build_parser
from tests.clirun import cli_env, invoke_cli

Run = Callable[..., "subprocess.CompletedProcess[str]"]
SHAMKHANI = (
    "The report quoted Ali Shamkhani, the secretary of Iran’s Supreme National Security "
    "Council, as saying that even the weakest among them would be a “historic nightmare” "
    "for the US."
)
CAT = "The embassy cat in Baghdad is called Larry Whiskers."
ANSWER_KEYS = {"question", "query", "abstained", "article", "answers"}
HIT_KEYS = {"rank", "score", "passage", "sentence", "paragraph", "passage_id", "article"}
METRIC_KEYS = {
    "questions",
    "answerable",
    "sentence_at_1",
    "passage_at_1",
    "passage_at_3",
    "mrr",
    "false_abstention",
    "abstention_precision",
    "abstention_recall",
}


def assert_one_line_error(
    result: subprocess.CompletedProcess[str], code: int, *fragments: str
) -> None:
    """Exit ``code``, nothing on stdout, one ``articlebot: …`` line on stderr, no traceback."""
    assert result.returncode == code, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("articlebot: ")
    for fragment in fragments:
        assert fragment in lines[0]


def plain(terminal_output: str) -> str:
    """Terminal output without panel borders and with whitespace collapsed."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", terminal_output).split())


def subcommands() -> list[str]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return sorted(action.choices)


# --- answers -----------------------------------------------------------------------------------


def test_ask_json_follows_the_contract(seed_copy: Path, run_cli: Run) -> None:
    result = run_cli("ask", "Who is Ali Shamkhani?", "--json")
    assert result.returncode == 0, result.stderr
    obj = json.loads(result.stdout)
    assert set(obj) == ANSWER_KEYS
    assert (obj["question"], obj["query"], obj["abstained"]) == (
        "Who is Ali Shamkhani?",
        "ali shamkhani",
        False,
    )
    assert [a["rank"] for a in obj["answers"]] == [1, 2, 3]
    top = obj["answers"][0]
    assert set(top) == HIT_KEYS
    assert top["sentence"] == SHAMKHANI
    assert (top["paragraph"], top["passage_id"]) == (3, "000_75ea43fa358d5fb6:3")
    assert top["article"] == {
        "id": "000_75ea43fa358d5fb6",
        "source": "express.co.uk",
        "url": None,
        "title": "Iran crisis: British troops prepare for Iraq evacuation as tensions erupt",
    }
    assert "index rebuilt (no index file)" in result.stderr


def test_ask_prints_the_answering_sentence_and_attribution(seed_copy: Path, run_cli: Run) -> None:
    result = run_cli("ask", "Who is Ali Shamkhani?")
    assert result.returncode == 0, result.stderr
    out = plain(result.stdout)
    assert "searched: ali shamkhani" in out
    assert SHAMKHANI in out
    assert "express.co.uk · ¶3" in out


def test_an_abstention_is_a_done_answer(seed_copy: Path, run_cli: Run) -> None:
    result = run_cli("ask", "What is the capital of Australia?", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["abstained"] is True


def test_search_explain_json_gives_each_terms_contribution(seed_copy: Path, run_cli: Run) -> None:
    result = run_cli("search", "Shamkhani troops", "--explain", "--json", "--k", "2")
    assert result.returncode == 0, result.stderr
    obj = json.loads(result.stdout)
    assert len(obj["answers"]) == 2
    for item in obj["answers"]:
        assert set(item) == HIT_KEYS | {"explain"}
        terms = {e["term"] for e in item["explain"] if not e["term"].startswith("(")}
        assert terms & {"shamkhani", "troops"}, item["explain"]
        assert all(isinstance(e["score"], float) for e in item["explain"])
    first = {e["term"]: e["score"] for e in obj["answers"][0]["explain"]}
    assert first["shamkhani"] > 0


def test_the_index_command_leaves_a_stat_table_so_the_next_question_reads_no_article(
    seed_copy: Path, run_cli: Run, tmp_path: Path
) -> None:
    from index.freshness import corpus_fingerprint, table_path

    hour_ago = time.time_ns() - 3600 * 1_000_000_000
    for f in seed_copy.iterdir():
        os.utime(f, ns=(hour_ago, hour_ago))
    assert run_cli("index").returncode == 0
    index_file = tmp_path / ".index" / "articlebot.idx"
    assert corpus_fingerprint(seed_copy, table_path(index_file)).hashed == 0


def test_an_edited_corpus_is_reindexed_before_answering(seed_copy: Path, run_cli: Run) -> None:
    built = run_cli("index", "--json")
    assert built.returncode == 0, built.stderr
    report = json.loads(built.stdout)
    assert (report["articles"], report["passages"], report["skipped"]) == (1, 17, 0)
    assert report["index"] == os.path.join(".index", "articlebot.idx")

    fresh = run_cli("ask", "What is the embassy cat called?", "--json")
    assert (fresh.returncode, fresh.stderr) == (0, "")
    assert CAT not in fresh.stdout

    article = next(seed_copy.glob("*.txt"))
    article.write_text(
        article.read_text(encoding="utf-8").replace("\n\nsource:", f"\n\n{CAT}\n\nsource:"),
        encoding="utf-8",
    )
    edited = run_cli("ask", "What is the embassy cat called?", "--json")
    assert edited.returncode == 0, edited.stderr
    assert "index rebuilt (corpus changed): 1 articles, 18 passages" in edited.stderr
    top = json.loads(edited.stdout)["answers"][0]
    assert (top["sentence"], top["paragraph"]) == (CAT, 18)


def test_eval_json_reports_every_metric(seed_copy: Path, run_cli: Run, data_dir: Path) -> None:
    result = run_cli("eval", str(data_dir / "seed_questions.jsonl"), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert set(report) == {"overall", "single", "follow_up"}
    for scores in report.values():
        assert set(scores) >= METRIC_KEYS
    lines = (data_dir / "seed_questions.jsonl").read_text(encoding="utf-8").splitlines()
    assert report["overall"]["questions"] == sum(1 for line in lines if line.strip())


# --- the index file is rebuilt, never trusted, when it is bad --------------------------------


def test_a_garbage_index_file_is_rebuilt(seed_copy: Path, run_cli: Run, tmp_path: Path) -> None:
    (tmp_path / ".index").mkdir()
    (tmp_path / ".index" / "articlebot.idx").write_bytes(b"\x00garbage" * 50)
    result = run_cli("ask", "Who is Ali Shamkhani?", "--json")
    assert result.returncode == 0, result.stderr
    assert "index rebuilt (" in result.stderr
    assert "not an articlebot index file" in result.stderr
    assert json.loads(result.stdout)["answers"][0]["sentence"] == SHAMKHANI


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads files whatever their mode"
)
def test_an_unreadable_index_file_is_rebuilt(seed_copy: Path, run_cli: Run, tmp_path: Path) -> None:
    index = tmp_path / "locked.idx"
    index.write_bytes(b"whatever")
    index.chmod(0)
    result = run_cli("ask", "Who is Ali Shamkhani?", "--index", str(index))
    assert result.returncode == 0, result.stderr
    assert "index rebuilt (" in result.stderr


# --- bad input: exit code and one line, never a traceback ------------------------------------


@pytest.mark.parametrize("question", ["", "   \t "], ids=["empty", "whitespace"])
def test_an_empty_question_is_a_usage_error(seed_copy: Path, run_cli: Run, question: str) -> None:
    assert_one_line_error(run_cli("ask", question), 2, "the question is empty")


def test_a_missing_corpus_folder_is_a_usage_error(run_cli: Run) -> None:
    assert_one_line_error(
        run_cli("ask", "Who is Ali Shamkhani?"), 2, "corpus folder not found: corpus"
    )


def test_a_missing_corpus_with_a_garbage_index_is_a_usage_error(
    run_cli: Run, tmp_path: Path
) -> None:
    (tmp_path / "bad.idx").write_bytes(b"garbage")
    result = run_cli("ask", "Who?", "--corpus", "nowhere", "--index", "bad.idx")
    assert_one_line_error(result, 2, "corpus folder not found: nowhere")


def test_k_zero_is_a_usage_error(seed_copy: Path, run_cli: Run) -> None:
    assert_one_line_error(run_cli("ask", "troops", "--k", "0"), 2, "--k must be 1-20, got 0")


def test_an_unknown_command_is_a_usage_error(run_cli: Run) -> None:
    assert_one_line_error(run_cli("frobnicate"), 2, "invalid choice: 'frobnicate'")


def test_an_unknown_article_is_a_usage_error(seed_copy: Path, run_cli: Run) -> None:
    result = run_cli("ask", "troops", "--article", "nope")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == (
        "articlebot: no article matches 'nope' (see `articlebot summary --list`)"
    )


def test_an_index_path_that_cannot_be_written_is_a_usage_error(
    seed_copy: Path, run_cli: Run, tmp_path: Path
) -> None:
    (tmp_path / "taken").mkdir()
    assert_one_line_error(
        run_cli("ask", "troops", "--index", "taken"), 2, "cannot write index file taken"
    )


def test_a_non_json_eval_line_is_a_usage_error_naming_it(
    seed_copy: Path, run_cli: Run, tmp_path: Path
) -> None:
    (tmp_path / "qs.jsonl").write_text(
        '{"question": "Who is Ali Shamkhani?", "answers": ["secretary"]}\n\nnot json\n',
        encoding="utf-8",
    )
    assert_one_line_error(run_cli("eval", "qs.jsonl"), 2, "qs.jsonl:3: not JSON")


def assert_line_then_traceback(
    result: subprocess.CompletedProcess[str], code: int, fragment: str
) -> None:
    """``--debug``: the exit code and the one ``articlebot: …`` line kept, the traceback after."""
    assert result.returncode == code, result.stderr
    assert result.stdout == ""
    first, *rest = result.stderr.splitlines()
    assert first.startswith("articlebot: ") and fragment in first, result.stderr
    assert "Traceback (most recent call last)" in "\n".join(rest)


def test_debug_keeps_exit_2_and_the_line_for_a_usage_error(seed_copy: Path, run_cli: Run) -> None:
    result = run_cli("--debug", "ask", "")
    assert_line_then_traceback(result, 2, "the question is empty")
    assert "QueryError: the question is empty" in result.stderr


def test_debug_keeps_exit_2_and_the_line_for_a_missing_corpus(run_cli: Run) -> None:
    result = run_cli("ask", "x", "--corpus", "nope", "--debug")
    assert_line_then_traceback(result, 2, "corpus folder not found: nope")


def test_debug_keeps_exit_2_and_the_line_for_a_bad_setting(seed_copy: Path, tmp_path: Path) -> None:
    env = {**cli_env(), "ARTICLEBOT_TOP_K": "-1"}
    result = invoke_cli(["ask", "x", "--debug"], tmp_path, env=env)
    assert_line_then_traceback(result, 2, "ARTICLEBOT_TOP_K must be 1-20, got -1")


def test_no_command_prints_help_and_is_a_usage_error(run_cli: Run) -> None:
    result = run_cli()
    assert result.returncode == 2
    assert "usage: articlebot" in result.stdout


# --- help --------------------------------------------------------------------------------------


def test_help_lists_every_command_with_examples(run_cli: Run) -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    assert "examples:" in result.stdout
    for name in subcommands():
        assert re.search(rf"^\s+{name}\s", result.stdout, re.MULTILINE), name


@pytest.mark.parametrize("command", subcommands())
def test_every_command_help_has_an_example(command: str) -> None:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    text = action.choices[command].format_help()
    assert "example" in text.lower()
    assert f"articlebot {command}" in text


def test_a_command_help_runs_for_real(run_cli: Run) -> None:
    result = run_cli("ask", "--help")
    assert result.returncode == 0
    assert 'articlebot ask "Who is Ali Shamkhani?"' in result.stdout


# --- common options ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["--corpus", "news", "--index", "n.idx", "--env-file", "x.env", "--debug", "ask", "q"],
        ["ask", "q", "--corpus", "news", "--index", "n.idx", "--env-file", "x.env", "--debug"],
        ["--corpus", "news", "--debug", "ask", "--index", "n.idx", "q", "--env-file", "x.env"],
    ],
    ids=["before", "after", "mixed"],
)
def test_common_options_count_before_or_after_the_command(argv: list[str]) -> None:
    args = build_parser().parse_args(argv)
    assert (args.corpus, args.index, args.env_file, args.debug) == ("news", "n.idx", "x.env", True)


def test_common_options_default_when_absent() -> None:
    args = build_parser().parse_args(["ask", "q"])
    assert (args.corpus, args.index, args.env_file, args.debug) == (None, None, None, False)


# --- settings mistakes ------------------------------------------------------------------------


def test_an_env_file_that_is_not_there_is_a_usage_error(seed_copy: Path, run_cli: Run) -> None:
    result = run_cli("ask", "Who is Ali Shamkhani?", "--env-file", "missing.env")
    assert_one_line_error(result, 2, "--env-file missing.env: no such file")


def test_a_named_env_file_is_read(seed_copy: Path, run_cli: Run, tmp_path: Path) -> None:
    (tmp_path / "one.env").write_text("ARTICLEBOT_TOP_K=1\n", encoding="utf-8")
    result = run_cli("ask", "Who is Ali Shamkhani?", "--json", "--env-file", "one.env")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["answers"]) == 1


@pytest.mark.parametrize("where", ["variable", "lowercase variable", ".env"])
def test_ask_reads_a_setting_wherever_pydantic_settings_would(
    seed_copy: Path, tmp_path: Path, where: str
) -> None:
    env = cli_env()
    if where == ".env":
        (tmp_path / ".env").write_text("ARTICLEBOT_TOP_K=1\n", encoding="utf-8")
    else:
        env["ARTICLEBOT_TOP_K" if where == "variable" else "articlebot_top_k"] = "1"
    result = invoke_cli(["ask", "Who is Ali Shamkhani?", "--json"], tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["answers"]) == 1


def test_a_misspelt_setting_is_warned_about_and_the_answer_given(
    seed_copy: Path, tmp_path: Path
) -> None:
    env = {**cli_env(), "ARTICLEBOT_TOPK": "1"}
    result = invoke_cli(["ask", "Who is Ali Shamkhani?", "--json"], tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert (
        "articlebot: warning: ARTICLEBOT_TOPK is not a setting, ignored "
        "(did you mean ARTICLEBOT_TOP_K?)"
    ) in result.stderr.splitlines()
    assert len(json.loads(result.stdout)["answers"]) == 3


def test_a_setting_of_the_wrong_kind_is_one_line_in_the_projects_form(
    seed_copy: Path, tmp_path: Path
) -> None:
    env = {**cli_env(), "ARTICLEBOT_TOP_K": "abc"}
    result = invoke_cli(["ask", "Who is Ali Shamkhani?"], tmp_path, env=env)
    assert_one_line_error(result, 2, "ARTICLEBOT_TOP_K must be a whole number, got 'abc'")
    assert "pydantic" not in result.stderr and "Input should" not in result.stderr
