"""The ``index`` package: its public names load their modules only when used."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import index


def test_the_command_line_entry_loads_no_numpy_until_it_answers() -> None:
    code = "import sys, bot.cli, index; print('numpy' in sys.modules, index.QueryError.__name__)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "QueryError"]


@pytest.mark.parametrize("name", index.__all__)
def test_every_public_name_resolves_to_its_home_modules_object(name: str) -> None:
    value = getattr(index, name)
    assert value is getattr(sys.modules[index._HOMES[name]], name)


def test_the_public_names_are_exactly_the_lazy_table() -> None:
    assert sorted(index.__all__) == sorted(index._HOMES)


def test_an_unknown_package_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        _ = index.nothing  # type: ignore[attr-defined]


@pytest.mark.parametrize("args", [["--help"], ["ask", "--help"], ["summary", "--help"]])
def test_articlebot_help_imports_no_numpy(args: list[str]) -> None:
    code = (
        "import sys\nfrom bot.cli import main\ntry:\n    main(sys.argv[1:])\n"
        "except SystemExit:\n    pass\nprint('numpy' in sys.modules, 'nltk' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    )
    assert "usage" in done.stdout
    assert done.stdout.split()[-2:] == ["False", "False"]


def test_bot_imports_only_names_the_core_package_exports() -> None:
    bot = Path(__file__).resolve().parents[2] / "bot"
    offenders = []
    for path in sorted(bot.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("index."):
                offenders.append(f"{path.name}: from {node.module}")
            elif isinstance(node, ast.Import):
                offenders += [
                    f"{path.name}: {a.name}" for a in node.names if a.name.startswith("index.")
                ]
            elif isinstance(node, ast.ImportFrom) and node.module == "index":
                offenders += [
                    f"{path.name}: {a.name}" for a in node.names if a.name not in index.__all__
                ]
    assert offenders == []
