"""The project's own files agree: the Pythons the README promises are the ones tested and
declared, CI runs what the README and `make lint` name, and the README lists every setting."""

from __future__ import annotations

import ast
import re
import tomllib
from dataclasses import fields
from pathlib import Path

from bot.settings import Settings, env_name

REPO = Path(__file__).resolve().parent.parent


def _nox_pythons() -> list[str]:
    tree = ast.parse((REPO / "noxfile.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "PYTHONS" for t in node.targets
        ):
            return list(ast.literal_eval(node.value))
    raise AssertionError("noxfile.py defines no PYTHONS")


def test_the_readme_promises_the_pythons_that_nox_tests_and_pyproject_declares() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    promised = re.search(r"supports Python \*\*([\d., and]+)\*\*", readme)
    assert promised, "README.md states no supported Pythons"
    assert re.findall(r"3\.\d+", promised.group(1)) == _nox_pythons()
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = [
        c.rsplit(" :: ", 1)[1]
        for c in project["classifiers"]
        if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)
    ]
    assert declared == _nox_pythons()
    assert project["requires-python"] == f">={_nox_pythons()[0]}"


def test_ci_runs_the_readme_test_command_lint_and_the_newest_python() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    steps = [line for line in ci.splitlines() if line.startswith("make ")]
    assert steps == ["make test", "make lint", "make test-newest"]
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert f"NEWEST := {_nox_pythons()[-1]}" in makefile
    assert "make test" in (REPO / "README.md").read_text(encoding="utf-8")


def test_the_readme_configuration_table_lists_every_setting() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", readme, flags=re.M))
    example = (REPO / ".env.example").read_text(encoding="utf-8")
    documented = set(re.findall(r"^([A-Z][A-Z0-9_]+)=", example, flags=re.M))
    names = {env_name(f.name) for f in fields(Settings)}
    assert table == documented == names
