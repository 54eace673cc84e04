"""``articlebot report`` run for real: the default database beside the index, every output form."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import time
from pathlib import Path

import pytest

from bot.feedback import Reason, store
from tests.bot.feedback_helpers import DAY, answer, vote
from tests.clirun import cli_env, invoke_cli
from tests.conftest import CliRunner

SECRET = b"s" * 64


def make_db(path: Path) -> Path:
    """Six answers over the last two days (three unanswered), one of them voted down."""
    now = time.time()
    conn = store.open_db(path)
    store.write(
        conn,
        [
            answer(1, at=now - DAY, question="Who is Ali Shamkhani?"),
            answer(
                2, at=now - DAY, abstained=True, question="What is the weather?", query="weather"
            ),
            answer(3, at=now, abstained=True, question="weather today?", query="weather today"),
            answer(4, at=now, abstained=True, question="The weather?", query="weather"),
            answer(5, at=now, article="art-b", passage="art-b:3", question="How many troops?"),
            answer(6, at=now - 30 * DAY, question="An old question"),
        ],
        [vote(5, 1, -1, reason=Reason.NOT_IN_ARTICLE), vote(5, 2, -1), vote(1, 3, 1)],
        SECRET,
    )
    conn.close()
    return path


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """The database where `articlebot report` looks by default: beside the default index."""
    return make_db(tmp_path / ".index" / "feedback.db")


def test_json_report_counts_the_last_seven_days_by_default(db: Path, run_cli: CliRunner) -> None:
    result = run_cli("report", "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert (out["questions"], out["unanswered"], out["up"], out["down"]) == (5, 3, 1, 2)
    assert [u["terms"] for u in out["top_unanswered"]] == ["weather", "today weather"]
    assert out["downvoted"][0]["passage_id"] == "art-b:3"
    assert out["downvoted"][0]["reasons"] == {"not_in_article": 1, "none given": 1}


def test_since_all_and_article_filter(db: Path, run_cli: CliRunner) -> None:
    out = json.loads(run_cli("report", "--since", "all", "--json").stdout)
    assert out["questions"] == 6
    out = json.loads(run_cli("report", "--since", "all", "--article", "art-b", "--json").stdout)
    assert (out["questions"], out["down"]) == (1, 2)


def test_terminal_report_shows_each_section(db: Path, run_cli: CliRunner) -> None:
    result = run_cli("report")
    assert result.returncode == 0, result.stderr
    for text in (
        "5 questions, 3 unanswered",
        "Questions per day",
        "Abstention by article",
        "Most frequent unanswered questions",
        "The weather?",
        "Most down-voted answers",
        "art-b:3",
        "Not in the article",
    ):
        assert text in result.stdout, text


def test_csv_report_has_one_row_per_item_of_each_section(db: Path, run_cli: CliRunner) -> None:
    result = run_cli("report", "--csv")
    assert result.returncode == 0, result.stderr
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    sections = [r["section"] for r in table]
    assert sections.count("day") == 2 and sections.count("downvoted") == 1
    weather = next(r for r in table if r["section"] == "unanswered" and r["key"] == "weather")
    assert weather["count"] == "2"


def test_exported_unanswered_questions_are_an_eval_file(
    db: Path, run_cli: CliRunner, seed_copy: Path, tmp_path: Path
) -> None:
    result = run_cli("report", "--export-unanswered", "todo.jsonl", "--json")
    assert result.returncode == 0, result.stderr
    assert "2 unanswered question(s) written to todo.jsonl" in result.stderr
    lines = [json.loads(x) for x in (tmp_path / "todo.jsonl").read_text().splitlines()]
    # Two wordings, asked once each: the latest leads, the other is kept for the labeller.
    assert lines[0]["question"] == "The weather?"
    assert lines[0]["wordings"] == ["What is the weather?"]
    assert (lines[0]["answers"], lines[0]["asked"]) == ([], 2)
    evaluated = run_cli("eval", "todo.jsonl", "--json")
    assert evaluated.returncode == 0, evaluated.stderr


def test_the_report_does_not_change_the_database(db: Path, run_cli: CliRunner) -> None:
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    assert run_cli("report", "--csv").returncode == 0
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_articlebot_db_names_the_database(tmp_path: Path) -> None:
    make_db(tmp_path / "elsewhere" / "votes.sqlite")
    env = {**cli_env(), "ARTICLEBOT_DB": str(tmp_path / "elsewhere" / "votes.sqlite")}
    result = invoke_cli(["report", "--json"], tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["questions"] == 5


def test_no_database_yet_is_one_line_and_exit_1(run_cli: CliRunner) -> None:
    result = run_cli("report")
    assert result.returncode == 1
    assert "no feedback recorded yet" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_damaged_database_is_one_line_and_exit_1(tmp_path: Path, run_cli: CliRunner) -> None:
    (tmp_path / ".index").mkdir()
    (tmp_path / ".index" / "feedback.db").write_bytes(b"garbage" * 1000)
    result = run_cli("report")
    assert result.returncode == 1
    assert "cannot read the feedback database" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [["--since", "yesterday"], ["--json", "--csv"], ["--limit", "0"]])
def test_bad_options_are_usage_errors(db: Path, run_cli: CliRunner, args: list[str]) -> None:
    result = run_cli("report", *args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_since_reads_spans_dates_and_all() -> None:
    from bot.cli_report import parse_since

    now = 1_800_000_000.0
    assert parse_since("7d", now) == now - 7 * DAY
    assert parse_since("12h", now) == now - 12 * 3600
    assert parse_since("2w", now) == now - 14 * DAY
    assert parse_since("1970-01-02", now) == DAY
    assert parse_since("all", now) is None


def test_down_voted_answers_show_their_passage_text_from_the_index(
    seed_copy: Path, run_cli: CliRunner, tmp_path: Path
) -> None:
    assert run_cli("index").returncode == 0
    conn = store.open_db(tmp_path / ".index" / "feedback.db")
    passage = "000_75ea43fa358d5fb6:3"
    store.write(
        conn,
        [answer(1, at=time.time(), question="[bold]Who[/bold]?", passage=passage)],
        [vote(1, 1, -1, reason=Reason.WRONG_PASSAGE)],
        SECRET,
    )
    conn.close()
    out = json.loads(run_cli("report", "--json").stdout)
    assert "Ali Shamkhani" in out["downvoted"][0]["passage"]
    shown = run_cli("report").stdout
    assert passage in shown and "Ali Shamkhani" in shown
    assert "[bold]Who[/bold]?" in shown  # user text is shown as typed, not as markup
