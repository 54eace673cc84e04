"""How the ``articlebot`` command is put together: static imports, shared options, one
int-range type, and a ``--help`` that loads no numpy."""

from __future__ import annotations

import argparse
import ast
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import index
from bot import cli
from bot.cli_options import SHARED, int_range

Run = Callable[..., "subprocess.CompletedProcess[str]"]
BOT = Path(cli.__file__).resolve().parent
HEAVY = ("numpy", "nltk", "rank_bm25", "discord", "rich", "pydantic")


def _modules_loaded_by(argv: list[str]) -> set[str]:
    """Top-level modules in ``sys.modules`` after the real ``main(argv)`` in a fresh Python."""
    code = (
        "import contextlib, io, json, sys\n"
        "from bot.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        f"    main({argv!r})\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return set(json.loads(result.stdout))


@pytest.mark.parametrize("argv", [["--help"], ["ask", "--help"], ["summary", "--help"]])
def test_help_loads_no_numpy_nor_any_heavy_library(argv: list[str]) -> None:
    loaded = _modules_loaded_by(argv)
    assert "bot" in loaded
    assert loaded.isdisjoint(HEAVY), sorted(loaded.intersection(HEAVY))


def test_a_cli_question_loads_no_discord_feedback_fetching_or_stemmer_library(
    seed_copy: Path, tmp_path: Path
) -> None:
    corpus, index = ["--corpus", str(seed_copy)], ["--index", str(tmp_path / "i.idx")]
    _modules_loaded_by(["index", *corpus, *index])  # built: the question only loads it
    loaded = _modules_loaded_by(["ask", "Who is Ali Shamkhani?", *corpus, *index])
    assert "numpy" in loaded  # the question was answered
    unneeded = {"sqlite3", "discord", "aiohttp", "trafilatura", "nltk"}  # not asyncio: settings
    assert loaded.isdisjoint(unneeded), sorted(loaded & unneeded)


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at any depth (``from bot import x`` gives ``bot.x``)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_command_modules_never_import_the_cli_module_nor_importlib() -> None:
    for path in sorted(BOT.glob("cli*.py")):
        imports = _imports(path)
        assert "importlib" not in imports, path.name
        if path.name != "cli.py":
            assert "bot.cli" not in imports, f"{path.name} imports back from bot.cli"


def test_every_command_module_is_registered() -> None:
    names = {p.stem for p in BOT.glob("cli_*.py")} - {"cli_options"}
    registered = {m.__name__.removeprefix("bot.") for m in cli.COMMAND_MODULES}
    assert registered == names


@pytest.mark.parametrize(
    ("text", "message"),
    [("0", "--n must be 1-5, got 0"), ("6", "--n must be 1-5, got 6"), ("two", "whole number")],
)
def test_int_range_refuses_what_is_outside_or_not_a_number(text: str, message: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match=message):
        int_range("--n", 1, 5)(text)


def test_int_range_takes_the_bounds_themselves() -> None:
    parse = int_range("--n", 2, 3)
    assert (parse("2"), parse(" 3 ")) == (2, 3)


def test_the_cli_imports_only_what_the_core_exports() -> None:
    for path in [*sorted(BOT.glob("cli*.py")), BOT / "context.py", BOT / "settings.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "index":
                assert {a.name for a in node.names} <= set(index.__all__), path.name
            elif isinstance(node, ast.ImportFrom):
                assert not (node.module or "").startswith("index."), (path.name, node.module)
            elif isinstance(node, ast.Import):
                assert not any(a.name.startswith("index.") for a in node.names), path.name


def test_every_shared_option_is_known_to_the_top_level_parser() -> None:
    parser = cli.build_parser()
    flags = {s for action in parser._actions for s in action.option_strings}
    assert {o.flag for o in SHARED} <= flags


def test_k_before_the_command_is_accepted(seed_copy: Path, run_cli: Run) -> None:
    before = run_cli("--k", "1", "ask", "Who is Ali Shamkhani?", "--json")
    after = run_cli("ask", "Who is Ali Shamkhani?", "--json", "--k", "1")
    assert before.returncode == 0, before.stderr
    assert len(json.loads(before.stdout)["answers"]) == 1
    assert before.stdout == after.stdout


def test_json_and_article_before_the_command_are_accepted(seed_copy: Path, run_cli: Run) -> None:
    article = next(seed_copy.glob("*.txt")).stem
    result = run_cli("--json", "--article", article, "search", "troops", "--k", "2")
    assert result.returncode == 0, result.stderr
    assert {a["article"]["id"] for a in json.loads(result.stdout)["answers"]} == {article}


def test_a_shared_option_a_command_does_not_use_is_a_usage_error(run_cli: Run) -> None:
    result = run_cli("--k", "2", "summary")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "articlebot: --k does not apply to `summary` (see `articlebot --help`)"
    )


def test_k_out_of_range_before_the_command_is_a_usage_error(run_cli: Run) -> None:
    result = run_cli("--k", "21", "ask", "x")
    assert result.returncode == 2
    assert "--k must be 1-20, got 21" in result.stderr
