"""``articlebot chat``, run for real: one conversation across lines, piped or at a terminal."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

Run = Callable[..., "subprocess.CompletedProcess[str]"]
ARTICLEBOT = Path(sys.executable).parent / "articlebot"
ANSWER_KEYS = {"question", "query", "abstained", "article", "answers"}


@pytest.fixture
def chat(run_cli: Run, seed_corpus: Path, tmp_path: Path) -> Run:
    """``chat(lines, *options)``: pipe ``lines`` into ``articlebot chat`` over a private index."""

    def run(lines: list[str], *options: str) -> subprocess.CompletedProcess[str]:
        return run_cli(
            "chat",
            "--corpus",
            str(seed_corpus),
            "--index",
            str(tmp_path / "chat.idx"),
            *options,
            input="".join(f"{x}\n" for x in lines),
        )

    return run


def objects(result: subprocess.CompletedProcess[str]) -> list[dict[str, object]]:
    lines = result.stdout.splitlines()
    out = [json.loads(line) for line in lines]
    assert all(set(o) == ANSWER_KEYS for o in out)
    return out


def test_json_prints_one_object_per_question_across_two_conversations(
    chat: Run,
) -> None:
    result = chat(
        [
            "Who is Ali Shamkhani?",
            "What did he threaten?",
            "",
            "Who is Mark Esper?",
            "What did he say?",
        ],
        "--json",
    )
    assert result.returncode == 0, result.stderr
    got = objects(result)
    assert [o["question"] for o in got] == [
        "Who is Ali Shamkhani?",
        "What did he threaten?",
        "Who is Mark Esper?",
        "What did he say?",
    ]
    assert got[0]["query"] == "ali shamkhani"
    assert str(got[1]["query"]).endswith("ali shamkhani")  # carried words come last
    assert str(got[3]["query"]).endswith("mark esper")
    assert "shamkhani" not in str(got[3]["query"])  # the blank line ended the first one
    assert "Esper" in str(got[3]["answers"][0]["sentence"])  # type: ignore[index]


def test_blank_line_or_reset_forgets_the_earlier_questions(
    chat: Run,
) -> None:
    result = chat(
        [
            "Who is Ali Shamkhani?",
            "",
            "What did he threaten?",
            "Who is Ali Shamkhani?",
            "/reset",
            "What did he threaten?",
        ],
        "--json",
    )
    got = objects(result)
    assert len(got) == 4
    assert "shamkhani" not in str(got[1]["query"])
    assert "shamkhani" not in str(got[3]["query"])


def test_topic_switch_drops_the_carried_words(
    chat: Run,
) -> None:
    got = objects(chat(["Who is Ali Shamkhani?", "Where are the British bases in Iraq?"], "--json"))
    assert got[1]["query"] == "british bases iraq"


def test_quit_stops_reading(chat: Run) -> None:
    result = chat(["Who is Mark Esper?", "/quit", "What did he say?"], "--json")
    assert result.returncode == 0
    assert len(objects(result)) == 1


def test_terminal_view_says_what_was_carried(
    chat: Run,
) -> None:
    result = chat(["Who is Mark Esper?", "What did he say?"])
    assert result.returncode == 0, result.stderr
    assert "carried from earlier: mark esper" in result.stdout
    assert "no decision" in result.stdout


def test_unusable_line_is_reported_and_the_rest_answered(
    chat: Run,
) -> None:
    result = chat(["Who is Mark Esper?", "x" * 2001, "/frobnicate", "What did he say?"])
    assert result.returncode == 2
    assert "too long" in result.stderr
    assert "unknown command /frobnicate" in result.stderr
    assert "mark esper" in result.stdout.splitlines()[-1] or "mark esper" in result.stdout


def test_json_gives_a_rejected_line_an_error_object_in_its_place(chat: Run) -> None:
    lines = ["Who is Mark Esper?", "x" * 2001, "/frobnicate", "What did he say?"]
    result = chat(lines, "--json")
    assert result.returncode == 2
    got = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["question"] for o in got] == lines
    answered, too_long, unknown, follow_up = got
    assert set(answered) == set(follow_up) == ANSWER_KEYS
    assert set(too_long) == set(unknown) == {"question", "error"}
    assert "too long (2,001 characters; at most 2,000)" in str(too_long["error"])
    assert str(unknown["error"]).startswith("unknown command /frobnicate")
    assert str(follow_up["query"]).endswith("mark esper")  # the conversation went on
    assert f"articlebot: {too_long['error']}" in result.stderr.splitlines()


def _run_in_terminal(args: list[str], keys: bytes, cwd: Path, timeout: float = 30.0) -> str:
    """Run the command with a pseudo-terminal as stdin/stdout, type ``keys``, return output."""
    pty = pytest.importorskip("pty")
    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ARTICLEBOT_", "DISCORD_"))}
    env.update(COLUMNS="200", NO_COLOR="1", TERM="dumb", PYTHONIOENCODING="utf-8")
    proc = subprocess.Popen(
        args, stdin=slave, stdout=slave, stderr=slave, cwd=cwd, env=env, close_fds=True
    )
    os.close(slave)
    out = b""
    try:
        os.write(master, keys)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # the terminal closes when the process ends (Linux)
                    break
                if not chunk:
                    break
                out += chunk
            elif proc.poll() is not None:
                break
        proc.wait(timeout=5)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
    assert proc.returncode == 0, out.decode("utf-8", "replace")
    return out.decode("utf-8", "replace")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_terminal_run_has_a_prompt_help_reset_and_quit(seed_corpus: Path, tmp_path: Path) -> None:
    out = _run_in_terminal(
        [
            str(ARTICLEBOT),
            "chat",
            "--corpus",
            str(seed_corpus),
            "--index",
            str(tmp_path / "chat.idx"),
        ],
        b"/help\nWho is Mark Esper?\nWhat did he say?\n/reset\n/quit\n",
        tmp_path,
    )
    assert "you> " in out
    assert "/reset" in out and "/quit" in out  # the /help list
    assert "carried from earlier: mark esper" in out
    assert "(new conversation)" in out


def test_json_lines_hold_whatever_line_breaking_characters_a_question_has(chat: Run) -> None:
    # U+2028, U+2029 and NEL are legal inside a JSON string but Python's splitlines (and
    # older JavaScript) break lines on them: the object must still be one line for any reader.
    questions = ["Who is\u2028Ali Shamkhani?", "What did he\x85threaten?", "Iraq\u2029vote?"]
    result = chat(questions, "--json")
    assert result.returncode == 0, result.stderr
    got = objects(result)
    assert [o["question"] for o in got] == questions
