"""The ``index`` package: its public names load their modules only when used."""

from __future__ import annotations

import subprocess
import sys

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
