"""CLI faults, run for real as subprocesses: a killed build, bad corpus files, hostile input,
and secrets that must never leak.

Every run is the installed ``articlebot`` script next to ``sys.executable``, in ``tmp_path``,
with ``--corpus``/``--index`` pointing into ``tmp_path``.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import tokenize
from dataclasses import asdict
from pathlib import Path

import pytest

from bot.settings import load_settings
from index.build import load_index
from index.errors import SettingsError
from tests.conftest import SEED_FILE

REPO = Path(__file__).resolve().parents[2]
SEED = SEED_FILE
ARTICLEBOT = Path(sys.executable).parent / "articlebot"
TOKEN = "abc.def.ghi"
TIMEOUT = 60


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ARTICLEBOT_", "DISCORD_"))}
    env.update(COLUMNS="200", NO_COLOR="1", PYTHONIOENCODING="utf-8")
    return env


def run(
    cwd: Path, *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [str(ARTICLEBOT), *args],
        cwd=cwd,
        input=stdin,
        env=env or _env(),
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )


def seed_corpus(root: Path) -> Path:
    folder = root / "corpus"
    folder.mkdir(exist_ok=True)
    (folder / SEED.name).write_bytes(SEED.read_bytes())
    return folder


def many_articles(root: Path, count: int = 3000) -> Path:
    """``count`` small generated articles of three paragraphs each."""
    folder = root / "many"
    folder.mkdir()
    for i in range(count):
        (folder / f"a{i:05d}.txt").write_text(
            f"Council meeting {i} on topic{i % 97}\n\n"
            f"The council of town{i} met on Monday to discuss budget item{i % 13}. "
            f"Officials said {i} residents attended.\n\n"
            f"A second paragraph mentions river{i % 31} and bridge{i % 7} repairs costing "
            f"{i * 10} pounds.\n\nThe mayor said the plan would be reviewed next year.\n\n"
            f"source: example{i % 5}.com\n",
            encoding="utf-8",
        )
    return folder


@pytest.fixture(scope="module", autouse=True)
def _installed() -> None:
    if not ARTICLEBOT.exists():
        pytest.fail(f"console script not installed at {ARTICLEBOT} (run `make venv`)")


# -- a build killed midway -------------------------------------------------------------------


def _temp_files(index: Path) -> list[Path]:
    return list(index.parent.glob(f".{index.name}.*.tmp"))


def _kill_build(tmp_path: Path, corpus: Path, index: Path, moment: str) -> bool:
    """Start ``articlebot index`` and SIGKILL it at ``moment``; True if it was still running."""
    proc = subprocess.Popen(
        [str(ARTICLEBOT), "index", "--corpus", str(corpus), "--index", str(index)],
        cwd=tmp_path,
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + (0.5 if moment == "mid-build" else TIMEOUT)
        while time.monotonic() < deadline and proc.poll() is None:
            if moment == "mid-write" and _temp_files(index):
                break
            time.sleep(0.0005)
        alive = proc.poll() is None
        if alive:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=TIMEOUT)
        return alive and proc.returncode == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.mark.parametrize("moment", ["mid-build", "mid-write"])
def test_a_build_killed_midway_leaves_the_previous_index_intact(
    tmp_path: Path, moment: str
) -> None:
    index = tmp_path / "idx" / "articlebot.idx"
    small = seed_corpus(tmp_path)
    first = run(tmp_path, "index", "--corpus", str(small), "--index", str(index))
    assert first.returncode == 0, first.stderr
    before = index.read_bytes()
    many = many_articles(tmp_path)

    killed = any(
        _kill_build(tmp_path, many, index, moment) for _ in range(3) if index.read_bytes() == before
    )
    if not killed:
        pytest.skip(f"the build finished before it could be killed {moment}")

    assert index.read_bytes() == before
    assert load_index(index).manifest["counts"]["articles"] == 1
    again = run(tmp_path, "index", "--corpus", str(many), "--index", str(index), "--json")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["articles"] == 3000
    asked = run(
        tmp_path,
        "ask",
        "What did the council of town42 discuss?",
        "--corpus",
        str(many),
        "--index",
        str(index),
        "--json",
        "--k",
        "1",
    )
    assert asked.returncode == 0, asked.stderr
    assert b"index rebuilt" not in asked.stderr
    assert json.loads(asked.stdout)["answers"][0]["article"]["id"] == "a00042"


# -- bad corpus files ------------------------------------------------------------------------


def test_an_undecodable_and_an_empty_file_are_skipped_and_named(tmp_path: Path) -> None:
    corpus = seed_corpus(tmp_path)
    (corpus / "good2.txt").write_text(
        "Koalas in Queensland\n\nKoala numbers fell by half.\n", encoding="utf-8"
    )
    (corpus / "latin1.txt").write_bytes("Caf\xe9 news\n\nThe caf\xe9 opened.\n".encode("latin-1"))
    (corpus / "empty.txt").write_bytes(b"")
    result = run(tmp_path, "index", "--corpus", str(corpus), "--index", "x.idx", "--json")
    assert result.returncode == 0, result.stderr
    stderr = result.stderr.decode()
    assert "Traceback" not in stderr
    assert "latin1.txt" in stderr and "not UTF-8" in stderr
    assert "empty.txt" in stderr and "empty" in stderr
    report = json.loads(result.stdout)
    assert report["articles"] == 2 and report["skipped"] == 2


# -- hostile input ---------------------------------------------------------------------------


def test_a_question_of_6000_characters_is_a_one_line_usage_error(tmp_path: Path) -> None:
    corpus = seed_corpus(tmp_path)
    result = run(tmp_path, "ask", "why " * 1500, "--corpus", str(corpus), "--index", "x.idx")
    assert result.returncode == 2
    assert result.stdout == b""
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("articlebot: "), lines
    assert "too long" in lines[0]


def test_binary_garbage_on_stdin_to_chat_json_is_no_traceback(tmp_path: Path) -> None:
    corpus = seed_corpus(tmp_path)
    garbage = bytes(range(256)) * 4 + b"\n\xff\xfe\x00\x80 Who is Ali Shamkhani?\n\xc3\x28\n"
    garbage += os.urandom(2000).replace(b"\n", b"") + b"\n" + b"x" * 6000 + b"\n"
    result = run(
        tmp_path, "chat", "--json", "--corpus", str(corpus), "--index", "x.idx", stdin=garbage
    )
    stderr = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr
    assert result.returncode in (0, 2), stderr  # 2: a piped line was rejected (too long)
    replies = [json.loads(line) for line in result.stdout.decode().splitlines()]
    answers = [a for a in replies if "error" not in a]
    assert answers, stderr
    assert all({"question", "query", "abstained", "answers"} <= set(a) for a in answers)
    assert [set(a) for a in replies if "error" in a] == [{"question", "error"}]  # the 6000
    assert any("Shamkhani" in a["answers"][0]["sentence"] for a in answers if a["answers"])


# -- secrets ---------------------------------------------------------------------------------


def test_the_discord_token_never_appears_in_settings_output() -> None:
    s = load_settings(env_file=None, discord_token=TOKEN)
    assert s.discord_token is not None and s.discord_token.get_secret_value() == TOKEN
    shown = [
        repr(s),
        str(s),
        f"{s}",
        json.dumps(asdict(s), default=str),
        str(asdict(s)),
        repr(s.discord_token),
        str(s.discord_token),
    ]
    for text in shown:
        assert TOKEN not in text
        assert "abc" not in text


def test_the_token_is_not_in_a_settings_error() -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(env_file=None, discord_token=TOKEN, top_k=99)
    assert TOKEN not in str(caught.value)
    assert TOKEN not in repr(caught.value.__cause__ or caught.value)


def test_the_token_is_not_printed_by_a_debug_run(tmp_path: Path) -> None:
    corpus = seed_corpus(tmp_path)
    env = {**_env(), "DISCORD_TOKEN": TOKEN, "ARTICLEBOT_TOP_K": "99"}
    bad = run(
        tmp_path,
        "ask",
        "Who is Ali Shamkhani?",
        "--corpus",
        str(corpus),
        "--index",
        "x.idx",
        env=env,
    )
    assert bad.returncode == 2
    env["ARTICLEBOT_TOP_K"] = "1"
    good = run(
        tmp_path,
        "--debug",
        "ask",
        "Who is Ali Shamkhani?",
        "--corpus",
        str(corpus),
        "--index",
        "x.idx",
        env=env,
    )
    assert good.returncode == 0, good.stderr
    for result in (bad, good):
        assert TOKEN.encode() not in result.stdout + result.stderr


# -- no code execution on a file-reading path ------------------------------------------------

FORBIDDEN_NAMES = {"pickle", "cPickle", "dill", "marshal", "shelve", "eval", "exec"}


def _code_uses(path: Path, root: Path = REPO) -> list[str]:
    """Forbidden names used as code (comments and strings, docstrings included, are words)."""
    found = []
    with path.open("rb") as f:
        tokens = list(tokenize.tokenize(f.readline))
    for i, tok in enumerate(tokens):
        if tok.type != tokenize.NAME:
            continue
        if tok.string in FORBIDDEN_NAMES or "pickle" in tok.string.casefold():
            after = tokens[i + 1].string if i + 1 < len(tokens) else ""
            value = tokens[i + 2].string if i + 2 < len(tokens) else ""
            if tok.string == "allow_pickle" and after == "=" and value == "False":
                continue
            found.append(f"{path.relative_to(root)}:{tok.start[0]}: {tok.string}")
    return found


def test_no_pickle_eval_exec_marshal_or_shelve_in_the_code() -> None:
    files = sorted([*REPO.joinpath("index").rglob("*.py"), *REPO.joinpath("bot").rglob("*.py")])
    assert len(files) > 10
    offences = [hit for f in files for hit in _code_uses(f)]
    assert offences == []


def test_the_checker_catches_code_but_not_words(tmp_path: Path) -> None:
    sample = REPO / "index" / "store.py"  # says "no pickle" in its docstring
    assert "pickle" in sample.read_text(encoding="utf-8")
    assert _code_uses(sample) == []
    bad = tmp_path / "bad.py"
    bad.write_text(
        '"""no pickle here."""\n# not eval( either\nimport pickle\n'
        'x = eval("1")\nimport numpy as np\nnp.load("f", allow_pickle=True)\n'
    )
    hits = _code_uses(bad, root=tmp_path)
    assert [h.split(": ")[1] for h in hits] == ["pickle", "eval", "allow_pickle"]
